"""App configuration."""

from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    """The archive of conflict coverage."""

    name = "archive"
    verbose_name = "Archive"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The search analysis protects the gazetteer's names; it reads them through the selectors.
        from . import selectors
        from .search import analysis

        analysis.load_gazetteer_with(selectors.gazetteer_from_database)

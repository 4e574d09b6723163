"""App configuration."""

from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    """The archive of conflict coverage."""

    name = "archive"
    verbose_name = "Archive"
    default_auto_field = "django.db.models.BigAutoField"

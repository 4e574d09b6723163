"""App configuration."""

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    """The archive of conflict coverage."""

    default = True  # not the sign-in attempts' config below, which this module also holds
    name = "archive"
    verbose_name = _("Archive")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The search analysis protects the gazetteer's names; it reads them through the selectors.
        from . import selectors
        from .search import analysis

        analysis.load_gazetteer_with(selectors.gazetteer_from_database)


class SignInAttemptsConfig(AxesAppConfig):
    """django-axes, named in the admin in the site's language (its own name is "Axes")."""

    verbose_name = _("Sign-in attempts")

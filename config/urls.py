"""Top-level URLs: the admin and the archive's public pages."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Conflict coverage archive")
admin.site.site_title = _("Archive administration")
admin.site.index_title = _("Archive administration")
admin.site.site_url = "/"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("archive.urls")),
]

# Requests past Django's upload limits are answered with the limit named, in the site's layout.
handler400 = "archive.views.bad_request"
# Under /api/ a missing address is a JSON error, like every other API answer.
handler404 = "archive.views.page_not_found"
handler500 = "archive.views.server_error"

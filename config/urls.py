"""Top-level URLs: the admin and the archive's public pages."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Conflict coverage archive"
admin.site.site_title = "Archive admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("archive.urls")),
]

# Requests past Django's upload limits are answered with the limit named, in the site's layout.
handler400 = "archive.views.bad_request"

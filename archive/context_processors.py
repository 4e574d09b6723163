"""What every page's layout needs: the navigation with the current section marked."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavigationItem:
    """A section of the site in the header: its address, its name, and whether the page
    shown is the section's own page ("page"), inside it ("true") or elsewhere ("")."""

    url: str
    label: str
    current: str


# (the section's page, the pages inside it, its name)
SECTIONS = (
    ("archive:home", (), _("Home")),
    ("archive:search", ("archive:concordance", "archive:compare"), _("Search")),
    ("archive:article-list", ("archive:article-detail",), _("Articles")),
    ("archive:actor-directory", ("archive:actor-detail", "archive:actor-concordance", "archive:actor-compare"), _("Actors")),
    ("archive:source-directory", ("archive:source-detail",), _("Sources")),
)
# Pages whose own search form comes first, so the header leaves its box out.
_OWN_SEARCH_BOX = {"archive:home", "archive:search", "archive:concordance", "archive:compare"}


def navigation(request):
    """`navigation` (the header's sections) and `header_search` (whether the header shows a
    search box)."""
    match = getattr(request, "resolver_match", None)
    shown = match.view_name if match else ""
    items = []
    for view_name, inside, label in SECTIONS:
        current = "page" if shown == view_name else "true" if shown in inside else ""
        items.append(NavigationItem(reverse(view_name), label, current))
    return {"navigation": items, "header_search": shown not in _OWN_SEARCH_BOX}

"""Atom feeds: the articles the archive added last, of any search (its words and filters), of
an actor and of a source. They are the archive's alerts: a researcher subscribes to one in any
feed reader and sees each article that reaches the archive and that the search finds, however
long ago it was published (an old report imported today is news to the reader).

Entries run in the order the archive added them, the latest first, FEED_ENTRIES at most. An
entry is published at the article's publication date (an undated article at the day the archive
added it, which its summary says) and updated when the archive added it.
"""

from dataclasses import dataclass, replace
from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from .models import Actor, Article, Source
from .searching import RETRY_AFTER_SECONDS, SearchError, search_run
from .selectors import actors_named, articles_found, articles_latest_added
from .text.calendars import day_label
from .text.highlight import snippet_html

# Entries in a feed: a reader polling daily sees every new article of all but the busiest feeds.
FEED_ENTRIES = 50
# Words of the article's opening in an entry's summary.
SUMMARY_WORDS = 60
# Parameters that place a page of results or order it; a feed is always the latest added first.
_NOT_THE_SEARCH = ("page", "page_size", "rank", "sort")


@dataclass(frozen=True)
class FeedSubject:
    """What a feed follows: its title and subtitle, the page it follows (path and query),
    its own address, and its articles the archive added last."""

    title: str
    subtitle: str
    link: str
    feed_url: str
    articles: list[Article] | QuerySet[Article]


class _SearchRefused(Exception):
    def __init__(self, error: SearchError):
        super().__init__(error.text)
        self.error = error


class ArticlesFeed(Feed):
    """An Atom feed of a FeedSubject's articles, in Arabic."""

    feed_type = Atom1Feed
    language = "ar"

    def title(self, subject: FeedSubject) -> str:
        return subject.title

    def subtitle(self, subject: FeedSubject) -> str:
        return subject.subtitle

    def link(self, subject: FeedSubject) -> str:
        return subject.link

    def feed_url(self, subject: FeedSubject) -> str:
        return subject.feed_url

    def author_name(self) -> str:
        # Atom wants an author for every entry; an article without a known outlet has the archive's.
        return _("Conflict coverage archive")

    def items(self, subject: FeedSubject):
        return subject.articles

    def item_title(self, article: Article) -> str:
        # Atom's title is text, not HTML: written as is (the XML writer escapes it).
        return article.title

    def item_link(self, article: Article) -> str:
        return article.get_absolute_url()

    def item_description(self, article: Article) -> str:
        passage = f"<p>{snippet_html(article.body, [], words=SUMMARY_WORDS)}</p>"
        if article.published_on is None:
            note = _("Publication date unknown: this entry is dated by the day the archive added the article.")
            return f"<p>{escape(note)}</p>{passage}"
        return passage

    def item_pubdate(self, article: Article) -> datetime:
        if article.published_on is None:
            return article.created_at
        return datetime.combine(article.published_on, time.min)

    def item_updateddate(self, article: Article) -> datetime:
        # What is new to the reader: when the archive added the article.
        return article.created_at

    def item_author_name(self, article: Article) -> str | None:
        return article.source.name if article.source else None

    def item_categories(self, article: Article) -> list[str]:
        return [mention.actor.name for mention in article.mentions.all()]


class SearchFeed(ArticlesFeed):
    """GET /search/feed.atom?…: the articles of a search (the search page's parameters, its
    order and page left aside) that the archive added last. A bad search is answered with its message in
    plain text and its status (400; 503 while the index is rebuilt), never an error page."""

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except _SearchRefused as refused:
            response = HttpResponse(refused.error.text, status=refused.error.status, content_type="text/plain; charset=utf-8")
            if refused.error.status == 503:
                response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response

    def get_object(self, request) -> FeedSubject:
        params = request.GET.copy()
        for name in _NOT_THE_SEARCH:
            params.pop(name, None)
        latest = search_run(params, lambda search: articles_found(request=replace(search, sort="added"), limit=FEED_ENTRIES))
        if latest.error:
            raise _SearchRefused(latest.error)
        described = search_description(latest.form.cleaned_data)
        archive = _("Conflict coverage archive")
        query = f"?{params.urlencode()}" if params else ""
        return FeedSubject(
            title=_("%(search)s — a search of the %(archive)s") % {"search": described, "archive": archive}
            if described
            else _("The newest articles of the %(archive)s") % {"archive": archive},
            subtitle=_("The articles this search finds, as the search page finds them, the latest added to the archive first."),
            link=reverse("archive:search") + query,
            feed_url=reverse("archive:search-feed") + query,
            articles=latest.found,
        )


def search_description(data: dict) -> str:
    """A search's words and filters in words, from its cleaned parameters: «قره باغ»،
    روسيا، الوفد، من 1 كانون الثاني/يناير 2020 (empty for no words and no filter)."""
    parts = [f"«{data['q']}»"] if data.get("q") else []
    names = actors_named(slugs=data.get("actor") or [])
    parts += [names.get(slug, slug) for slug in data.get("actor") or []]
    if data.get("source"):
        parts.append(get_object_or_404(Source, slug=data["source"]).name)
    if data.get("from"):
        parts.append(_("from %(day)s") % {"day": day_label(data["from"])})
    if data.get("to"):
        parts.append(_("to %(day)s") % {"day": day_label(data["to"])})
    return "، ".join(parts)


class ActorFeed(ArticlesFeed):
    """GET /actors/<slug>/feed.atom: the articles naming an actor the archive added last."""

    def get_object(self, request, slug: str) -> FeedSubject:
        actor = get_object_or_404(Actor, slug=slug)
        return FeedSubject(
            title=_("%(actor)s in the %(archive)s") % {"actor": actor.name, "archive": _("Conflict coverage archive")},
            subtitle=_("The newest articles naming %(actor)s.") % {"actor": actor.name},
            link=actor.get_absolute_url(),
            feed_url=reverse("archive:actor-feed", args=[actor.slug]),
            articles=articles_latest_added(actor=actor)[:FEED_ENTRIES],
        )


class SourceFeed(ArticlesFeed):
    """GET /sources/<slug>/feed.atom: the articles of a source the archive added last."""

    def get_object(self, request, slug: str) -> FeedSubject:
        source = get_object_or_404(Source, slug=slug)
        return FeedSubject(
            title=_("%(source)s in the %(archive)s") % {"source": source.name, "archive": _("Conflict coverage archive")},
            subtitle=_("The newest articles of %(source)s in the archive.") % {"source": source.name},
            link=source.get_absolute_url(),
            feed_url=reverse("archive:source-feed", args=[source.slug]),
            articles=articles_latest_added(source=source)[:FEED_ENTRIES],
        )

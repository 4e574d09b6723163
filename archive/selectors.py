"""Reads from the archive, shared by the pages and the commands."""

import calendar
from dataclasses import dataclass, field, replace

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.safestring import mark_safe
from haystack import connections

from .ingest import Parser, SourceDirectory, SourceName
from .models import Actor, ActorAlias, Article, BoilerplateMarker, Source
from .search.analysis import current_gazetteer, index_term_of
from .search.engine import (
    READER_ERRORS,
    SearchRequest,
    SearchUnavailable,
    forget_searcher,
    highlight_targets,
    search_articles,
    similar_articles,
)
from .text.actors import Alias, AliasRole, Gazetteer, normalize_alias
from .text.highlight import marked_html, matching_spans, snippet_html
from .text.page import recurring_lines
from .text.query import QuerySyntaxError, parse_query
from .text.segment import DEFAULT_MARKERS, Marker, MarkerKind, Segmenter

# How many of an outlet's latest articles are read for the lines its pages repeat, and how
# many it must have before any line counts as its boilerplate.
RECURRING_SAMPLE = 40
RECURRING_MIN_ARTICLES = 4


def articles_listing(*, actor: Actor | None = None, source: Source | None = None) -> QuerySet[Article]:
    """Articles newest first (undated last), optionally of one actor or one source."""
    articles = Article.objects.all()
    if actor is not None:
        articles = articles.filter(mentions__actor=actor)
    if source is not None:
        articles = articles.filter(source=source)
    return articles.with_listing_data().newest_first()


def articles_by_month(articles: QuerySet[Article]) -> list[dict]:
    """How many of `articles` were published each month, oldest month first (undated left out)."""
    return list(
        articles.order_by()
        .select_related(None)
        .prefetch_related(None)
        .exclude(published_on=None)
        .annotate(month=TruncMonth("published_on"))
        .values("month")
        .annotate(count=Count("id", distinct=True))
        .order_by("month")
    )


@dataclass
class SearchHit:
    """An article in a result list, with its highlighted passage (escaped HTML)."""

    article: Article
    snippet: str


@dataclass
class SearchPage:
    """A page of search results with the facets of the whole result set."""

    request: SearchRequest
    total: int
    hits: list[SearchHit]
    facets: dict[str, list[dict]]
    suggestion: str | None = None
    unmatched_words: list[str] = field(default_factory=list)
    highlight_terms: frozenset[str] = frozenset()
    highlight_actors: frozenset[str] = frozenset()
    ranking_cut_short: bool = False

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.request.page_size))


def _whoosh_index():
    backend = connections["default"].get_backend()
    if not backend.setup_complete:
        backend.setup()
    return backend.index.refresh()


def _on_index(read):
    """`read(index)`, renewing the searcher and trying once more when reading fails (the
    index was switched by a rebuild, or damaged); SearchUnavailable if it fails again."""
    try:
        return read(_whoosh_index())
    except READER_ERRORS:
        forget_searcher()
    try:
        return read(_whoosh_index())
    except READER_ERRORS as error:
        forget_searcher()
        raise SearchUnavailable("The search index cannot be read now; it is being rebuilt.") from error


def article_search(*, request: SearchRequest) -> SearchPage:
    """Search the archive; raises QuerySyntaxError/QueryHasNoTerms for queries it cannot run."""
    gazetteer = current_gazetteer()
    result = _on_index(lambda index: search_articles(index, request, gazetteer))
    articles = Article.objects.filter(pk__in=result.article_ids).with_listing_data().in_bulk()
    highlighter = Highlighter(result.highlight_terms, result.highlight_actors)
    hits = [SearchHit(articles[pk], mark_safe(highlighter.snippet(articles[pk].body))) for pk in result.article_ids if pk in articles]
    return SearchPage(
        request=request,
        total=result.total,
        hits=hits,
        facets=_facet_labels(result.facets),
        suggestion=result.suggestion,
        unmatched_words=result.unmatched_words,
        highlight_terms=result.highlight_terms,
        highlight_actors=result.highlight_actors,
        ranking_cut_short=result.ranking_cut_short,
    )


def articles_found(*, request: SearchRequest, limit: int) -> list[Article]:
    """Every article a search finds, up to `limit`, in result order, without facets or
    snippets (for exports)."""
    everything = replace(request, page=1, page_size=limit, with_facets=False)
    gazetteer = current_gazetteer()
    result = _on_index(lambda index: search_articles(index, everything, gazetteer))
    found = Article.objects.filter(pk__in=result.article_ids).with_listing_data().in_bulk()
    return [found[pk] for pk in result.article_ids if pk in found]


class Highlighter:
    """Marks the words a search matched (and the matched actors' names) in article text."""

    def __init__(self, terms: frozenset[str], actors: frozenset[str]):
        self.terms, self.actors = terms, actors
        # One look-up function for every article the highlighter marks.
        self.term_of = index_term_of()

    def spans(self, text: str) -> list[tuple[int, int]]:
        if not self.terms and not self.actors:
            return []
        mentions = [(m.start, m.end) for m in current_gazetteer().find(text) if m.actor in self.actors] if self.actors else []
        return matching_spans(text, terms=self.terms, term_of=self.term_of, extra=mentions)

    def snippet(self, text: str) -> str:
        return snippet_html(text, self.spans(text))

    def paragraphs(self, text: str) -> list[str]:
        """The text's paragraphs as safe HTML, matches marked."""
        return [
            mark_safe(marked_html(paragraph, self.spans(paragraph))) for paragraph in text.split("\n\n") if paragraph.strip()
        ]


def highlighter_for(text: str) -> Highlighter:
    """A highlighter for the words of search box text; it marks nothing if the text is no query."""
    try:
        parsed = parse_query(text)
    except QuerySyntaxError:
        return Highlighter(frozenset(), frozenset())
    gazetteer = current_gazetteer()
    try:
        terms, actors = _on_index(lambda index: highlight_targets(index, parsed, gazetteer))
    except SearchUnavailable:
        return Highlighter(frozenset(), frozenset())  # the article is shown unmarked
    return Highlighter(terms, actors)


def article_similar(*, article: Article, limit: int = 5) -> list[Article]:
    """The articles most like `article`, most similar first (none while the index cannot be read)."""
    text = f"{article.title}\n{article.body}"
    try:
        ids = _on_index(lambda index: similar_articles(index, article.pk, text, limit=limit))
    except SearchUnavailable:
        return []
    found = Article.objects.filter(pk__in=ids).with_listing_data().in_bulk()
    return [found[pk] for pk in ids if pk in found]


def _facet_labels(facets: dict[str, list[tuple[str, int]]]) -> dict[str, list[dict]]:
    actors = {a.slug: a for a in Actor.objects.filter(slug__in=[slug for slug, _ in facets["actors"]])}
    sources = {s.slug: s for s in Source.objects.filter(slug__in=[slug for slug, _ in facets["sources"]])}
    return {
        "actors": [
            {"slug": slug, "name": actors[slug].name, "name_en": actors[slug].name_en, "count": count}
            for slug, count in facets["actors"]
            if slug in actors
        ],
        "sources": [
            {"slug": slug, "name": sources[slug].name, "count": count} for slug, count in facets["sources"] if slug in sources
        ],
        "months": [{"month": month, "count": count, **_month_bounds(month)} for month, count in facets["months"]],
    }


def _month_bounds(month: str) -> dict[str, str]:
    """The first and last day of a YYYY-MM month, for a date filter."""
    year, number = map(int, month.split("-"))
    last = calendar.monthrange(year, number)[1]
    return {"first_day": f"{month}-01", "last_day": f"{month}-{last:02d}"}


def actors_matching(*, text: str, limit: int = 50) -> QuerySet[Actor]:
    """Actors whose canonical name, English name or any alias matches `text` (normalised)."""
    actors = Actor.objects.annotate(article_count=Count("mentions", distinct=True)).prefetch_related("aliases")
    text = text.strip()
    if text:
        norm = normalize_alias(text)
        actors = actors.filter(
            Q(name__icontains=text) | Q(name_en__icontains=text) | Q(slug__icontains=text) | Q(aliases__normalized__contains=norm)
        ).distinct()
    return actors.order_by("-article_count", "name_en")[:limit]


def sources_recurring_lines() -> dict[str, frozenset[str]]:
    """For each source with enough articles, the lines its uploads repeat from page to page
    (menus, slogans, notices), read from the originals of its latest articles."""
    found = {}
    slugs = (
        Source.objects.annotate(total=Count("articles"))
        .filter(total__gte=RECURRING_MIN_ARTICLES)
        .values_list("slug", flat=True)
    )
    for slug in slugs:
        originals = Article.objects.filter(source__slug=slug).order_by("-id").values_list("original_text", flat=True)
        lines = recurring_lines(list(originals[:RECURRING_SAMPLE]))
        if lines:
            found[slug] = lines
    return found


# What the parser knows: the gazetteer, the outlets, the markers -------------------------


def parser_from_database() -> Parser:
    """A parser that knows the current gazetteer, sources and boilerplate markers."""
    return Parser(
        gazetteer=gazetteer_from_database(),
        sources=source_directory(),
        segmenter=_segmenter(),
        recurring=sources_recurring_lines(),
    )


def gazetteer_from_database() -> Gazetteer:
    """The actor gazetteer as the database holds it now."""
    person = Actor.Kind.PERSON.value
    aliases = [Alias(slug, name, transliterated=kind == person) for slug, name, kind in Actor.objects.values_list("slug", "name", "kind")]
    aliases += [
        Alias(slug, text, AliasRole(role), kind == person)
        for slug, text, role, kind in ActorAlias.objects.values_list("actor__slug", "text", "role", "actor__kind")
    ]
    return Gazetteer(aliases)


def source_directory() -> SourceDirectory:
    return SourceDirectory(
        [
            SourceName(
                source.slug,
                source.name,
                tuple(filter(None, [source.name_en, *source.alias_list])),
                tuple(source.domain_list),
            )
            for source in Source.objects.all()
        ]
    )


def _segmenter() -> Segmenter:
    extra = [
        Marker(marker.pattern, MarkerKind(marker.kind), marker.whole_line)
        for marker in BoilerplateMarker.objects.filter(is_active=True)
    ]
    return Segmenter(tuple(extra) + DEFAULT_MARKERS)

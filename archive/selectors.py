"""Reads from the archive, shared by the pages and the commands."""

import calendar
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils.safestring import mark_safe
from haystack import connections

from .ingest import Parser, SourceDirectory, SourceName
from .models import Actor, ActorAlias, Article, BoilerplateMarker, Mention, Source, Story
from .search.analysis import current_gazetteer, index_term_of
from .search.engine import (
    READER_ERRORS,
    PAGE_SIZE,
    SearchRequest,
    SearchUnavailable,
    forget_searcher,
    highlight_targets,
    search_articles,
    similar_articles,
)
from .text.actors import Alias, AliasRole, Gazetteer, normalize_alias
from .text.concordance import ConcordanceLine, concordance_lines
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


def article_duplicate_of(*, checksum_hex: str, fingerprint: str, source: Source | None) -> Article | None:
    """The archived article an upload would repeat, if any: the same bytes, or the same
    normalised body from the same outlet. An upload naming no outlet repeats any article
    with its body. The same body from another outlet is that outlet's copy of the story,
    kept beside the first (a republication, `services.stories`)."""
    same_upload = Article.objects.filter(checksum=checksum_hex).first()
    if same_upload is not None:
        return same_upload
    same_text = Article.objects.filter(body_fingerprint=fingerprint)
    return (same_text.filter(source=source) if source is not None else same_text).first()


def source_named(*, name: str, slug: str | None = None) -> Source | None:
    """The outlet the archive knows as `slug`, else by the name written as `name` (any of its
    names, aliases or domains), if any."""
    if slug:
        found = Source.objects.filter(slug=slug).first()
        if found:
            return found
    known = source_directory().lookup(" ".join(name.split())) if name.strip() else None
    return Source.objects.filter(slug=known.slug).first() if known else None


@dataclass(frozen=True)
class UploadCopies:
    """What the archive already holds of an upload: the article it would repeat (refused),
    or the other outlets' articles with its text (it joins their story)."""

    duplicate: Article | None
    elsewhere: list[Article]


# Other outlets' copies of a text an upload's review names.
COPIES_SHOWN = 5


def upload_copies(*, checksum_hex: str, fingerprint: str, source_name: str, source_slug: str | None) -> UploadCopies:
    """The copies of an upload under review, for the outlet it names as saving it would
    resolve it (by slug, else by name; a name the archive lacks is a new outlet)."""
    name = " ".join(source_name.split())
    source = source_named(name=name, slug=source_slug) or (Source(name=name) if name else None)
    if source is not None and source.pk is None:
        duplicate = Article.objects.filter(checksum=checksum_hex).first()
    else:
        duplicate = article_duplicate_of(checksum_hex=checksum_hex, fingerprint=fingerprint, source=source)
    if duplicate is not None or source is None:
        return UploadCopies(duplicate, [])
    same_text = Article.objects.filter(body_fingerprint=fingerprint).select_related("source").order_by("pk")
    if source.pk is not None:
        same_text = same_text.exclude(source=source)
    return UploadCopies(None, list(same_text[:COPIES_SHOWN]))


def articles_latest_added(*, actor: Actor | None = None, source: Source | None = None) -> QuerySet[Article]:
    """Articles (optionally of one actor or one source), the one the archive added last first."""
    return articles_listing(actor=actor, source=source).order_by("-pk")


def articles_by_day(articles: QuerySet[Article]) -> tuple[dict[date, int], int]:
    """How many of `articles` were published each day, and how many have no date."""
    plain = articles.order_by().select_related(None).prefetch_related(None)
    rows = plain.exclude(published_on=None).values("published_on").annotate(count=Count("id", distinct=True))
    counts = {row["published_on"]: row["count"] for row in rows}
    return counts, plain.filter(published_on=None).values("id").distinct().count()


@dataclass(frozen=True)
class Overview:
    """What the archive holds: counts, the span of its dates, its coverage by day."""

    articles: int
    sources: int
    actors: int
    first_day: date | None
    last_day: date | None
    day_counts: dict[date, int]
    undated: int


def archive_overview() -> Overview:
    """Counts of articles, sources and actors named in them, and the dates' span and spread."""
    day_counts, undated = articles_by_day(Article.objects.all())
    return Overview(
        articles=Article.objects.count(),
        sources=Source.objects.filter(articles__isnull=False).distinct().count(),
        actors=Actor.objects.filter(mentions__isnull=False).distinct().count(),
        first_day=min(day_counts, default=None),
        last_day=max(day_counts, default=None),
        day_counts=day_counts,
        undated=undated,
    )


def actors_most_mentioned(*, limit: int = 12) -> list[Actor]:
    """The actors named in the most articles, with `article_count`."""
    return list(
        Actor.objects.annotate(article_count=Count("mentions__article", distinct=True))
        .filter(article_count__gt=0)
        .order_by("-article_count", "name")[:limit]
    )


def actors_directory(*, text: str = "") -> dict[str, list[Actor]]:
    """Every actor (or those `text` names in any spelling) by kind, in the order of
    Actor.Kind, most mentioned first, each with `article_count`."""
    grouped: dict[str, list[Actor]] = {kind: [] for kind in Actor.Kind.values}
    for actor in actors_matching(text=text, limit=None).order_by("-article_count", "name"):
        grouped[actor.kind].append(actor)
    return {kind: actors for kind, actors in grouped.items() if actors}


def sources_directory() -> QuerySet[Source]:
    """Every source with its `article_count` and the span of its articles' dates
    (`first_day`, `last_day`), most articles first."""
    return Source.objects.annotate(
        article_count=Count("articles", distinct=True),
        first_day=Min("articles__published_on"),
        last_day=Max("articles__published_on"),
    ).order_by("-article_count", "name")


def story_articles(*, story: Story) -> list[Article]:
    """A story's articles, the first published first (undated last, then as added)."""
    return list(story.articles.first_published_first())


def article_republications(*, article: Article) -> list[Article]:
    """The other articles of `article`'s story, the first published first."""
    if article.story_id is None:
        return []
    return [other for other in story_articles(story=article.story) if other.pk != article.pk]


def stories_listing(*, page) -> Page:
    """A page (`page` as a link gives it; past the end: the last) of the stories, the latest
    found first, each with `ordered`: its articles, the first published first."""
    paginator = Paginator(Story.objects.order_by("-pk"), PAGE_SIZE)
    found = paginator.get_page(page)
    members: dict[int, list[Article]] = {}
    for article in Article.objects.filter(story__in=[story.pk for story in found.object_list]).first_published_first():
        members.setdefault(article.story_id, []).append(article)
    for story in found.object_list:
        story.ordered = members.get(story.pk, [])
    return found


@dataclass(frozen=True)
class CoMention:
    """Another actor named in articles that name this one, and in how many."""

    actor: Actor
    count: int


def actor_co_mentions(*, actor: Actor, limit: int = 15) -> list[CoMention]:
    """The actors most often named in the same articles as `actor`, most shared articles first."""
    rows = (
        Mention.objects.filter(article__mentions__actor=actor)
        .exclude(actor=actor)
        .values("actor")
        .annotate(count=Count("article", distinct=True))
        .order_by("-count", "actor__name")[:limit]
    )
    actors = Actor.objects.in_bulk([row["actor"] for row in rows])
    return [CoMention(actors[row["actor"]], row["count"]) for row in rows]


@dataclass
class SearchHit:
    """An article in a result list, with its highlighted passage (escaped HTML) and its
    rank in the whole list (from 1)."""

    article: Article
    snippet: str
    rank: int
    # Collapsed by story: how many of the results this hit stands for.
    group_size: int = 1


@dataclass
class SearchPage:
    """A page of search results with the facets of the whole result set."""

    request: SearchRequest
    total: int
    hits: list[SearchHit]
    facets: dict[str, list[dict]]
    suggestion: str | None = None
    unmatched_words: list[str] = field(default_factory=list)
    # Words no article writes so, found as spellings of actors: (word, the actors' names).
    words_through_actors: list[tuple[str, list[str]]] = field(default_factory=list)
    highlight_terms: frozenset[str] = frozenset()
    highlight_actors: frozenset[str] = frozenset()
    ranking_cut_short: bool = False
    # The articles found: `total` unless collapsed by story, when `total` counts the hits.
    articles_total: int = 0

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.request.page_size))

    @property
    def day_counts(self) -> dict[date, int]:
        """How many of the results were published each day."""
        return {date.fromisoformat(facet["day"]): facet["count"] for facet in self.facets["days"]}

    @property
    def undated(self) -> int:
        """How many of the articles found have no date."""
        return self.articles_total - sum(facet["count"] for facet in self.facets["days"])


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
    first_rank = (max(request.page, 1) - 1) * request.page_size + 1
    sizes = result.group_sizes or [1] * len(result.article_ids)
    hits = [
        SearchHit(articles[pk], mark_safe(highlighter.snippet(articles[pk].body)), first_rank + position, size)
        for position, (pk, size) in enumerate(zip(result.article_ids, sizes))
        if pk in articles
    ]
    return SearchPage(
        request=request,
        total=result.total,
        hits=hits,
        facets=_facet_labels(result.facets),
        suggestion=result.suggestion,
        unmatched_words=result.unmatched_words,
        words_through_actors=_with_actor_names(result.words_through_actors),
        highlight_terms=result.highlight_terms,
        highlight_actors=result.highlight_actors,
        ranking_cut_short=result.ranking_cut_short,
        articles_total=result.articles,
    )


def _with_actor_names(words: list[tuple[str, tuple[str, ...]]]) -> list[tuple[str, list[str]]]:
    if not words:
        return []
    names = dict(Actor.objects.filter(slug__in={slug for _, slugs in words for slug in slugs}).values_list("slug", "name"))
    return [(word, [names[slug] for slug in slugs if slug in names]) for word, slugs in words]


@dataclass(frozen=True)
class SearchNeighbours:
    """The hits before and after one in a result list, and the result page holding it."""

    previous: Article | None
    next: Article | None
    page: int


def search_neighbours(*, request: SearchRequest, rank: int) -> SearchNeighbours:
    """The articles ranked just before and after `rank` (from 1) in `request`'s results."""
    ranks = [r for r in (rank - 1, rank + 1) if r >= 1]
    ids = {}
    for number in ranks:
        single = replace(request, page=number, page_size=1, with_facets=False)
        found = _on_index(lambda index, single=single: search_articles(index, single, current_gazetteer()))
        if found.article_ids:
            ids[number] = found.article_ids[0]
    articles = Article.objects.in_bulk(ids.values())
    return SearchNeighbours(
        previous=articles.get(ids.get(rank - 1)),
        next=articles.get(ids.get(rank + 1)),
        page=(rank - 1) // request.page_size + 1,
    )


def articles_found(*, request: SearchRequest, limit: int) -> list[Article]:
    """Every article a search finds, up to `limit`, in result order, without facets or
    snippets (for the feeds)."""
    everything = replace(request, page=1, page_size=limit, with_facets=False)
    gazetteer = current_gazetteer()
    result = _on_index(lambda index: search_articles(index, everything, gazetteer))
    found = Article.objects.filter(pk__in=result.article_ids).with_listing_data().in_bulk()
    return [found[pk] for pk in result.article_ids if pk in found]


@dataclass(frozen=True)
class FoundIds:
    """How many articles a search finds, and the ids of the first of them in result order."""

    total: int
    ids: list[int]


def article_ids_found(*, request: SearchRequest, limit: int | None = None) -> FoundIds:
    """The total of a search and the ids of its results in result order (the first `limit`,
    or all), without facets, snippets or articles: an export reads the articles a chunk at a
    time (`articles_by_ids`). When ranking reaches its time limit, the matches it did not
    rank follow the ranked ones, newest first, so that the ids hold every result counted.
    A search finding more than `limit` gives its total and no ids, without ranking them."""
    gazetteer = current_gazetteer()
    if limit is not None:
        counted = replace(request, page=1, page_size=1, with_facets=False)
        total = _on_index(lambda index: search_articles(index, counted, gazetteer)).total
        if total > limit:
            return FoundIds(total, [])
    everything = replace(request, page=1, page_size=limit or sys.maxsize, with_facets=False)
    result = _on_index(lambda index: search_articles(index, everything, gazetteer))
    ids = result.article_ids
    wanted = result.total if limit is None else min(limit, result.total)
    if len(ids) < wanted:
        by_date = replace(everything, sort="newest")
        ranked = set(ids)
        newest = _on_index(lambda index: search_articles(index, by_date, gazetteer)).article_ids
        ids = (ids + [pk for pk in newest if pk not in ranked])[:wanted]
    return FoundIds(result.total, ids)


def articles_by_ids(*, ids: list[int], chunk_size: int = 500) -> Iterator[Article]:
    """The articles of `ids` in that order, with their source and actors, read `chunk_size`
    at a time, the original upload left out, so that memory holds one chunk whatever the
    number of ids (an id whose article is gone is skipped)."""
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start : start + chunk_size]
        found = Article.objects.filter(pk__in=chunk).with_listing_data().in_bulk()
        yield from (found[pk] for pk in chunk if pk in found)


def article_ids_newest_first() -> list[int]:
    """The id of every article in the database, newest first (undated last): the whole
    archive as the database holds it, whatever the search index's state."""
    return list(Article.objects.newest_first().values_list("pk", flat=True))


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
        "days": [{"day": day, "count": count} for day, count in facets["days"]],
    }


def _month_bounds(month: str) -> dict[str, str]:
    """The first and last day of a YYYY-MM month, for a date filter."""
    year, number = map(int, month.split("-"))
    last = calendar.monthrange(year, number)[1]
    return {"first_day": f"{month}-01", "last_day": f"{month}-{last:02d}"}


def actors_matching(*, text: str, limit: int | None = 50) -> QuerySet[Actor]:
    """Actors whose canonical name, English name or any alias matches `text` (normalised),
    or whose name `text` writes in a variant the gazetteer finds in articles; most mentioned
    first; every one when `limit` is None."""
    actors = Actor.objects.annotate(article_count=Count("mentions", distinct=True)).prefetch_related("aliases")
    text = text.strip()
    if text:
        norm = normalize_alias(text)
        # Canonical names have no normalised column; there are few enough actors to compare here.
        named = [pk for pk, name in Actor.objects.values_list("pk", "name") if norm in normalize_alias(name)]
        # A whole name written as the archive also finds it in articles (a long vowel more or
        # fewer, g written ج/غ/ك/ق): the gazetteer's own matching.
        spelled = {match.actor for match in current_gazetteer().find(text)}
        actors = actors.filter(
            Q(pk__in=named)
            | Q(slug__in=spelled)
            | Q(name_en__icontains=text)
            | Q(slug__icontains=text)
            | Q(aliases__normalized__contains=norm)
        ).distinct()
    actors = actors.order_by("-article_count", "name_en")
    return actors if limit is None else actors[:limit]


# The last answer of sources_recurring_lines, with the state of the articles it was read from.
_recurring_memo: tuple[tuple, dict[str, frozenset[str]]] | None = None


def sources_recurring_lines() -> dict[str, frozenset[str]]:
    """For each source with enough articles, the lines its uploads repeat from page to page
    (menus, slogans, notices), read from the originals of its latest articles.

    Reading them costs a scan of every outlet's latest originals, and each upload asks; the
    answer is kept in this process until an article is added, removed or changed (its
    count, last id or last change then differ)."""
    global _recurring_memo
    stamp = tuple(Article.objects.aggregate(Count("id"), Max("id"), Max("updated_at")).values())
    if _recurring_memo is not None and _recurring_memo[0] == stamp:
        return _recurring_memo[1]
    found = _recurring_lines_read()
    _recurring_memo = (stamp, found)
    return found


def _recurring_lines_read() -> dict[str, frozenset[str]]:
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


def actors_named(*, slugs: list[str]) -> dict[str, str]:
    """The Arabic names of the actors with these slugs."""
    return dict(Actor.objects.filter(slug__in=slugs).values_list("slug", "name"))


# Keyword in context, and outlets compared ---------------------------------------------

# The most lines a concordance gives for one request (its page, its export, its API): past a
# few hundred lines a reader narrows the search (dates, an outlet) rather than scrolls, and
# reading them stays well under a second. At most as many articles are read for them, so a
# search whose articles hold no line (tagged by hand) stops as soon. The page says when the
# bound is reached.
CONCORDANCE_MAX_LINES = 500
# Articles read from the index, then the database, at a time while lines are gathered.
CONCORDANCE_BATCH = 100
# A concordance's orders: newest or oldest first, or by outlet (its name, then newest first).
CONCORDANCE_SORTS = ("newest", "oldest", "outlet")
# Outlets a comparison sets side by side, most hits first (beyond a dozen small timelines the
# eye stops comparing them; the rest are counted), and the actors listed under each.
COMPARE_MAX_OUTLETS = 12
COMPARE_TOP_ACTORS = 8


@dataclass(frozen=True)
class ConcordanceEntry:
    """One line of a concordance and the article it comes from (with its source)."""

    article: Article
    line: ConcordanceLine


@dataclass(frozen=True)
class Concordance:
    """A search's concordance lines in their order; `articles_found` is the search's total,
    `articles_read` how many of them were read for lines, and `cut_short` says the bound was
    reached before every article was read."""

    entries: list[ConcordanceEntry]
    sort: str
    articles_found: int
    articles_read: int
    cut_short: bool


def concordance_of_search(*, request: SearchRequest, limit: int = CONCORDANCE_MAX_LINES) -> Concordance:
    """Each place the articles a search finds write its keywords, with the words around it:
    its words and the actors they name, as the search page marks them; for a search of actors
    alone, every spelling of those actors (an article tagged by hand that never names one has
    no line). The articles are read newest first (oldest first for sort "oldest") up to
    `limit` lines or articles; sort "outlet" then orders the lines by outlet name (articles
    without one last), newest first within each. Raises what `article_search` raises."""
    gazetteer = current_gazetteer()
    by_date = replace(request, sort="oldest" if request.sort == "oldest" else "newest", page_size=CONCORDANCE_BATCH, with_facets=False)
    entries: list[ConcordanceEntry] = []
    highlighter, total, read, page, dropped = None, 0, 0, 1, False
    while len(entries) < limit and read < limit:
        batch = replace(by_date, page=page)
        result = _on_index(lambda index, batch=batch: search_articles(index, batch, gazetteer))
        if highlighter is None:
            total = result.total
            if request.query is None:
                highlighter = Highlighter(frozenset(), frozenset(request.actors))
            else:
                highlighter = Highlighter(result.highlight_terms, result.highlight_actors)
        articles = Article.objects.filter(pk__in=result.article_ids).select_related("source").defer("original_text").in_bulk()
        for pk in result.article_ids[: limit - read]:
            read += 1
            if pk in articles:
                lines = concordance_lines(articles[pk].body, highlighter.spans(articles[pk].body))
                dropped = len(lines) > limit - len(entries)
                entries += [ConcordanceEntry(articles[pk], line) for line in lines[: limit - len(entries)]]
                if len(entries) == limit:
                    break
        if len(result.article_ids) < CONCORDANCE_BATCH:
            break
        page += 1
    if request.sort == "outlet":
        # Stable: the lines of an outlet keep their newest-first order.
        entries.sort(key=lambda entry: (entry.article.source is None, entry.article.source.name if entry.article.source else ""))
    return Concordance(entries, request.sort, total, read, cut_short=dropped or read < total)


@dataclass(frozen=True)
class OutletCoverage:
    """An outlet's share of a search: its articles, by day (`undated` apart) and by month
    (YYYY-MM, count), and the actors it names most in them besides the search's own."""

    source: Source
    total: int
    day_counts: dict[date, int]
    undated: int
    months: list[tuple[str, int]]
    co_mentions: list[CoMention]


@dataclass(frozen=True)
class OutletComparison:
    """A search's articles outlet by outlet, most first: `outlets` holds the first of the
    `outlets_found` outlets with articles; `without_outlet` articles have no source."""

    total: int
    outlets: list[OutletCoverage]
    outlets_found: int
    without_outlet: int


def outlets_compared(
    *, request: SearchRequest, limit: int = COMPARE_MAX_OUTLETS, top_actors: int = COMPARE_TOP_ACTORS
) -> OutletComparison:
    """How each outlet covers a search: for the `limit` outlets with most articles, their
    counts by day and month, and the `top_actors` actors named in most of their articles,
    leaving out the actors the search is about (its actor filters and the actors its words
    name). Raises what `article_search` raises."""
    gazetteer = current_gazetteer()
    # Articles are counted, not stories: each outlet's copy of a story is its own coverage.
    counted = replace(request, sort="newest", page=1, page_size=1, with_facets=True, collapse=False)
    whole = _on_index(lambda index: search_articles(index, counted, gazetteer))
    searched = set(request.actors) | whole.highlight_actors
    by_outlet = {}
    for slug, _ in whole.facets["sources"][:limit]:
        outlet = replace(counted, source=slug)
        by_outlet[slug] = _on_index(lambda index, outlet=outlet: search_articles(index, outlet, gazetteer))
    sources = Source.objects.in_bulk(list(by_outlet), field_name="slug")
    named = {
        slug: [(actor, count) for actor, count in found.facets["actors"] if actor not in searched][:top_actors]
        for slug, found in by_outlet.items()
    }
    actor_rows = Actor.objects.in_bulk({actor for pairs in named.values() for actor, _ in pairs}, field_name="slug")
    outlets = []
    for slug, found in by_outlet.items():
        if slug not in sources:
            continue
        day_counts = {date.fromisoformat(day): count for day, count in found.facets["days"]}
        outlets.append(
            OutletCoverage(
                source=sources[slug],
                total=found.total,
                day_counts=day_counts,
                undated=found.total - sum(day_counts.values()),
                months=list(found.facets["months"]),
                co_mentions=[CoMention(actor_rows[actor], count) for actor, count in named[slug] if actor in actor_rows],
            )
        )
    with_outlet = sum(count for _, count in whole.facets["sources"])
    return OutletComparison(whole.total, outlets, len(whole.facets["sources"]), whole.total - with_outlet)

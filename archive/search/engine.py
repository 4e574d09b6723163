"""Article search on the embedded Whoosh index, with Arabic-aware query building.

A parsed query (`archive.text.query`) becomes Whoosh query objects here:

- each word is analysed like the index (normalised, stop words dropped, light-stemmed) and
  expanded into the proclitic forms the index actually holds (صواريخ -> بصواريخ، لصواريخ),
  so a word typed with or without a prefix finds the same articles;
- a phrase becomes a sequence of such expansions, word after word;
- words that name an actor in any spelling also match the articles tagged with that
  actor, so قره باغ finds the articles that only say كاراباخ;
- filters (actors, source, dates), facets over the whole result set and date order come
  from an `ArticleTable` read once per index generation (see `table.py`).

The searcher and its table are kept between requests and renewed when the index changed.
"""

import math
import os
from collections.abc import Iterable
from itertools import islice
import re
import struct
import threading
import time
from dataclasses import dataclass, field
from datetime import date

from whoosh import query as wq
from whoosh.collectors import FilterCollector, TimeLimit, TimeLimitCollector
from whoosh.index import IndexError as WhooshIndexError
from whoosh.reading import ReaderClosed

from archive.text.actors import Gazetteer
from archive.text.messages import UserError, gettext_noop
from archive.text.normalize import normalize
from archive.text.query import AnyOf, ParsedQuery, Phrase, Word
from archive.text.stem import proclitic_variants
from archive.text.tokenize import Token, normalize_word
from archive.text.tokenize import tokenize as split_words

from .analysis import index_term_of
from .table import ACTORS_FIELD, ArticleTable, Filters

TEXT_FIELD = "text"
# The same words as written, unstemmed: no positions, for ranking the typed form first.
SURFACE_FIELD = "surface"
# The weight of a match on the form typed beside one on its stem, in ranking.
SURFACE_WEIGHT = 8.0
# The weight of an article holding every word of the query as typed.
ALL_WRITTEN_WEIGHT = 20.0
# "Similar" ranks this many articles that share the most distinctive words, by their words
# (against the best), the actors they share (Jaccard) and their distance in days (halving
# about every 5 days: exp(-days / 7)), weighted so.
SIMILAR_CANDIDATES = 40
SIMILAR_WORDS_WEIGHT = 0.5
SIMILAR_ACTORS_WEIGHT = 0.25
SIMILAR_TIME_WEIGHT = 0.25
SIMILAR_TIME_SCALE_DAYS = 7.0
# The weight of a query word's forms behind another proclitic (or without its own) beside
# the form typed, in ranking.
RELATIVE_FORM_WEIGHT = 0.5
FACET_NAMES = ("actors", "sources", "months", "days")
# Hits on a page of results, and articles on a page of any listing.
PAGE_SIZE = 20
# Relevance, publication date either way, or the articles the archive added last first.
SORTS = ("relevance", "newest", "oldest", "added")
# A misspelt word is corrected to an index term at most this many edits away ...
SUGGESTION_MAX_EDITS = 2
# ... among the terms that share its first letters (a walk over the whole lexicon takes up to
# two seconds a word at corpus size) ...
SUGGESTION_PREFIX = 1
# ... for at most this many words of at most this many letters, within this many seconds:
# "did you mean" is a courtesy and may never hold a worker.
SUGGESTED_WORDS_MAX = 3
SUGGESTION_MAX_LETTERS = 15
SUGGESTION_BUDGET_S = 0.5
# Collapsed by story, this many times a page's hits are ranked first (more if the copies of
# stories leave the page short).
COLLAPSE_RANKED_FACTOR = 3
# Ranking stops after this many seconds; the matches are all counted, the order is the best found.
SEARCH_TIME_LIMIT_S = 1.5


@dataclass
class SearchRequest:
    """What the search page and the API ask for."""

    query: ParsedQuery | None = None
    actors: list[str] = field(default_factory=list)
    source: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE
    with_facets: bool = True
    # One hit per republished story: its best-placed article, with the story's count.
    collapse: bool = False

    @property
    def filters(self) -> Filters:
        return Filters(tuple(sorted(set(self.actors))), self.source, self.date_from, self.date_to)

    @property
    def effective_sort(self) -> str:
        """Relevance needs a query; without one, results run newest first."""
        return "newest" if self.sort == "relevance" and self.query is None else self.sort


@dataclass
class SearchResult:
    """One page of hits with the whole result set's facets."""

    total: int
    article_ids: list[int]
    facets: dict[str, list[tuple[str, int]]]
    highlight_terms: frozenset[str] = frozenset()
    highlight_actors: frozenset[str] = frozenset()
    unmatched_words: list[str] = field(default_factory=list)
    # Words no text holds that spell an actor, each with the actors whose tags gave hits.
    words_through_actors: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    suggestion: str | None = None
    # The ranking stopped at its time limit: the hits shown are the best of those scored.
    ranking_cut_short: bool = False
    # Collapsed by story: how many of the results each hit stands for (else empty).
    group_sizes: list[int] = field(default_factory=list)
    # The articles matched: `total` unless collapsed, when `total` counts stories and lone articles.
    articles: int = 0


class QueryHasNoTerms(UserError):
    """Every word of the query is too common to search for."""


_searchers = threading.local()


def searcher_for(index):
    """A searcher on `index`, kept open across requests and refreshed when the index changed."""
    return _current(index)[0]


def table_for(index) -> ArticleTable:
    """The `ArticleTable` of the index generation `searcher_for(index)` reads."""
    return _current(index)[1]


class SearchUnavailable(RuntimeError):
    """The index cannot be read now (damaged, or being replaced); pages say so and recover."""


# What reading an index can raise when it was switched, cleared or damaged under a searcher.
READER_ERRORS = (ReaderClosed, WhooshIndexError, OSError, EOFError, struct.error)


def forget_searcher() -> None:
    """Drop this thread's searcher, so the next search opens the index afresh."""
    _, searcher, _ = getattr(_searchers, "current", (None, None, None))
    _searchers.current = (None, None, None)
    if searcher is not None:
        try:
            searcher.close()
        except READER_ERRORS:
            pass


def _current(index) -> tuple:
    key = (getattr(index.storage, "folder", None), _generation_stamp(index))
    cached_key, searcher, table = getattr(_searchers, "current", (None, None, None))
    if searcher is not None and cached_key == key:
        return searcher, table
    if searcher is not None:
        searcher.close()
    searcher = index.searcher()
    _searchers.current = (key, searcher, ArticleTable.read(searcher.reader()))
    return searcher, _searchers.current[2]


def _generation_stamp(index) -> tuple:
    """What identifies the index's latest commit: its generation number and, because an
    index cleared and rebuilt starts counting generations again, its table of contents file."""
    generation = index.latest_generation()
    folder = getattr(index.storage, "folder", None)
    if folder is None:
        return (generation,)
    try:
        toc = os.stat(os.path.join(folder, f"_{index.indexname}_{generation}.toc"))
    except FileNotFoundError:
        return (generation,)
    return (generation, toc.st_ino, toc.st_mtime_ns)


def search_articles(index, request: SearchRequest, gazetteer: Gazetteer) -> SearchResult:
    """Run `request` on the Whoosh `index`."""
    searcher, table = _current(index)
    builder = QueryBuilder(searcher.reader(), gazetteer)
    filters = request.filters
    allowed = table.allowed(filters)
    if request.query is None:
        text_query, matched = None, allowed
    else:
        text_query = builder.build(request.query)
        # Remembered for the index generation: the next page, another sort or a facet
        # clicked reuse the words' matches.
        matched = table.remembered(("matched", repr(text_query)), lambda: frozenset(searcher.docs_for_query(text_query)))
        matched = matched & allowed if filters else matched
    page = max(request.page, 1)
    start = (page - 1) * request.page_size
    stop = start + request.page_size
    # Counted once per result set and index generation: the next page reads them again.
    sizes = table.remembered(("group sizes", repr(text_query), filters), lambda: table.group_sizes(matched)) if request.collapse else None
    found = len(sizes) if sizes is not None else len(matched)
    ranking_cut_short = False
    if start >= found:
        docnums = []
    elif request.effective_sort == "relevance":
        ranking = _without_positions(text_query)
        # A filter makes Whoosh score every match; without one it can skip unpromising blocks.
        restrict = filters or ranking is not text_query
        # Collapsed, more hits are ranked than shown: the copies of a story fall out.
        wanted = stop if sizes is None else min(len(matched), stop * COLLAPSE_RANKED_FACTOR)
        while True:
            ranked, ranking_cut_short = _ranked(searcher, ranking, matched if restrict else None, wanted)
            docnums = ranked if sizes is None else _first_of_groups(ranked, table, stop)
            if sizes is None or len(docnums) >= stop or wanted >= len(matched) or ranking_cut_short:
                break
            wanted = len(matched)
        docnums = docnums[start:stop]
    elif request.effective_sort == "added":
        ordered = table.latest_added_lazily(matched)
        docnums = list(islice(ordered, stop))[start:] if sizes is None else _first_of_groups(ordered, table, stop)[start:stop]
    elif sizes is None:
        docnums = table.in_date_order(matched, request.effective_sort == "newest", start, stop)
    else:
        ordered = table.in_date_order_lazily(matched, request.effective_sort == "newest")
        docnums = _first_of_groups(ordered, table, stop)[start:stop]
    if request.with_facets:
        # Without a text query the result set is the filters': the same for every such request.
        counts = table.facets(matched, key=filters if text_query is None else None)
        facets = {
            name: sorted(counts[name].items(), key=lambda item: item[0] if name in ("months", "days") else (-item[1], item[0]))
            for name in FACET_NAMES
        }
    else:
        facets = {name: [] for name in FACET_NAMES}
    if not matched:
        # No hit came through an actor either: those words are nowhere, like the others.
        builder.unmatched += [(written, builder.term_of(written)) for written, _ in builder.through_actors]
        builder.through_actors = []
    suggestion = None
    if not matched and builder.unmatched:
        suggestion = _suggestion(searcher.reader(), request.query.text, builder.unmatched)
    return SearchResult(
        total=found,
        article_ids=[int(searcher.stored_fields(docnum)["django_id"]) for docnum in docnums],
        facets=facets,
        highlight_terms=frozenset(builder.matched_terms),
        highlight_actors=frozenset(builder.actors),
        unmatched_words=[written for written, _ in builder.unmatched],
        words_through_actors=builder.through_actors,
        suggestion=suggestion,
        ranking_cut_short=ranking_cut_short,
        group_sizes=[sizes[table.group_of(docnum)] for docnum in docnums] if sizes is not None else [],
        articles=len(matched),
    )


def _ranked(searcher, ranking: wq.Query, allowed: frozenset[int] | None, limit: int) -> tuple[list[int], bool]:
    """The `limit` best documents for `ranking` (among `allowed`, if given), best first, and
    whether the ranking stopped at its time limit."""
    timed = _RankingDeadline(searcher.collector(limit=limit), SEARCH_TIME_LIMIT_S, use_alarm=False)
    collector = FilterCollector(timed, allow=set(allowed)) if allowed is not None else timed
    cut_short = False
    try:
        searcher.search_with_collector(ranking, collector)
    except TimeLimit:
        cut_short = True  # what was scored so far is shown, and the page says so
    finally:
        if timed.timer is not None:
            timed.timer.cancel()
    return [hit.docnum for hit in collector.results()], cut_short


def _first_of_groups(ordered: Iterable[int], table: ArticleTable, wanted: int) -> list[int]:
    """The first document of each story in `ordered`, until `wanted` are found."""
    seen, first = set(), []
    for docnum in ordered:
        group = table.group_of(docnum)
        if group not in seen:
            seen.add(group)
            first.append(docnum)
            if len(first) >= wanted:
                break
    return first


class _RankingDeadline(TimeLimitCollector):
    """Whoosh's time limit, checked at each collected hit too: under a FilterCollector, whose
    own loop calls `collect` and would bypass the check, ranking still stops in time."""

    def collect(self, sub_docnum):
        if self.timedout:
            raise TimeLimit
        return self.child.collect(sub_docnum)


def _without_positions(query: wq.Query) -> wq.Query:
    """`query` with each phrase scored as its words: the phrase matches are already known,
    and ranking them needs no second reading of word positions."""
    if isinstance(query, wq.Sequence):
        return wq.And([_without_positions(part) for part in query.subqueries])
    if isinstance(query, (wq.AndNot, wq.AndMaybe)):
        positive = _without_positions(query.a)
        return query if positive is query.a else type(query)(positive, query.b)
    if isinstance(query, wq.CompoundQuery):
        parts = [_without_positions(part) for part in query.subqueries]
        if all(new is old for new, old in zip(parts, query.subqueries)):
            return query
        return type(query)(parts)
    return query


def highlight_targets(index, parsed: ParsedQuery, gazetteer: Gazetteer) -> tuple[frozenset[str], frozenset[str]]:
    """The index terms and actors a query matches, for marking them in an article."""
    builder = QueryBuilder(searcher_for(index).reader(), gazetteer)
    try:
        builder.build(parsed)
    except QueryHasNoTerms:
        pass
    return frozenset(builder.matched_terms), frozenset(builder.actors)


def similar_articles(index, article_id: int, text: str, limit: int = 5) -> list[int]:
    """Ids of the articles most likely to report the same events as this one: among those
    sharing its most distinctive words (the index does not store texts: `text` is the
    article's), the ones that also name the same actors and were published close to it in
    time come first. Two reports of one week's events on the same actors outrank a report of
    a month earlier that shares a few more words."""
    searcher, table = _current(index)
    docnum = searcher.document_number(django_id=str(article_id))
    if docnum is None:
        return []
    hits = list(searcher.more_like(docnum, TEXT_FIELD, text=text, top=SIMILAR_CANDIDATES, numterms=15))
    if not hits:
        return []
    best = max(hit.score for hit in hits) or 1.0
    actors, day = table.actors_of(docnum), table.ordinals.get(docnum, 0)

    def likeness(hit) -> float:
        others = table.actors_of(hit.docnum)
        shared = len(actors & others) / len(actors | others) if actors | others else 0.0
        other_day = table.ordinals.get(hit.docnum, 0)
        closeness = math.exp(-abs(day - other_day) / SIMILAR_TIME_SCALE_DAYS) if day > 0 and other_day > 0 else 0.0
        return SIMILAR_WORDS_WEIGHT * hit.score / best + SIMILAR_ACTORS_WEIGHT * shared + SIMILAR_TIME_WEIGHT * closeness

    ranked = sorted(hits, key=likeness, reverse=True)
    return [int(hit["django_id"]) for hit in ranked[:limit]]


class QueryBuilder:
    """Turns a parsed query into Whoosh queries, remembering what to highlight."""

    def __init__(self, reader, gazetteer: Gazetteer):
        self.reader = reader
        self.gazetteer = gazetteer
        # A word's index term ("" for a stop word), exactly as the analyzer makes it.
        self.term_of = index_term_of()
        self.matched_terms: set[str] = set()
        self.actors: set[str] = set()
        # Words the index holds in no form, with their stems, for the page and suggestions.
        self.unmatched: list[tuple[str, str]] = []
        # Words the text holds in no form but that spell an actor: their hits come through
        # the actor's tag, found under its other spellings.
        self.through_actors: list[tuple[str, tuple[str, ...]]] = []

    def build(self, parsed: ParsedQuery) -> wq.Query:
        required = [self._clause(clause) for clause in self._group_names(parsed.required)]
        required = [query for query in required if query is not None]
        if not required:
            raise QueryHasNoTerms("no_terms", gettext_noop("These words are too common to search for; add a more specific word."))
        positive = wq.And(required) if len(required) > 1 else required[0]
        words_typed = [clause for clause in parsed.required if not (isinstance(clause, Word) and self._is_stop(clause))]
        written = [self._surface_term(clause) for clause in words_typed]
        if len(written) > 1 and all(written):
            # Every word written as typed, in one article: it ranks above those that carry
            # some of the words in related forms only. AndMaybe: it scores, it never matches.
            positive = wq.AndMaybe(positive, wq.And(written, boost=ALL_WRITTEN_WEIGHT))
        excluded = [self._text_query(item, collect=False) for item in parsed.excluded]
        excluded = [query for query in excluded if query is not None]
        if excluded:
            return wq.AndNot(positive, wq.Or(excluded))
        return positive

    def _is_stop(self, word: Word) -> bool:
        return not any(self.term_of(token.text) for token in split_words(word.text))

    def _surface_term(self, clause) -> wq.Term | None:
        """A single word's form as typed in the index of written forms, if any text has it."""
        if not isinstance(clause, Word):
            return None
        surface = normalize_word(clause.text)
        return wq.Term(SURFACE_FIELD, surface) if (SURFACE_FIELD, surface) in self.reader else None

    def _group_names(self, clauses) -> list:
        """Consecutive words that together name an actor (قره باغ) become one phrase, which
        `_text_query` also matches to the actor's tag."""
        grouped, run = [], []
        for clause in [*clauses, None]:
            if isinstance(clause, Word):
                run.append(clause)
                continue
            grouped.extend(self._name_phrases(run))
            run = []
            if clause is not None:
                grouped.append(clause)
        return grouped

    def _name_phrases(self, run: list[Word]) -> list:
        if len(run) < 2:
            return run
        starts, position = [], 0
        for word in run:
            starts.append(position)
            position += len(word.text) + 1
        text = " ".join(word.text for word in run)
        result, index = [], 0
        for match in self.gazetteer.find(text):
            first = starts.index(match.start) if match.start in starts else None
            last = next((i for i, start in enumerate(starts) if start < match.end <= start + len(run[i].text)), None)
            if first is None or last is None or last == first or first < index:
                continue
            result.extend(run[index:first])
            result.append(Phrase(" ".join(word.text for word in run[first : last + 1])))
            index = last + 1
        return result + run[index:]

    def _clause(self, clause) -> wq.Query | None:
        options = clause.options if isinstance(clause, AnyOf) else (clause,)
        queries = [query for query in (self._text_query(option) for option in options) if query is not None]
        if not queries:
            return None
        return wq.Or(queries) if len(queries) > 1 else queries[0]

    def _text_query(self, item: Word | Phrase, collect: bool = True) -> wq.Query | None:
        per_word, dropped, unmatched_before = [], 0, len(self.unmatched)
        for written in item.text.split():
            tokens = [token for token in split_words(written) if self.term_of(token.text)]
            if not tokens:
                dropped += 1  # a stop word
            per_word.extend(self._variants(token, written, collect) for token in tokens)
        if not per_word:
            return None
        # Stop words were dropped from a phrase, so allow a gap of one word for each.
        text_query = per_word[0] if len(per_word) == 1 else wq.Sequence(per_word, slop=1 + dropped)
        surface = normalize_word(item.text)
        if len(per_word) == 1 and (SURFACE_FIELD, surface) in self.reader:
            # The word as typed, where the text writes it so, scores above its relatives alone.
            text_query = wq.AndMaybe(text_query, wq.Term(SURFACE_FIELD, surface, boost=SURFACE_WEIGHT))
        actor_slugs = self._actors_named(item.text)
        if actor_slugs:
            if collect:
                self.actors.update(actor_slugs)
                self.through_actors += [(written, tuple(sorted(actor_slugs))) for written, _ in self.unmatched[unmatched_before:]]
                del self.unmatched[unmatched_before:]
            return wq.Or([text_query] + [wq.Term(ACTORS_FIELD, slug) for slug in sorted(actor_slugs)])
        return text_query

    def _variants(self, token: Token, written: str, collect: bool) -> wq.Query:
        stem = self.term_of(token.text)
        held = [variant for variant in proclitic_variants(token.norm, self.term_of) if (TEXT_FIELD, variant) in self.reader]
        if collect:
            self.matched_terms.update(held)
            if not held:
                self.unmatched.append((written, stem))
        if not held:
            return wq.Term(TEXT_FIELD, stem)
        if len(held) == 1:
            return wq.Term(TEXT_FIELD, held[0])
        # The word as typed ranks above its forms behind another proclitic: they widen
        # what is found, not what comes first.
        return wq.Or([wq.Term(TEXT_FIELD, variant, boost=1.0 if variant == stem else RELATIVE_FORM_WEIGHT) for variant in held])

    def _actors_named(self, text: str) -> set[str]:
        """Actors whose name the whole of `text` is, in any spelling."""
        matches = self.gazetteer.find(text)
        words = text.split()
        covered = sum(len(match.text.split()) for match in matches)
        return {match.actor for match in matches} if matches and covered == len(words) else set()


def _suggestion(reader, text: str, unmatched: list[tuple[str, str]]) -> str | None:
    """The query as typed, each word the index lacks replaced by the nearest word it holds,
    within the suggestion budget (words past it are left as typed)."""
    corrector = reader.corrector(TEXT_FIELD)
    corrected = text
    deadline = time.monotonic() + SUGGESTION_BUDGET_S
    candidates = [(written, stem) for written, stem in unmatched if len(stem) <= SUGGESTION_MAX_LETTERS]
    for written, stem in candidates[:SUGGESTED_WORDS_MAX]:
        if time.monotonic() > deadline:
            break
        found = corrector.suggest(stem, limit=1, maxdist=SUGGESTION_MAX_EDITS, prefix=SUGGESTION_PREFIX)
        if found:
            # Keep the written word's proclitics and ending around the corrected stem.
            spelled = normalize(written)
            replacement = spelled.replace(stem, found[0], 1) if stem in spelled else found[0]
            corrected = re.sub(rf"(?<![^\W_]){re.escape(written)}(?![^\W_])", replacement, corrected)
    return corrected if corrected != text else None

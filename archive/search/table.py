"""What filters, facets and date order need, read once per index generation.

Whoosh answers a filter (a date range, a source, an actor) by running it as a query over the
postings on every search, in Python; at tens of thousands of articles that made filtered
searches ten times slower than the text search itself. The table below is read once each
time the index changes: the date column and the postings of the source and actor fields.
Filters then become set intersections, facets become intersection sizes, and date order a
scan of a list sorted in advance.
"""

from bisect import bisect_left, bisect_right
from collections import Counter, OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

ORDINAL_FIELD = "published_ordinal"
ADDED_FIELD = "added"
SOURCE_FIELD = "source"
ACTORS_FIELD = "actors"
STORY_FIELD = "story"
# Filter combinations, facets and text matches remembered per index generation: at most
# this many, holding at most this many document numbers in all (about 50 MB).
CACHE_SIZE = 256
CACHE_MEMBERS = 1_000_000
# A result set smaller than the index by this factor is sorted by date directly; a larger
# one is read off the index's date order.
SORT_DIRECTLY_BELOW = 20


@dataclass(frozen=True)
class Filters:
    """The non-text part of a search: every listed actor, the source, the date bounds."""

    actors: tuple[str, ...] = ()
    source: str | None = None
    date_from: date | None = None
    date_to: date | None = None

    def __bool__(self) -> bool:
        return bool(self.actors or self.source or self.date_from or self.date_to)


@dataclass
class ArticleTable:
    """Document numbers of one index generation by source, actor and date."""

    live: frozenset[int]
    ordinals: dict[int, int]
    by_source: dict[str, frozenset[int]]
    by_actor: dict[str, frozenset[int]]
    # (ordinal, docnum) of dated documents, ascending, for date ranges.
    dated: list[tuple[int, int]]
    # Live documents newest first and oldest first; undated ones last in both.
    newest: list[int]
    oldest: list[int]
    # The republished story of each document in one (`archive.services.stories`).
    story_of: dict[int, str] = field(default_factory=dict)
    # Live documents, the article added last first.
    latest_added: list[int] = field(default_factory=list)
    _cache: OrderedDict = field(default_factory=OrderedDict)
    _cached_members: int = 0

    @classmethod
    def read(cls, reader) -> "ArticleTable":
        """Read the table from a Whoosh reader."""
        live = frozenset(reader.all_doc_ids())
        # An index with no segment (new, or every article deleted) has no columns to read.
        ordinals, added = {}, {}
        if live:
            column = reader.column_reader(ORDINAL_FIELD)
            ordinals = {docnum: column[docnum] for docnum in live}
            if ADDED_FIELD in reader.indexed_field_names():
                numbers = reader.column_reader(ADDED_FIELD)
                added = {docnum: numbers[docnum] for docnum in live}
        dated = sorted((ordinal, docnum) for docnum, ordinal in ordinals.items() if ordinal > 0)
        undated = sorted(docnum for docnum, ordinal in ordinals.items() if ordinal <= 0)
        return cls(
            live=live,
            ordinals=ordinals,
            by_source=_postings(reader, SOURCE_FIELD, live),
            by_actor=_postings(reader, ACTORS_FIELD, live),
            dated=dated,
            newest=[docnum for _, docnum in reversed(dated)] + undated,
            oldest=[docnum for _, docnum in dated] + undated,
            story_of={docnum: story for story, docs in _postings(reader, STORY_FIELD, live).items() for docnum in docs},
            latest_added=sorted(added, key=added.__getitem__, reverse=True),
        )

    def group_of(self, docnum: int) -> str | int:
        """The key a collapsed result list groups a document under: its story, or itself."""
        return self.story_of.get(docnum, docnum)

    def group_sizes(self, docs: frozenset[int]) -> Counter:
        """How many of `docs` each group holds."""
        return Counter(self.group_of(docnum) for docnum in docs)

    def actors_of(self, docnum: int) -> frozenset[str]:
        """The actors tagged in one document (the postings read the other way, once per table)."""
        return self.remembered(("actors by document",), self._actors_by_document).get(docnum, frozenset())

    def _actors_by_document(self) -> dict[int, frozenset[str]]:
        found: dict[int, set[str]] = {}
        for slug, docs in self.by_actor.items():
            for docnum in docs:
                found.setdefault(docnum, set()).add(slug)
        return {docnum: frozenset(slugs) for docnum, slugs in found.items()}

    def allowed(self, filters: Filters) -> frozenset[int]:
        """The live documents that pass `filters`."""
        return self.remembered(("allowed", filters), lambda: self._allowed(filters))

    def _allowed(self, filters: Filters) -> frozenset[int]:
        sets = [self.by_actor.get(slug, frozenset()) for slug in filters.actors]
        if filters.source:
            sets.append(self.by_source.get(filters.source, frozenset()))
        if filters.date_from or filters.date_to:
            low = filters.date_from.toordinal() if filters.date_from else 1
            high = filters.date_to.toordinal() if filters.date_to else date.max.toordinal()
            start, end = bisect_left(self.dated, (low, -1)), bisect_right(self.dated, (high, float("inf")))
            sets.append(frozenset(docnum for _, docnum in self.dated[start:end]))
        if not sets:
            return self.live
        sets.sort(key=len)
        return sets[0].intersection(*sets[1:])

    def facets(self, docs: frozenset[int], key=None) -> dict[str, dict[str, int]]:
        """How many of `docs` each actor, source, month and day has; remembered under `key` if given."""
        if key is None:
            return self._facets(docs)
        return self.remembered(("facets", key), lambda: self._facets(docs))

    def _facets(self, docs: frozenset[int]) -> dict[str, dict[str, int]]:
        counts = {
            name: {value: count for value, members in groups.items() if (count := len(docs & members))}
            for name, groups in (("actors", self.by_actor), ("sources", self.by_source))
        }
        # Days for the timeline, which draws a short span day by day; months are their sums.
        by_ordinal = Counter(ordinal for docnum in docs if (ordinal := self.ordinals[docnum]) > 0)
        counts["days"] = {date.fromordinal(ordinal).isoformat(): count for ordinal, count in by_ordinal.items()}
        months: Counter[str] = Counter()
        for day, count in counts["days"].items():
            months[day[:7]] += count
        counts["months"] = dict(months)
        return counts

    def latest_added_lazily(self, docs: frozenset[int]) -> Iterator[int]:
        """`docs`, the article added last first, read off as far as the caller goes."""
        if len(docs) * SORT_DIRECTLY_BELOW < len(self.live):
            position = self.remembered(("added positions",), lambda: {d: i for i, d in enumerate(self.latest_added)})
            yield from sorted(docs, key=lambda docnum: position.get(docnum, len(position)))
            return
        for docnum in self.latest_added:
            if docnum in docs:
                yield docnum

    def in_date_order_lazily(self, docs: frozenset[int], newest: bool) -> Iterator[int]:
        """`docs` by date (undated last), read off as far as the caller goes."""
        if len(docs) * SORT_DIRECTLY_BELOW < len(self.live):
            yield from self.in_date_order(docs, newest, 0, len(docs))
            return
        for docnum in self.newest if newest else self.oldest:
            if docnum in docs:
                yield docnum

    def in_date_order(self, docs: frozenset[int], newest: bool, start: int, stop: int) -> list[int]:
        """Documents `start` to `stop` of `docs` by date (undated last)."""
        if len(docs) * SORT_DIRECTLY_BELOW < len(self.live):
            ordinals = self.ordinals

            def key(docnum):
                # As the full scan below orders them: undated last, by index order; equal
                # dates newest-added first when newest first, else oldest-added first.
                ordinal = ordinals[docnum]
                if ordinal <= 0:
                    return (1, 0, docnum)
                return (0, -ordinal, -docnum) if newest else (0, ordinal, docnum)

            return sorted(docs, key=key)[start:stop]
        picked = []
        for docnum in self.newest if newest else self.oldest:
            if docnum in docs:
                picked.append(docnum)
                if len(picked) >= stop:
                    break
        return picked[start:stop]

    def remembered(self, key, compute):
        """`compute()`, remembered under `key` for this index generation (least recently
        used forgotten first)."""
        cache = self._cache
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
        value = cache[key] = compute()
        self._cached_members += _members(value)
        while len(cache) > 1 and (len(cache) > CACHE_SIZE or self._cached_members > CACHE_MEMBERS):
            _, forgotten = cache.popitem(last=False)
            self._cached_members -= _members(forgotten)
        return value


def _members(value) -> int:
    return len(value) if isinstance(value, (frozenset, Counter)) else 1


def _postings(reader, fieldname: str, live: frozenset[int]) -> dict[str, frozenset[int]]:
    """Each term of a keyword field with the live documents that hold it."""
    if fieldname not in reader.indexed_field_names():
        return {}
    groups = {}
    for term in reader.field_terms(fieldname):
        groups[term] = frozenset(reader.postings(fieldname, term).all_ids()) & live
    return groups

"""The engines the archive's search is measured against, on the same documents and requests.

- `HaystackDefault`: what haystack gives out of the box on Whoosh: its schema (text stored,
  sortable and spell-checked, Whoosh's English `StemmingAnalyzer`), Whoosh's query parser,
  filters as Whoosh filter queries, facets as Whoosh `FieldFacet`s, sorting by the date field.
- `Fts5`: SQLite's FTS5 over the archive's own Arabic analysis (the same normalisation,
  stop words and stemming; the same query building, proclitic expansion and actor names),
  with filters, facets and date order in SQL.

Both answer a `SearchRequest` with the total, one page of document keys and the facets, like
`archive.search.engine.search_articles`. Nothing here needs Django.
"""

import itertools
import multiprocessing
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from whoosh import fields, index, sorting
from whoosh import query as wq
from whoosh.analysis import StemmingAnalyzer
from whoosh.qparser import QueryParser

from archive.search.analysis import analyze
from archive.search.engine import QueryBuilder, SearchRequest
from archive.text.actors import Gazetteer

# Phrase alternatives an FTS5 query spells out at most (each word's proclitic forms multiply).
MAX_PHRASE_FORMS = 64
WRITER_MEMORY_MB = 256


@dataclass(frozen=True)
class Document:
    """One article as the engines index it."""

    key: str
    text: str
    source: str = ""
    ordinal: int = 0
    actors: tuple[str, ...] = ()

    @property
    def month(self) -> str:
        return date.fromordinal(self.ordinal).strftime("%Y-%m") if self.ordinal > 0 else ""


@dataclass
class Answer:
    """What an engine returns for a request."""

    total: int
    keys: list[str]
    facets: dict[str, dict[str, int]]


class HaystackDefault:
    """haystack's stock Whoosh setup."""

    name = "haystack default (Whoosh)"

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        schema = fields.Schema(
            id=fields.ID(stored=True, unique=True),
            text=fields.TEXT(stored=True, analyzer=StemmingAnalyzer(), sortable=True, spelling=True),
            published_on=fields.DATETIME(sortable=True),
            month=fields.KEYWORD(stored=True, commas=True, scorable=True),
            source=fields.KEYWORD(stored=True, commas=True, scorable=True),
            actors=fields.KEYWORD(stored=True, commas=True, scorable=True),
        )
        self.index = index.create_in(str(folder), schema)
        self.searcher = None

    def build(self, documents: Iterable[Document], procs: int = 1) -> None:
        options = {"procs": procs, "multisegment": True} if procs > 1 else {}
        writer = self.index.writer(limitmb=WRITER_MEMORY_MB, **options)
        for doc in documents:
            writer.add_document(
                id=doc.key,
                text=doc.text,
                published_on=datetime.combine(date.fromordinal(doc.ordinal), datetime.min.time()) if doc.ordinal > 0 else None,
                month=doc.month,
                source=doc.source,
                actors=",".join(doc.actors),
            )
        writer.commit()
        self.searcher = self.index.searcher()

    def search(self, request: SearchRequest) -> Answer:
        searcher = self.searcher
        text_query = QueryParser("text", self.index.schema).parse(request.query.text) if request.query else wq.Every()
        filters = [wq.Term("actors", slug) for slug in request.actors]
        if request.source:
            filters.append(wq.Term("source", request.source))
        if request.date_from or request.date_to:
            start = datetime.combine(request.date_from, datetime.min.time()) if request.date_from else None
            end = datetime.combine(request.date_to, datetime.max.time()) if request.date_to else None
            filters.append(wq.DateRange("published_on", start, end))
        sort = request.effective_sort
        page = searcher.search_page(
            text_query,
            request.page,
            pagelen=request.page_size,
            filter=wq.And(filters) if filters else None,
            sortedby=None if sort == "relevance" else sorting.FieldFacet("published_on", reverse=sort == "newest"),
            groupedby={
                name: sorting.FieldFacet(field, allow_overlap=True, maptype=sorting.Count)
                for name, field in (("actors", "actors"), ("sources", "source"), ("months", "month"))
            }
            if request.with_facets
            else None,
        )
        facets = (
            {
                # Whoosh counts the documents without a value under None.
                name: {value: count for value, count in page.results.groups(name).items() if value is not None}
                for name in ("actors", "sources", "months")
            }
            if request.with_facets
            else {}
        )
        keys = [hit["id"] for hit in page] if page.pagenum == request.page else []
        return Answer(page.total, keys, facets)

    def size(self) -> int:
        return sum(path.stat().st_size for path in self.folder.iterdir())


class Fts5:
    """SQLite FTS5 with the archive's Arabic analysis and query building."""

    name = "SQLite FTS5 (same Arabic analysis)"

    def __init__(self, path: Path, gazetteer: Gazetteer):
        self.path = path
        self.gazetteer = gazetteer
        self.db = sqlite3.connect(str(path))
        self.db.executescript(
            """
            CREATE VIRTUAL TABLE docs USING fts5(text, actors, tokenize="unicode61 remove_diacritics 0 tokenchars '-'");
            CREATE TABLE meta(id INTEGER PRIMARY KEY, key TEXT, source TEXT, ordinal INTEGER, month TEXT);
            CREATE TABLE doc_actors(id INTEGER, actor TEXT);
            """
        )
        self.lexicon: set[str] = set()

    def build(self, documents: Iterable[Document], procs: int = 1) -> None:
        documents = list(documents)
        # The analysis is the slow part, so it runs in `procs` processes; SQLite writes in one.
        if procs > 1:
            with multiprocessing.get_context("fork").Pool(procs) as pool:
                analysed = pool.map(_analysed_text, [doc.text for doc in documents], chunksize=100)
        else:
            analysed = [_analysed_text(doc.text) for doc in documents]
        with self.db:
            self.db.executemany(
                "INSERT INTO docs(rowid, text, actors) VALUES (?, ?, ?)",
                ((number, text, " ".join(doc.actors)) for number, (doc, text) in enumerate(zip(documents, analysed), 1)),
            )
            self.db.executemany(
                "INSERT INTO meta VALUES (?, ?, ?, ?, ?)",
                ((number, doc.key, doc.source, doc.ordinal, doc.month) for number, doc in enumerate(documents, 1)),
            )
            self.db.executemany(
                "INSERT INTO doc_actors VALUES (?, ?)",
                ((number, actor) for number, doc in enumerate(documents, 1) for actor in doc.actors),
            )
            self.db.executescript(
                """
                CREATE INDEX meta_source ON meta(source, ordinal);
                CREATE INDEX meta_ordinal ON meta(ordinal);
                CREATE INDEX doc_actors_actor ON doc_actors(actor, id);
                CREATE INDEX doc_actors_id ON doc_actors(id);
                CREATE VIRTUAL TABLE vocabulary USING fts5vocab(docs, 'row');
                INSERT INTO docs(docs) VALUES ('optimize');
                """
            )
        self.lexicon = {term for (term,) in self.db.execute("SELECT term FROM vocabulary")}

    def search(self, request: SearchRequest) -> Answer:
        conditions, parameters = [], []
        match = None
        if request.query is not None:
            match = _fts_expression(QueryBuilder(_Lexicon(self.lexicon), self.gazetteer).build(request.query))
            conditions.append("meta.id IN (SELECT rowid FROM docs WHERE docs MATCH ?)")
            parameters.append(match)
        for slug in request.actors:
            conditions.append("meta.id IN (SELECT id FROM doc_actors WHERE actor = ?)")
            parameters.append(slug)
        if request.source:
            conditions.append("meta.source = ?")
            parameters.append(request.source)
        if request.date_from:
            conditions.append("meta.ordinal >= ?")
            parameters.append(request.date_from.toordinal())
        if request.date_to:
            conditions.append("meta.ordinal BETWEEN 1 AND ?")
            parameters.append(request.date_to.toordinal())
        where = " AND ".join(conditions) or "1"
        sort = request.effective_sort
        offset = (request.page - 1) * request.page_size
        if sort == "relevance":
            page_sql = (
                "SELECT meta.key FROM docs JOIN meta ON meta.id = docs.rowid "
                f"WHERE docs MATCH ? AND {where} ORDER BY docs.rank LIMIT ? OFFSET ?"
            )
            page_parameters = [match, *parameters, request.page_size, offset]
        else:
            direction = "DESC" if sort == "newest" else "ASC"
            page_sql = (
                f"SELECT key FROM meta WHERE {where} "
                f"ORDER BY meta.ordinal <= 0, meta.ordinal {direction}, meta.id LIMIT ? OFFSET ?"
            )
            page_parameters = [*parameters, request.page_size, offset]
        keys = [key for (key,) in self.db.execute(page_sql, page_parameters)]
        if not request.with_facets:
            return Answer(self.db.execute(f"SELECT count(*) FROM meta WHERE {where}", parameters).fetchone()[0], keys, {})
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS hits(id INTEGER PRIMARY KEY)")
        self.db.execute("DELETE FROM hits")
        self.db.execute(f"INSERT INTO hits SELECT meta.id FROM meta WHERE {where}", parameters)
        total = self.db.execute("SELECT count(*) FROM hits").fetchone()[0]
        facets = {
            "actors": dict(self.db.execute("SELECT actor, count(*) FROM doc_actors JOIN hits USING (id) GROUP BY actor")),
            "sources": dict(
                self.db.execute("SELECT source, count(*) FROM meta JOIN hits USING (id) WHERE source != '' GROUP BY source")
            ),
            "months": dict(
                self.db.execute("SELECT month, count(*) FROM meta JOIN hits USING (id) WHERE month != '' GROUP BY month")
            ),
        }
        return Answer(total, keys, facets)

    def size(self) -> int:
        return self.path.stat().st_size


def _analysed_text(text: str) -> str:
    return " ".join(analyze(text))


class _Lexicon:
    """The `(field, term) in reader` test `QueryBuilder` makes, answered from FTS5's vocabulary."""

    def __init__(self, terms: set[str]):
        self.terms = terms

    def __contains__(self, item) -> bool:
        # FTS5 holds the analysed text only: no field of written forms to rank by.
        return item[0] != "surface" and item[1] in self.terms


def _fts_expression(query: wq.Query) -> str:
    """A Whoosh query tree from `QueryBuilder` as an FTS5 MATCH expression."""
    if isinstance(query, wq.Term):
        quoted = '"' + query.text.replace('"', '""') + '"'
        return f"actors : {quoted}" if query.fieldname == "actors" else quoted
    if isinstance(query, wq.Sequence):
        # A phrase of alternatives: every combination of the words' forms, as FTS5 phrases.
        forms = [[term.text for term in part.subqueries] if isinstance(part, wq.Or) else [part.text] for part in query.subqueries]
        phrases = itertools.islice(itertools.product(*forms), MAX_PHRASE_FORMS)
        return "(" + " OR ".join('"' + " ".join(words) + '"' for words in phrases) + ")"
    if isinstance(query, wq.AndNot):
        return f"({_fts_expression(query.a)}) NOT ({_fts_expression(query.b)})"
    if isinstance(query, wq.AndMaybe):
        # Its second part only ranks what the first finds.
        return _fts_expression(query.a)
    if isinstance(query, (wq.And, wq.Or)):
        joiner = " AND " if isinstance(query, wq.And) else " OR "
        return "(" + joiner.join(_fts_expression(part) for part in query.subqueries) + ")"
    raise ValueError(f"no FTS5 form for {query!r}")

"""Retrieval quality: the archive's Arabic search against haystack's default Whoosh analyzer.

Both are real Whoosh indexes over the same documents (the five seeds, and a sample of the
SaudiNewsNet corpus read from ../shared at run time). The archive's side analyses with
`archive.search.analysis` and builds queries with `archive.search.engine`; the peer is what
haystack gives out of the box: Whoosh's `StemmingAnalyzer` and its default query parser.
For each query of `collection.json`, recall (share of the relevant articles found) and the
reciprocal rank of the first relevant article are computed; the report averages them.

    python -m archive.benchmarks.retrieval --sample 4000 --write BENCHMARKS.md
"""

import argparse
import json
import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from whoosh import fields, index
from whoosh.analysis import StemmingAnalyzer
from whoosh.qparser import QueryParser

from archive.search.analysis import arabic_analyzer, reset_analysis
from archive.search.engine import TEXT_FIELD, QueryHasNoTerms, QueryBuilder
from archive.text.actors import Gazetteer, aliases_from_records
from archive.text.query import parse_query

ROOT = Path(__file__).resolve().parents[2]
COLLECTION = Path(__file__).with_name("collection.json")
CORPUS = ROOT.parent / "shared" / "corpora" / "saudinewsnet"
CORPUS_DAYS = ("2015-07-21.zip", "2015-08-11.zip", "2015-08-06.zip")


@dataclass(frozen=True)
class Document:
    key: str
    text: str


@dataclass
class QueryScore:
    """One query's relevant set and each engine's recall and reciprocal rank."""

    id: str
    query: str
    covers: str
    relevant: int
    recall: dict[str, float]
    reciprocal_rank: dict[str, float]
    returned: dict[str, int]


def seed_documents() -> list[Document]:
    """The seed articles as the archive keeps them (title and body), keyed by file prefix."""
    records = json.loads((ROOT / "fixtures" / "seed_articles.json").read_text(encoding="utf-8"))["articles"]
    return [Document(r["original_filename"][:3], f"{r['title']}\n{r['body']}") for r in records]


def corpus_documents(limit: int, corpus: Path = CORPUS) -> list[Document]:
    """The first `limit` articles of a few corpus days, keyed by URL (empty ones skipped)."""
    documents: list[Document] = []
    for day in CORPUS_DAYS:
        with zipfile.ZipFile(corpus / day) as archive:
            for name in archive.namelist():
                for record in json.loads(archive.read(name)):
                    text = f"{record.get('title') or ''}\n{record.get('content') or ''}".strip()
                    if record.get("content") and len(documents) < limit:
                        documents.append(Document(record["url"] or f"{day}#{len(documents)}", text))
    return documents


_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]")


def relevant_by_forms(forms: list[str], documents: list[Document]) -> set[str]:
    """Documents holding one of `forms` as whole words, after removing diacritics and tatweel only."""
    alternatives = "|".join(re.escape(form) for form in sorted(set(forms), key=len, reverse=True))
    pattern = re.compile(rf"(?<![^\W\d_])(?:{alternatives})(?![^\W\d_])")
    return {doc.key for doc in documents if pattern.search(_MARKS.sub("", unicodedata.normalize("NFC", doc.text)))}


class ArchiveEngine:
    """The archive's analyzer, query language, proclitic expansion and actor spellings."""

    name = "archive (Arabic)"

    def __init__(self, documents: list[Document], gazetteer: Gazetteer, folder: Path):
        self.gazetteer = gazetteer
        schema = fields.Schema(
            key=fields.ID(stored=True, unique=True),
            text=fields.TEXT(analyzer=arabic_analyzer(), stored=True),
            actors=fields.KEYWORD(commas=True),
        )
        self.index = index.create_in(str(folder), schema)
        with self.index.writer(procs=1, limitmb=256) as writer:
            for doc in documents:
                writer.add_document(key=doc.key, text=doc.text, actors=",".join(gazetteer.count(doc.text)))

    def search(self, text: str) -> list[str]:
        with self.index.searcher() as searcher:
            try:
                query = QueryBuilder(searcher.reader(), self.gazetteer).build(parse_query(text))
            except QueryHasNoTerms:
                return []
            return [hit["key"] for hit in searcher.search(query, limit=None)]


class HaystackDefaultEngine:
    """haystack's Whoosh defaults: StemmingAnalyzer and Whoosh's query parser (all words required)."""

    name = "haystack default"

    def __init__(self, documents: list[Document], folder: Path):
        schema = fields.Schema(key=fields.ID(stored=True, unique=True), text=fields.TEXT(analyzer=StemmingAnalyzer()))
        self.index = index.create_in(str(folder), schema)
        with self.index.writer(procs=1, limitmb=256) as writer:
            for doc in documents:
                writer.add_document(key=doc.key, text=doc.text)

    def search(self, text: str) -> list[str]:
        with self.index.searcher() as searcher:
            query = QueryParser(TEXT_FIELD, self.index.schema).parse(text)
            return [hit["key"] for hit in searcher.search(query, limit=None)]


def score(engines, queries: list[tuple[dict, set[str]]]) -> list[QueryScore]:
    """Recall and reciprocal rank of each engine on each (query, relevant keys)."""
    scores = []
    for query, relevant in queries:
        recall, reciprocal, returned = {}, {}, {}
        for engine in engines:
            ranked = engine.search(query["query"])
            returned[engine.name] = len(ranked)
            found = relevant & set(ranked)
            recall[engine.name] = len(found) / len(relevant) if relevant else 1.0
            first = next((rank for rank, key in enumerate(ranked, start=1) if key in relevant), None)
            reciprocal[engine.name] = 1 / first if first else 0.0
        scores.append(QueryScore(query["id"], query["query"], query["covers"], len(relevant), recall, reciprocal, returned))
    return scores


def evaluate(*, sample: int, corpus: Path = CORPUS) -> dict[str, list[QueryScore]]:
    """Score both engines on the seed queries and, when the corpus is there, the corpus queries."""
    collection = json.loads(COLLECTION.read_text(encoding="utf-8"))
    gazetteer = Gazetteer(aliases_from_records(json.loads((ROOT / "fixtures" / "gazetteer.json").read_text())["actors"]))
    reset_analysis(gazetteer)
    try:
        results = {}
        parts = [("seeds", seed_documents(), [(q, set(q["relevant_seeds"])) for q in collection["seed_queries"]])]
        if corpus.exists() and sample:
            documents = corpus_documents(sample, corpus)
            parts.append(
                ("corpus", documents, [(q, relevant_by_forms(q["forms"], documents)) for q in collection["corpus_queries"]])
            )
        for name, documents, queries in parts:
            with tempfile.TemporaryDirectory() as ours, tempfile.TemporaryDirectory() as peer:
                engines = [ArchiveEngine(documents, gazetteer, Path(ours)), HaystackDefaultEngine(documents, Path(peer))]
                results[name] = score(engines, queries)
        return results
    finally:
        reset_analysis()


def mean(scores: list[QueryScore], attribute: str, engine: str) -> float:
    values = [getattr(score, attribute)[engine] for score in scores]
    return sum(values) / len(values) if values else 0.0


def render(results: dict[str, list[QueryScore]], *, sample: int) -> str:
    """The results as a Markdown section."""
    engines = ["archive (Arabic)", "haystack default"]
    lines = [
        "## Retrieval quality",
        "",
        "Recall (share of the relevant articles found) and MRR (mean reciprocal rank of the first relevant "
        "article) for the queries of `archive/benchmarks/collection.json`: each typed in another form than the "
        "articles use (a prefix, another hamza seat, diacritics, tatweel, Persian letters, another spelling of a "
        "name). The peer is haystack's default Whoosh setup (StemmingAnalyzer, Whoosh's query parser) on the same "
        f"documents. Corpus part: the first {sample} non-empty articles of SaudiNewsNet days {', '.join(CORPUS_DAYS)}; "
        "its judgments come from hand-written lists of surface forms, not from either analyzer. Made by "
        "`make bench-quality`.",
        "",
        f"Measured on: {machine()}.",
        "",
        "| part | queries | recall, archive | recall, haystack default | MRR, archive | MRR, haystack default |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for part, scores in results.items():
        lines.append(
            f"| {part} | {len(scores)} | {mean(scores, 'recall', engines[0]):.3f} | {mean(scores, 'recall', engines[1]):.3f} "
            f"| {mean(scores, 'reciprocal_rank', engines[0]):.3f} | {mean(scores, 'reciprocal_rank', engines[1]):.3f} |"
        )
    for part, scores in results.items():
        lines += [
            "",
            f"### {part.capitalize()} queries",
            "",
            "Returned: how many articles each engine returned, beside how many are relevant.",
            "",
            "| query | tests | relevant | returned, archive / default | recall, archive | recall, default | RR, archive | RR, default |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for s in scores:
            lines.append(
                f"| `{s.query}` | {s.covers} | {s.relevant} | {s.returned[engines[0]]} / {s.returned[engines[1]]} "
                f"| {s.recall[engines[0]]:.2f} | {s.recall[engines[1]]:.2f} "
                f"| {s.reciprocal_rank[engines[0]]:.2f} | {s.reciprocal_rank[engines[1]]:.2f} |"
            )
    return "\n".join(lines) + "\n"


def machine() -> str:
    """The machine and the versions a figure was measured with."""
    import importlib.metadata
    import os
    import platform

    versions = ", ".join(
        f"{name} {importlib.metadata.version(name)}" for name in ("Django", "django-haystack", "whoosh-reloaded", "pyarabic")
    )
    return f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, {versions}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=4000, help="corpus articles to index (0: seeds only)")
    parser.add_argument("--write", type=Path, help="write the section into this Markdown file")
    options = parser.parse_args()
    section = render(evaluate(sample=options.sample), sample=options.sample)
    if options.write:
        _replace_section(options.write, section)
    print(section)


def _replace_section(path: Path, section: str) -> None:
    """Put `section` in the file in place of its previous version, keeping the rest."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    heading = section.splitlines()[0]
    start = text.find(heading)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        following = re.search(r"^## ", text[start + len(heading) :], flags=re.MULTILINE)
        end = start + len(heading) + following.start() if following else len(text)
        text = text[:start] + section + ("\n" + text[end:] if following else "")
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()

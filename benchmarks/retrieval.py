"""Retrieval quality: the archive's Arabic search against its peers (`peers.py`).

All engines index the same documents (the five seeds, and a sample of the SaudiNewsNet
corpus read from ../shared at run time). The archive's side analyses with
`archive.search.analysis` and builds queries with `archive.search.engine`; the peers are
haystack's stock Whoosh setup (`StemmingAnalyzer`, Whoosh's query parser) and SQLite FTS5
over the archive's own analysis. For each query of `collection.json`, recall (share of the
relevant articles found) and the reciprocal rank of the first relevant article are
computed; the report averages them.

Known-item queries test the analysis at scale: for 150 articles of the sample, the three
words of the title that the fewest articles contain, typed once as written (plain) and once
varied the way users type (a proclitic added or the article dropped, another hamza seat, ى
for final ي, ه for final ة, diacritics, tatweel). The article is known, so the judgment
needs no analyzer. They are chosen once, by `--make-known-items`, and kept in the collection.

    python -m benchmarks.retrieval --sample 4000 --write BENCHMARKS.md
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

from archive.search.analysis import arabic_analyzer, reset_analysis, surface_analyzer
from archive.search.engine import QueryBuilder, QueryHasNoTerms, SearchRequest
from archive.text.actors import Gazetteer, aliases_from_records
from archive.text.query import QuerySyntaxError, parse_query
from archive.text.stem import is_stop_word
from archive.text.tokenize import tokenize, words

from .peers import Document, Fts5, HaystackDefault

ROOT = Path(__file__).resolve().parents[1]
COLLECTION = Path(__file__).with_name("collection.json")
CORPUS = ROOT.parent / "shared" / "corpora" / "saudinewsnet"
CORPUS_DAYS = ("2015-07-21.zip", "2015-08-11.zip", "2015-08-06.zip")
# Days whose known-item queries are kept aside while ranking is tuned, and read only to
# report how the tuned ranking does on queries it was never tuned on: the first set was
# read once the first tuning was done (and then tuned on); the second was kept aside from then.
HELD_OUT_DAYS = ("2015-07-25.zip", "2015-08-02.zip", "2015-08-09.zip")
SECOND_HELD_OUT_DAYS = ("2015-07-23.zip", "2015-08-04.zip", "2015-08-10.zip")
# A known item counts as found in the first page when it ranks this high or higher.
FIRST_PAGE = 10
KNOWN_ITEM_COUNT = 150
KNOWN_ITEM_WORDS = 3
# Title words shorter than this (in normalised letters) are not chosen for a known-item query.
KNOWN_ITEM_MIN_LETTERS = 4


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
    # 1.0 when the first relevant article is on the first page (FIRST_PAGE), else 0.0.
    first_page: dict[str, float]


def seed_documents() -> list[Document]:
    """The seed articles as the archive keeps them (title and body), keyed by file prefix."""
    records = json.loads((ROOT / "fixtures" / "seed_articles.json").read_text(encoding="utf-8"))["articles"]
    return [Document(r["original_filename"][:3], f"{r['title']}\n{r['body']}") for r in records]


def corpus_documents(limit: int, corpus: Path = CORPUS, days: tuple[str, ...] = CORPUS_DAYS) -> list[Document]:
    """The first `limit` articles of a few corpus days, keyed by URL (empty ones skipped)."""
    documents: list[Document] = []
    for day in days:
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


def make_known_items(documents: list[Document], count: int = KNOWN_ITEM_COUNT) -> list[dict]:
    """Known-item queries for `count` articles spread evenly over `documents`: the
    KNOWN_ITEM_WORDS title words the fewest documents contain, in title order, as written
    (`plain`) and varied (`varied`, with the variations named in `covers`)."""
    frequency: dict[str, int] = {}
    for doc in documents:
        for word in set(words(doc.text)):
            frequency[word] = frequency.get(word, 0) + 1
    queries, seen = [], set()
    step = max(1, len(documents) // (count * 2))
    for doc in documents[::step]:
        title = doc.text.split("\n", 1)[0]
        chosen = [
            token
            for token in tokenize(title)
            if len(token.norm) >= KNOWN_ITEM_MIN_LETTERS and not token.norm.isdigit() and not is_stop_word(token.norm)
        ]
        if len(chosen) < KNOWN_ITEM_WORDS + 1 or doc.key in seen:
            continue
        rarest = sorted(sorted(chosen, key=lambda token: frequency.get(token.norm, 0))[:KNOWN_ITEM_WORDS], key=lambda t: t.start)
        plain = " ".join(token.text for token in rarest)
        varied, covers = zip(*(vary(token.text, len(queries) + position) for position, token in enumerate(rarest)))
        seen.add(doc.key)
        queries.append(
            {"id": f"known-{len(queries) + 1:03d}", "key": doc.key, "plain": plain, "varied": " ".join(varied), "covers": ", ".join(covers)}
        )
        if len(queries) == count:
            break
    return queries


_VARIATIONS = ("proclitic", "hamza seat", "final ى/ي or ة/ه", "diacritics", "tatweel")


def vary(word: str, turn: int) -> tuple[str, str]:
    """`word` written as a user might type it, and what was changed: the kind of change is
    chosen by `turn`, the next kind in order when the word has no place for it."""
    for offset in range(len(_VARIATIONS)):
        kind = _VARIATIONS[(turn + offset) % len(_VARIATIONS)]
        changed = _apply(kind, word)
        if changed != word:
            return changed, kind
    return word, "as written"


def _apply(kind: str, word: str) -> str:
    if kind == "proclitic":
        if word.startswith("ال"):
            # «وبالـ» before the article, or the article dropped, in turn by the word's length.
            return "وب" + word if len(word) % 2 else word[2:]
        # A word already behind و keeps it: no one types ب before the conjunction.
        return word if word.startswith("و") else "و" + word
    if kind == "hamza seat":
        first = {"أ": "ا", "إ": "ا", "آ": "ا", "ا": "أ"}.get(word[0])
        return first + word[1:] if first else word
    if kind == "final ى/ي or ة/ه":
        last = {"ي": "ى", "ى": "ي", "ة": "ه"}.get(word[-1])
        return word[:-1] + last if last else word
    if kind == "diacritics":
        return "".join(letter + ("\u064e" if index % 2 == 0 and letter.isalpha() else "") for index, letter in enumerate(word))
    return word[:2] + "\u0640\u0640" + word[2:] if len(word) > 3 else word


class ArchiveEngine:
    """The archive's analyzer, query language, proclitic expansion and actor spellings."""

    name = "archive (Arabic)"

    def __init__(self, documents: list[Document], gazetteer: Gazetteer, folder: Path):
        self.gazetteer = gazetteer
        schema = fields.Schema(
            key=fields.ID(stored=True, unique=True),
            text=fields.TEXT(analyzer=arabic_analyzer(), stored=True),
            surface=fields.TEXT(analyzer=surface_analyzer(), phrase=False),
            actors=fields.KEYWORD(commas=True),
        )
        self.index = index.create_in(str(folder), schema)
        with self.index.writer(procs=1, limitmb=256) as writer:
            for doc in documents:
                writer.add_document(key=doc.key, text=doc.text, surface=doc.text, actors=",".join(gazetteer.count(doc.text)))

    def search(self, text: str) -> list[str]:
        with self.index.searcher() as searcher:
            try:
                query = QueryBuilder(searcher.reader(), self.gazetteer).build(parse_query(text))
            except QueryHasNoTerms:
                return []
            return [hit["key"] for hit in searcher.search(query, limit=None)]


class PeerEngine:
    """A peer engine (`peers.py`) asked for every article it finds, best first."""

    def __init__(self, peer, documents: list[Document], gazetteer: Gazetteer):
        self.name = peer.name
        self.peer = peer
        peer.build(Document(doc.key, doc.text, actors=tuple(gazetteer.count(doc.text))) for doc in documents)

    def search(self, text: str) -> list[str]:
        try:
            return self.peer.search(SearchRequest(query=parse_query(text), page_size=10**6, with_facets=False)).keys
        except (QuerySyntaxError, QueryHasNoTerms):
            return []


def score(engines, queries: list[tuple[dict, set[str]]]) -> list[QueryScore]:
    """Recall and reciprocal rank of each engine on each (query, relevant keys)."""
    scores = []
    for query, relevant in queries:
        recall, reciprocal, returned, first_page = {}, {}, {}, {}
        for engine in engines:
            ranked = engine.search(query["query"])
            returned[engine.name] = len(ranked)
            found = relevant & set(ranked)
            recall[engine.name] = len(found) / len(relevant) if relevant else 1.0
            first = next((rank for rank, key in enumerate(ranked, start=1) if key in relevant), None)
            reciprocal[engine.name] = 1 / first if first else 0.0
            first_page[engine.name] = 1.0 if first and first <= FIRST_PAGE else 0.0
        scores.append(
            QueryScore(query["id"], query["query"], query["covers"], len(relevant), recall, reciprocal, returned, first_page)
        )
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
            parts += _known_item_parts("known items", documents, collection.get("known_item_queries", []))
            held_out = corpus_documents(sample, corpus, HELD_OUT_DAYS)
            parts += _known_item_parts("held-out known items", held_out, collection.get("held_out_known_item_queries", []))
            second = corpus_documents(sample, corpus, SECOND_HELD_OUT_DAYS)
            parts += _known_item_parts(
                "second held-out known items", second, collection.get("second_held_out_known_item_queries", [])
            )
        built: dict[int, list] = {}
        with tempfile.TemporaryDirectory() as folder:
            for name, documents, queries in parts:
                # Parts over the same documents share one set of engines.
                if id(documents) not in built:
                    place = Path(folder) / str(len(built))
                    (place / "archive").mkdir(parents=True)
                    built[id(documents)] = [
                        ArchiveEngine(documents, gazetteer, place / "archive"),
                        PeerEngine(HaystackDefault(place / "haystack"), documents, gazetteer),
                        PeerEngine(Fts5(place / "fts5.sqlite3", gazetteer), documents, gazetteer),
                    ]
                results[name] = score(built[id(documents)], queries)
        return results
    finally:
        reset_analysis()


def _known_item_parts(name: str, documents: list[Document], collection: list[dict]) -> list[tuple]:
    """The plain and varied parts of a set of known-item queries over `documents`."""
    keys = {doc.key for doc in documents}
    known = [q for q in collection if q["key"] in keys]
    return [
        (
            f"{name}, {form}",
            documents,
            [({"id": q["id"], "query": q[form], "covers": q["covers"] if form == "varied" else "as written"}, {q["key"]}) for q in known],
        )
        for form in ("plain", "varied")
        if known
    ]


def mean(scores: list[QueryScore], attribute: str, engine: str) -> float:
    values = [getattr(score, attribute)[engine] for score in scores]
    return sum(values) / len(values) if values else 0.0


def render(results: dict[str, list[QueryScore]], *, sample: int) -> str:
    """The results as a Markdown section."""
    engines = list(next(iter(results.values()))[0].recall) if results else []
    lines = [
        "## Retrieval quality",
        "",
        "Recall (share of the relevant articles found) and MRR (mean reciprocal rank of the first relevant "
        "article) for the queries of `benchmarks/collection.json`: each typed in another form than the "
        "articles use (a prefix, another hamza seat, diacritics, tatweel, Persian letters, another spelling of a "
        "name). The peers (`benchmarks/peers.py`) index the same documents: haystack's default Whoosh "
        "setup (StemmingAnalyzer, Whoosh's query parser) and SQLite FTS5 over the archive's own analysis and "
        f"query building. Corpus part: the first {sample} non-empty articles of SaudiNewsNet days "
        f"{', '.join(CORPUS_DAYS)}; its judgments come from hand-written lists of surface forms, not from any "
        "analyzer. Made by `make bench-quality` (and by `make bench`).",
        "",
        f"Measured on: {machine()}.",
        "",
        "| part | queries | " + " | ".join(f"recall, {e}" for e in engines) + " | " + " | ".join(f"MRR, {e}" for e in engines) + " |",
        "| --- | --- |" + " --- |" * (2 * len(engines)),
    ]
    for part, scores in results.items():
        recalls = " | ".join(f"{mean(scores, 'recall', e):.3f}" for e in engines)
        ranks = " | ".join(f"{mean(scores, 'reciprocal_rank', e):.3f}" for e in engines)
        lines.append(f"| {part} | {len(scores)} | {recalls} | {ranks} |")
    known = {part: scores for part, scores in results.items() if "known items" in part}
    for name in ("known items", "held-out known items", "second held-out known items"):
        if f"{name}, plain" in known:
            lines += _known_item_lines(name, known[f"{name}, plain"], known[f"{name}, varied"], engines)
    for part, scores in results.items():
        if part in known:
            continue
        lines += [
            "",
            f"### {part.capitalize()} queries",
            "",
            "Returned: how many articles each engine returned (in the order of the columns above), beside how "
            "many are relevant.",
            "",
            "| query | tests | relevant | returned | " + " | ".join(f"recall, {e}" for e in engines) + " | "
            + " | ".join(f"RR, {e}" for e in engines) + " |",
            "| --- | --- | --- | --- |" + " --- |" * (2 * len(engines)),
        ]
        for s in scores:
            returned = " / ".join(str(s.returned[e]) for e in engines)
            recalls = " | ".join(f"{s.recall[e]:.2f}" for e in engines)
            ranks = " | ".join(f"{s.reciprocal_rank[e]:.2f}" for e in engines)
            lines.append(f"| `{s.query}` | {s.covers} | {s.relevant} | {returned} | {recalls} | {ranks} |")
    return "\n".join(lines) + "\n"


def _known_item_lines(name: str, plain: list[QueryScore], varied: list[QueryScore], engines: list[str]) -> list[str]:
    """One set of known-item queries in the report: both forms side by side, and every query
    whose varied form an engine answers worse than its plain form."""
    kept_aside = {
        "held-out known items": f" Chosen from other days ({', '.join(HELD_OUT_DAYS)}) before ranking was "
        "tuned, read once the first tuning was done, then tuned on too.",
        "second held-out known items": f" Chosen from yet other days ({', '.join(SECOND_HELD_OUT_DAYS)}) before "
        "the second tuning, and kept aside until it was done: the figure to trust.",
    }.get(name, "")
    lines = [
        "",
        f"### {name.capitalize()}",
        "",
        f"{len(plain)} queries, each the three rarest words of one article's title; found = the article is "
        f"among the results, found@{FIRST_PAGE} = on the first page, MRR = mean reciprocal rank of it. The "
        "varied form changes every word (a proclitic added or the article dropped, another hamza seat, final "
        f"ى/ي or ة/ه, diacritics, tatweel).{kept_aside}",
        "",
        f"| engine | found, plain | found, varied | found@{FIRST_PAGE}, plain | found@{FIRST_PAGE}, varied "
        "| MRR, plain | MRR, varied | queries whose varied form does worse |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for engine in engines:
        worse = sum(
            1 for p, v in zip(plain, varied) if (v.recall[engine], v.reciprocal_rank[engine]) < (p.recall[engine], p.reciprocal_rank[engine])
        )
        lines.append(
            f"| {engine} | {mean(plain, 'recall', engine):.3f} | {mean(varied, 'recall', engine):.3f} | "
            f"{mean(plain, 'first_page', engine):.3f} | {mean(varied, 'first_page', engine):.3f} | "
            f"{mean(plain, 'reciprocal_rank', engine):.3f} | {mean(varied, 'reciprocal_rank', engine):.3f} | {worse} |"
        )
    ours = engines[0]
    differing = [(p, v) for p, v in zip(plain, varied) if (p.recall[ours], p.reciprocal_rank[ours]) != (v.recall[ours], v.reciprocal_rank[ours])]
    if differing:
        lines += ["", f"Queries where the two forms differ for {ours}:", "", "| plain | varied | changes | RR plain | RR varied |", "| --- | --- | --- | --- | --- |"]
        lines += [f"| `{p.query}` | `{v.query}` | {v.covers} | {p.reciprocal_rank[ours]:.2f} | {v.reciprocal_rank[ours]:.2f} |" for p, v in differing]
    return lines


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
    parser.add_argument(
        "--make-known-items", action="store_true", help="for maintainers: choose the known-item queries afresh into the collection"
    )
    parser.add_argument(
        "--make-held-out",
        action="store_true",
        help="for maintainers: choose the second held-out known-item queries (other days), to keep aside while tuning ranking",
    )
    options = parser.parse_args()
    if options.make_known_items or options.make_held_out:
        collection = json.loads(COLLECTION.read_text(encoding="utf-8"))
        key, days = (
            ("second_held_out_known_item_queries", SECOND_HELD_OUT_DAYS)
            if options.make_held_out
            else ("known_item_queries", CORPUS_DAYS)
        )
        collection[key] = make_known_items(corpus_documents(options.sample, days=days))
        COLLECTION.write_text(json.dumps(collection, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{len(collection[key])} queries written to {COLLECTION} as {key}")
        return
    section = render(evaluate(sample=options.sample), sample=options.sample)
    if options.write:
        replace_section(options.write, section)
    print(section)


def replace_section(path: Path, section: str) -> None:
    """Put `section` in the file in place of its previous version (found by its heading
    line), keeping the rest."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    heading = section.splitlines()[0]
    found = re.search(rf"^{re.escape(heading)}$", text, flags=re.MULTILINE)
    if found is None:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        start = found.start()
        following = re.search(r"^## ", text[found.end() :], flags=re.MULTILINE)
        end = found.end() + following.start() if following else len(text)
        text = text[:start] + section + ("\n" + text[end:] if following else "")
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()

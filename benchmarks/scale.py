"""Performance at archive scale, measured against peers: what `make bench` runs.

For each size (by default 10k articles, the whole SaudiNewsNet corpus, and a 4x corpus
made of the corpus and three labelled copies) a fresh archive is built in a temporary
folder exactly as an administrator builds one (`migrate`, `bootstrap_archive`,
`import_articles` on the corpus zips), then:

- import: wall time of the whole pipeline (read, parse, tag, save, index) and of its two
  phases, and of rebuilding the index from the database alone (`bootstrap_archive
  --reindex`); peak memory; index and database size;
- serving: gunicorn with one worker; time from start to the first answer; the worker's
  memory after the query mix; latency p50/p95/p99 of each query type of `QUERY_MIX`,
  through the JSON API and the HTML search page, over HTTP;
- peers (at the corpus size): haystack's stock Whoosh setup and SQLite FTS5 with the
  archive's Arabic analysis (`peers.py`) index the same articles, read from the archive's
  database; every engine, ours included, answers the same requests in-process, so each
  figure of ours has a ratio beside it; retrieval quality of all three comes from
  `retrieval.py`.

Every timing is the median of `--runs` runs (the 4x import runs once). The corpus is read
from ../shared at run time; without it the benchmark says so and exits cleanly.

    python -m benchmarks.scale --write BENCHMARKS.md
"""

import argparse
import cProfile
import json
import math
import os
import pstats
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from archive.search.analysis import reset_analysis
from archive.search.engine import QueryHasNoTerms, SearchRequest, search_articles
from archive.text.actors import Gazetteer, aliases_from_records
from archive.text.query import parse_query

from . import retrieval
from .peers import Document, Fts5, HaystackDefault

ROOT = retrieval.ROOT
CORPUS = retrieval.CORPUS
# Labels of the copies that make the 4x archive: in the title, a line of the body and the URL.
COPY_TITLE = "نسخة قياس {copy}: {title}"
COPY_LINE = "[نسخة مكررة من المقال لقياس الأداء، رقم {copy}]"
PERCENTILES = (50, 95, 99)
# Targets of issue 4, in milliseconds, for the API's p95.
TARGET_P95_MS = {"corpus": 50, "4x": 150}
TARGET_IMPORT_SECONDS = 60
# A peer's index build slower than this is timed once.
SLOW_BUILD_SECONDS = 120
# Peers answer each variant this many times per run (haystack's stock facets take ~0.3 s).
PEER_REPEATS = 3


@dataclass(frozen=True)
class QueryType:
    """One kind of request of the mix, with the variants it is measured on."""

    name: str
    variants: tuple[dict, ...]


QUERY_MIX = (
    QueryType("common word", ({"q": "السعودية"}, {"q": "المملكة"}, {"q": "الرياض"})),
    QueryType("rare word", ({"q": "اليونسكو"}, {"q": "الزلزال"}, {"q": "بوتين"})),
    QueryType("phrase", ({"q": '"ولي العهد"'}, {"q": '"مجلس الوزراء"'}, {"q": '"الأمم المتحدة"'})),
    QueryType("actor filter", ({"actor": "iran"}, {"actor": "russia"}, {"actor": "united-states"})),
    QueryType("source filter", ({"source": "okaz"}, {"source": "sabq"}, {"source": "alriyadh"})),
    QueryType(
        "date range",
        ({"from": "2015-07-21", "to": "2015-07-23"}, {"from": "2015-08-01", "to": "2015-08-05"}, {"from": "2015-08-08"}),
    ),
    QueryType(
        "words, filters and facets",
        (
            {"q": "النفط", "source": "aleqtisadiya"},
            {"q": "الحوثي", "actor": "iran"},
            {"q": "الرياض", "from": "2015-08-01", "to": "2015-08-10"},
        ),
    ),
    QueryType(
        "sort by date",
        ({"q": "السعودية", "sort": "newest"}, {"q": "الرياض", "sort": "oldest"}, {"q": "المملكة", "sort": "newest"}),
    ),
    QueryType(
        "highlighting, 100 hits",
        ({"q": "الأمير", "page_size": "100"}, {"q": "الهلال", "page_size": "100"}, {"q": "وزير", "page_size": "100"}),
    ),
    QueryType("page 50 of a large result", ({"q": "المملكة", "page": "50"}, {"page": "50"}, {"q": "السعودية", "page": "50"})),
    QueryType("no query, newest first", ({}, {"page": "2"}, {"page": "3"})),
)


# Data sets ---------------------------------------------------------------------------


def corpus_days(corpus: Path = CORPUS) -> list[Path]:
    return sorted(corpus.glob("*.zip"))


def corpus_size(corpus: Path = CORPUS) -> int:
    return sum(len(_day_records(day)) for day in corpus_days(corpus))


def _day_records(day: Path) -> list[dict]:
    with zipfile.ZipFile(day) as archive:
        return [record for name in archive.namelist() for record in json.loads(archive.read(name))]


def dataset_files(size: int, folder: Path, corpus: Path = CORPUS) -> list[Path]:
    """Files in the corpus's own zip format holding `size` records: the first `size` of the
    corpus, the corpus itself, or the corpus followed by labelled copies of it."""
    days = corpus_days(corpus)
    whole = corpus_size(corpus)
    if size == whole:
        return days
    folder.mkdir(parents=True, exist_ok=True)
    files, remaining = [], size
    for copy in range(1, math.ceil(size / whole) + 1):
        for day in days:
            if remaining <= 0:
                return files
            whole_day = _day_records(day)
            records = whole_day[:remaining]
            remaining -= len(records)
            if copy == 1 and len(records) == len(whole_day):
                files.append(day)
                continue
            if copy > 1:
                records = [_labelled_copy(record, copy) for record in records]
            target = folder / f"copy{copy}-{day.name}"
            with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(day.stem + ".json", json.dumps(records, ensure_ascii=False))
            files.append(target)
    return files


def _labelled_copy(record: dict, copy: int) -> dict:
    content = record.get("content") or ""
    return record | {
        "title": COPY_TITLE.format(copy=copy, title=record.get("title") or ""),
        "content": f"{content}\n\n{COPY_LINE.format(copy=copy)}" if content.strip() else content,
        "url": f"{record.get('url') or ''}#bench-copy-{copy}",
    }


# Building an archive -----------------------------------------------------------------


@dataclass
class Command:
    """A finished command: its output, wall time and peak memory (largest process, MB)."""

    output: str
    seconds: float
    peak_mb: float


class Archive:
    """An archive in its own data folder, driven through manage.py as an administrator would."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.env = os.environ | {"ARCHIVE_DATA_DIR": str(folder), "DJANGO_SETTINGS_MODULE": "config.settings"}
        self.env.pop("DATABASE_URL", None)

    def manage(self, *args: str) -> Command:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        output = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{output}")
        return Command(output, seconds, usage.ru_maxrss / 1024)

    def create(self) -> None:
        """A new archive as `make run` makes it: migrated, static files collected, fixtures loaded."""
        if self.folder.exists():
            shutil.rmtree(self.folder)
        self.folder.mkdir(parents=True)
        self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        self.manage("bootstrap_archive")

    def index_mb(self) -> float:
        return _folder_mb(self.folder / "whoosh_index")

    def database_mb(self) -> float:
        return (self.folder / "archive.sqlite3").stat().st_size / 2**20


def corpus_archive(work: Path, size: int) -> Archive:
    """An archive in `work` holding `size` corpus articles, made as `make run` and an
    administrator would make it (`Archive.create`, then the import)."""
    archive = Archive(work / "archive")
    archive.create()
    archive.manage("import_articles", *map(str, dataset_files(size, work / "data")), "--no-progress")
    return archive


def _folder_mb(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) / 2**20


@dataclass
class ImportFigures:
    """Medians over runs of one size's import."""

    runs: int
    imported: int
    duplicates: int
    failed: int
    total_s: float
    parse_save_s: float
    index_s: float
    reindex_s: float
    peak_mb: float
    index_mb: float
    database_mb: float


_PHASES = re.compile(r"Parsed and saved in ([\d.]+) s; indexed in ([\d.]+) s")
_COUNTS = re.compile(r"Imported (\d+); duplicates (\d+) .*; failed (\d+)")


def measure_import(archive: Archive, files: list[Path], runs: int) -> ImportFigures:
    """Import `files` into a fresh archive `runs` times, rebuild its index `runs` times; the
    archive is left built."""
    totals, phases, peaks, reindexes = [], [], [], []
    for _ in range(runs):
        archive.create()
        done = archive.manage("import_articles", "--no-progress", "--show-failures", "0", *map(str, files))
        totals.append(done.seconds)
        peaks.append(done.peak_mb)
        phases.append(tuple(map(float, _PHASES.search(done.output).groups())))
        counts = tuple(map(int, _COUNTS.search(done.output).groups()))
    for _ in range(runs):
        reindexes.append(archive.manage("bootstrap_archive", "--reindex").seconds)
    return ImportFigures(
        runs=runs,
        imported=counts[0],
        duplicates=counts[1],
        failed=counts[2],
        total_s=statistics.median(totals),
        parse_save_s=statistics.median(p[0] for p in phases),
        index_s=statistics.median(p[1] for p in phases),
        reindex_s=statistics.median(reindexes),
        peak_mb=max(peaks),
        index_mb=archive.index_mb(),
        database_mb=archive.database_mb(),
    )


# Serving -----------------------------------------------------------------------------


class Server:
    """gunicorn with one sync worker serving an archive on a free local port."""

    def __init__(self, archive: Archive):
        self.archive = archive
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = None

    def start(self, first_path: str) -> float:
        """Start gunicorn; return the seconds until `first_path` was answered."""
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", "1"],
            cwd=ROOT,
            env=self.archive.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = started + 120
        while time.perf_counter() < deadline:
            try:
                self.get(first_path)
                return time.perf_counter() - started
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.02)
        raise RuntimeError("gunicorn did not answer within two minutes")

    def get(self, path: str) -> float:
        """GET `path`; return the milliseconds until the whole answer was read."""
        started = time.perf_counter()
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=60) as response:
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: HTTP {response.status}")
        return (time.perf_counter() - started) * 1000

    def worker_memory_mb(self) -> tuple[float, float]:
        """The worker's resident memory now and at its peak."""
        master = self.process.pid
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        status = Path(f"/proc/{children[0]}/status").read_text()
        values = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, flags=re.MULTILINE))
        return int(values["VmRSS"]) / 1024, int(values["VmHWM"]) / 1024

    def stop(self) -> None:
        if self.process:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
            self.process = None


def _path(interface: str, params: dict) -> str:
    base = "/api/articles/" if interface == "api" else "/search/"
    return base + ("?" + urllib.parse.urlencode(params) if params else "")


@dataclass
class ServingFigures:
    first_answer_s: float
    worker_mb: float
    worker_peak_mb: float
    # {interface: {query type: {percentile: ms}}}
    latency: dict[str, dict[str, dict[int, float]]]
    # {interface: {query type: slowest ms}} of each variant asked for the first time
    first: dict[str, dict[str, float]]
    hits: dict[str, list[int]] = field(default_factory=dict)


def measure_serving(archive: Archive, runs: int, repeats: int) -> ServingFigures:
    """Start gunicorn `runs` times for the first answer; run the query mix `runs` times."""
    first_path = _path("api", QUERY_MIX[0].variants[0])
    starts, server = [], None
    for _ in range(runs):
        server = Server(archive)
        starts.append(server.start(first_path))
        if len(starts) < runs:
            server.stop()
    try:
        hits = {query.name: [_count(server, variant) for variant in query.variants] for query in QUERY_MIX}
        # A first pass over the mix meets every variant for the first time (nothing of it
        # remembered yet); it is reported on its own, the runs after it are warm.
        first = {
            interface: {query.name: max(_timings(server, interface, query, 1)) for query in QUERY_MIX}
            for interface in ("api", "html")
        }
        per_run = []
        for _ in range(runs):
            per_run.append(
                {
                    interface: {query.name: _percentiles(_timings(server, interface, query, repeats)) for query in QUERY_MIX}
                    for interface in ("api", "html")
                }
            )
        memory = server.worker_memory_mb()
    finally:
        server.stop()
    latency = {
        interface: {
            query.name: {p: statistics.median(run[interface][query.name][p] for run in per_run) for p in PERCENTILES}
            for query in QUERY_MIX
        }
        for interface in ("api", "html")
    }
    return ServingFigures(statistics.median(starts), memory[0], memory[1], latency, first, hits)


def _count(server: Server, params: dict) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{server.port}{_path('api', params | {'page': '1'})}") as response:
        return json.load(response)["count"]


def _timings(server: Server, interface: str, query: QueryType, repeats: int) -> list[float]:
    return [server.get(_path(interface, variant)) for _ in range(repeats) for variant in query.variants]


def _percentiles(samples: list[float]) -> dict[int, float]:
    ordered = sorted(samples)
    return {p: ordered[min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1)] for p in PERCENTILES}


# Peers -------------------------------------------------------------------------------


def archive_documents(archive: Archive) -> list[Document]:
    """The archive's articles as the engines index them, read from its database."""
    db = sqlite3.connect(archive.folder / "archive.sqlite3")
    actors: dict[int, list[str]] = {}
    for article_id, slug in db.execute(
        "SELECT m.article_id, a.slug FROM archive_mention m JOIN archive_actor a ON a.id = m.actor_id ORDER BY a.slug"
    ):
        actors.setdefault(article_id, []).append(slug)
    rows = db.execute(
        "SELECT a.id, a.title, a.body, a.published_on, s.slug FROM archive_article a "
        "LEFT JOIN archive_source s ON s.id = a.source_id ORDER BY a.id"
    )
    documents = [
        Document(
            str(article_id),
            f"{title}\n{body}",
            slug or "",
            date.fromisoformat(published).toordinal() if published else 0,
            tuple(actors.get(article_id, ())),
        )
        for article_id, title, body, published, slug in rows
    ]
    db.close()
    return documents


class ArchiveEngineInProcess:
    """The archive's own search on the index `import_articles` built, without Django."""

    name = "archive"

    def __init__(self, archive: Archive, gazetteer: Gazetteer):
        from whoosh import index

        self.index = index.open_dir(str(archive.folder / "whoosh_index"))
        self.gazetteer = gazetteer

    def search(self, request: SearchRequest):
        return search_articles(self.index, request, self.gazetteer)


def request_for(params: dict) -> SearchRequest:
    """The SearchRequest the search form makes of these parameters."""
    text = params.get("q", "")
    return SearchRequest(
        query=parse_query(text) if text else None,
        actors=[params["actor"]] if "actor" in params else [],
        source=params.get("source"),
        date_from=date.fromisoformat(params["from"]) if "from" in params else None,
        date_to=date.fromisoformat(params["to"]) if "to" in params else None,
        sort=params.get("sort") or ("relevance" if text else "newest"),
        page=int(params.get("page", 1)),
        page_size=int(params.get("page_size", 20)),
    )


@dataclass
class PeerFigures:
    documents: int
    build_s: dict[str, float]
    build_runs: dict[str, int]
    size_mb: dict[str, float]
    # {engine: {query type: {percentile: ms}}}
    latency: dict[str, dict[str, dict[int, float]]]
    # {query type: [(part, share of the archive engine's time)]}
    profiles: dict[str, list[tuple[str, float]]]


def measure_peers(archive: Archive, gazetteer: Gazetteer, runs: int, reindex_s: float) -> PeerFigures:
    """Build the peers from the archive's articles; time every engine on the query mix."""
    documents = archive_documents(archive)
    workers = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="archive-peers-") as folder:
        folder = Path(folder)
        factories = (
            lambda run: HaystackDefault(folder / f"haystack-{run}"),
            lambda run: Fts5(folder / f"fts5-{run}.sqlite3", gazetteer),
        )
        engines = {"archive": ArchiveEngineInProcess(archive, gazetteer)}
        build_s = {"archive": reindex_s}
        build_runs = {"archive": runs}
        size_mb = {"archive": archive.index_mb()}
        for make in factories:
            builds = []
            for run in range(runs):
                peer = make(run)
                started = time.perf_counter()
                peer.build(documents, procs=workers)
                builds.append(time.perf_counter() - started)
                if builds[-1] > SLOW_BUILD_SECONDS:
                    break  # a build this slow is timed once
            engines[peer.name] = peer
            build_s[peer.name] = statistics.median(builds)
            build_runs[peer.name] = len(builds)
            size_mb[peer.name] = peer.size() / 2**20
        latency = {}
        for name, engine in engines.items():
            per_run = []
            for _ in range(runs + 1):
                per_run.append({query.name: _percentiles(_engine_timings(engine, query, PEER_REPEATS)) for query in QUERY_MIX})
            # The first pass warms the engine (caches, page cache); it is not counted.
            latency[name] = {
                query.name: {p: statistics.median(run[query.name][p] for run in per_run[1:]) for p in PERCENTILES}
                for query in QUERY_MIX
            }
        profiles = {
            query.name: profile_split(lambda query=query: _engine_timings(engines["archive"], query, 1)) for query in QUERY_MIX
        }
    return PeerFigures(len(documents), build_s, build_runs, size_mb, latency, profiles)


def _engine_timings(engine, query: QueryType, repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        for variant in query.variants:
            request = request_for(variant)
            started = time.perf_counter()
            try:
                engine.search(request)
            except QueryHasNoTerms:
                pass
            samples.append((time.perf_counter() - started) * 1000)
    return samples


# Where the time goes -----------------------------------------------------------------

# Module prefixes a profile's own time is summed under, first match wins.
PROFILE_GROUPS = (
    ("Whoosh: posting lists, segments, matching", ("whoosh/",)),
    ("archive analysis and query building", ("archive/search/analysis", "archive/text/", "archive/search/engine")),
    ("archive article table (filters, facets, date order)", ("archive/search/table",)),
    ("Django: ORM, templates, request handling", ("django/",)),
    ("SQLite", ("sqlite3",)),
)
OTHER_GROUP = "other (Python itself, standard library)"


def profile_split(run) -> list[tuple[str, float]]:
    """Share of `run`'s time spent in each group of `PROFILE_GROUPS`, by own time; the time of
    built-ins and the standard library goes to the group of the code that called them."""
    profiler = cProfile.Profile()
    profiler.enable()
    run()
    profiler.disable()
    stats = pstats.Stats(profiler).stats

    def group_of(function) -> str | None:
        filename, _, name = function
        where = filename if filename != "~" else name
        return next((group for group, prefixes in PROFILE_GROUPS if any(p in where for p in prefixes)), None)

    totals: dict[str, float] = {}
    for function, (_, _, own, _, callers) in stats.items():
        group = group_of(function)
        if group is not None:
            totals[group] = totals.get(group, 0.0) + own
            continue
        # Split a built-in's time among its callers by the time each call spent in it.
        for caller, (_, _, spent, _) in callers.items():
            target = group_of(caller) or OTHER_GROUP
            totals[target] = totals.get(target, 0.0) + spent
        if not callers:
            totals[OTHER_GROUP] = totals.get(OTHER_GROUP, 0.0) + own
    whole = sum(totals.values()) or 1.0
    return sorted(((group, own / whole) for group, own in totals.items()), key=lambda item: -item[1])


def indexing_profile(archive: Archive, gazetteer: Gazetteer, sample: int = 1000) -> list[tuple[str, float]]:
    """Where one process's time goes while indexing `sample` of the archive's articles with
    the archive's analyzer and schema."""
    from whoosh import index

    documents = archive_documents(archive)[:sample]
    schema = index.open_dir(str(archive.folder / "whoosh_index")).schema
    with tempfile.TemporaryDirectory() as folder:
        target = index.create_in(folder, schema)

        def run():
            writer = target.writer(limitmb=256)
            for doc in documents:
                writer.add_document(
                    id=f"archive.article.{doc.key}",
                    django_ct="archive.article",
                    django_id=doc.key,
                    text=doc.text,
                    published_ordinal=doc.ordinal,
                    source=doc.source,
                    actors=",".join(doc.actors),
                )
            writer.commit()

        return profile_split(run)


# Report ------------------------------------------------------------------------------


@dataclass
class SizeFigures:
    label: str
    size: int
    imports: ImportFigures
    serving: ServingFigures


def render(sizes: list[SizeFigures], peers: PeerFigures | None, quality: dict, index_profile, runs: int) -> str:
    """The figures as the Markdown section `## Scale` of BENCHMARKS.md."""
    lines = [
        "## Scale: import, index and search",
        "",
        "Made by `make bench` (`benchmarks/scale.py`), which builds each archive from the SaudiNewsNet "
        "corpus in ../shared exactly as an administrator would (`migrate`, `bootstrap_archive`, `import_articles` "
        "on the corpus zips, SQLite and the embedded Whoosh index) and serves it with gunicorn (one sync worker). "
        f"Every figure is the median of {runs} runs unless the table says otherwise; latencies are percentiles "
        "over every request of a run (each query type has three variants, each asked several times, all listed "
        "in `QUERY_MIX`), then the median of the runs. Latency is wall time of an HTTP request from a client on "
        "the same machine, answer read in full.",
        "",
        f"Measured on: {retrieval.machine()}.",
        "",
        "### Import",
        "",
        "Whole pipeline: `import_articles` from reading the zips to the committed index (parse in worker "
        "processes, save in batches, index with one writer and as many analysing processes as cores). "
        "Index alone: `bootstrap_archive --reindex`, the index rebuilt from the database.",
        "",
        "| archive | articles imported | whole import | parse and save | index | index alone | peak memory | index size | database size | runs |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in sizes:
        i = s.imports
        lines.append(
            f"| {s.label} | {i.imported:,} ({i.duplicates:,} duplicates and {i.failed:,} empty or non-Arabic records refused) "
            f"| {i.total_s:.1f} s ({i.imported / i.total_s:.0f}/s) | {i.parse_save_s:.1f} s | {i.index_s:.1f} s "
            f"| {i.reindex_s:.1f} s | {i.peak_mb:.0f} MB | {i.index_mb:.0f} MB | {i.database_mb:.0f} MB | {i.runs} |"
        )
    lines += [
        "",
        "### Search latency through the API and the HTML page (ms)",
        "",
        "p50 / p95 / p99 of the warm runs, then the slowest of the variants asked for the first time in that "
        "worker (a text query's matches, filter sets and facets are remembered per index generation, so a "
        "next page, another sort or a facet click reuse them; the first time pays for them).",
        "",
    ]
    for interface, title in (("api", "API"), ("html", "HTML page")):
        header = "| query type | " + " | ".join(f"{s.label}: {title} p50 / p95 / p99 · first" for s in sizes) + " |"
        lines += [header, "| --- |" + " --- |" * len(sizes)]
        for query in QUERY_MIX:
            cells = [
                f"{_triple(s.serving.latency[interface][query.name])} · {s.serving.first[interface][query.name]:.0f}"
                for s in sizes
            ]
            lines.append(f"| {query.name} | " + " | ".join(cells) + " |")
        lines.append("")
    lines += [
        "",
        "Results per variant (articles found), at each size: "
        + "; ".join(f"{q.name}: " + ", ".join(
            f"{_describe(v)} {'/'.join(str(s.serving.hits[q.name][n]) for s in sizes)}" for n, v in enumerate(q.variants)
        ) for q in QUERY_MIX)
        + ".",
        "",
        "| archive | new worker: start to first answer | worker memory after the mix (peak) |",
        "| --- | --- | --- |",
    ]
    for s in sizes:
        lines.append(f"| {s.label} | {s.serving.first_answer_s:.2f} s | {s.serving.worker_mb:.0f} MB ({s.serving.worker_peak_mb:.0f} MB) |")
    if peers:
        lines += _render_peers(peers, quality)
    lines += _render_targets(sizes)
    lines += _render_growth(sizes)
    if index_profile:
        lines += [
            "",
            "### Where indexing time goes",
            "",
            "Own time by module while one process indexes 1,000 of the corpus articles with the archive's schema "
            "and analyzer (cProfile, so slower than real, but the shares hold):",
            "",
            "| part | share |",
            "| --- | --- |",
        ]
        lines += [f"| {group} | {share:.0%} |" for group, share in index_profile]
    return "\n".join(lines) + "\n"


def _describe(params: dict) -> str:
    return "«" + " ".join(f"{key}={value}" for key, value in params.items()) + "»" if params else "«(no parameters)»"


def _triple(values: dict[int, float]) -> str:
    return " / ".join(f"{values[p]:.0f}" for p in PERCENTILES)


def _render_peers(peers: PeerFigures, quality: dict) -> list[str]:
    names = list(peers.latency)
    ours = names[0]
    lines = [
        "",
        f"### Against peers ({peers.documents:,} articles)",
        "",
        "Every engine indexes the archive's articles as read from its database and answers the same requests "
        "in-process: the total, one page of ids and, for ours and both peers, the actor, source and month facets "
        "(ours without the page's database reads and snippets). The peers build from documents already in "
        "memory; ours is timed on `bootstrap_archive --reindex`, which also reads them from the database. "
        "Ratio: peer ÷ archive (above 1, the archive is faster).",
        "",
        "| | " + " | ".join(names) + " |",
        "| --- |" + " --- |" * len(names),
        "| build the index | " + " | ".join(
            f"{peers.build_s[n]:.1f} s" + ("" if n == ours else f" (×{peers.build_s[n] / peers.build_s[ours]:.2f})")
            + (" (1 run)" if peers.build_runs[n] == 1 else "")
            for n in names
        ) + " |",
        "| index size | " + " | ".join(
            f"{peers.size_mb[n]:.0f} MB" + ("" if n == ours else f" (×{peers.size_mb[n] / peers.size_mb[ours]:.2f})") for n in names
        ) + " |",
    ]
    for part, scores in quality.items():
        engines = list(scores[0].recall) if scores else []
        if len(engines) == len(names):
            lines.append(
                f"| recall / MRR, {part} queries | "
                + " | ".join(
                    f"{retrieval.mean(scores, 'recall', e):.3f} / {retrieval.mean(scores, 'reciprocal_rank', e):.3f}" for e in engines
                )
                + " |"
            )
    lines += ["", "p50 / p95 in ms, with the ratio of each peer's p95 to ours:", ""]
    lines += ["| query type | " + " | ".join(names) + " |", "| --- |" + " --- |" * len(names)]
    for query in QUERY_MIX:
        cells = []
        for name in names:
            values = peers.latency[name][query.name]
            cell = f"{values[50]:.1f} / {values[95]:.1f}"
            if name != ours:
                cell += f" (×{values[95] / max(peers.latency[ours][query.name][95], 0.01):.2f})"
            cells.append(cell)
        lines.append(f"| {query.name} | " + " | ".join(cells) + " |")
    groups = [group for group, _ in PROFILE_GROUPS if any(group in dict(p) for p in peers.profiles.values())]
    groups += [OTHER_GROUP] if any(OTHER_GROUP in dict(p) for p in peers.profiles.values()) else []
    lines += [
        "",
        "Recall and MRR are those of the retrieval-quality section below (same engines, both query sets).",
        "",
        "Where the archive engine's time goes, per query type (own time by module under cProfile, each variant "
        "once, warm):",
        "",
        "| query type | " + " | ".join(groups) + " |",
        "| --- |" + " --- |" * len(groups),
    ]
    for query in QUERY_MIX:
        shares = dict(peers.profiles[query.name])
        lines.append(f"| {query.name} | " + " | ".join(f"{shares.get(group, 0.0):.0%}" for group in groups) + " |")
    return lines


def _render_targets(sizes: list[SizeFigures]) -> list[str]:
    lines = ["", "### Targets", "", "| target | measured | met |", "| --- | --- | --- |"]
    for s in sizes:
        key = "corpus" if s.label.startswith("corpus") else "4x" if s.label.startswith("4x") else None
        if key == "corpus":
            lines.append(
                f"| whole import of the corpus under {TARGET_IMPORT_SECONDS} s | {s.imports.total_s:.0f} s "
                f"| {'yes' if s.imports.total_s < TARGET_IMPORT_SECONDS else 'no'} |"
            )
        if key:
            worst = max(QUERY_MIX, key=lambda q: s.serving.latency["api"][q.name][95])
            value = s.serving.latency["api"][worst.name][95]
            target = TARGET_P95_MS[key]
            lines.append(
                f"| {s.label}: every query type's API p95 under {target} ms | slowest: {worst.name}, {value:.0f} ms "
                f"| {'yes' if value < target else 'no'} |"
            )
    return lines


def _render_growth(sizes: list[SizeFigures]) -> list[str]:
    lines = [
        "",
        "### Growth",
        "",
        "| archive | whole import | index alone | index size | worst API p95 (query type) | median of the API p95s | first answer |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in sizes:
        api = s.serving.latency["api"]
        worst = max(api, key=lambda name: api[name][95])
        lines.append(
            f"| {s.label} | {s.imports.total_s:.0f} s | {s.imports.reindex_s:.0f} s | {s.imports.index_mb:.0f} MB "
            f"| {api[worst][95]:.0f} ms ({worst}) | {statistics.median(v[95] for v in api.values()):.0f} ms "
            f"| {s.serving.first_answer_s:.2f} s |"
        )
    return lines


# Running -----------------------------------------------------------------------------


def size_label(size: int, whole: int) -> str:
    if size == whole:
        return f"corpus ({size:,})"
    if size > whole:
        return f"4x ({size:,}: corpus + {math.ceil(size / whole) - 1} labelled copies)" if size == 4 * whole else f"{size:,} (with labelled copies)"
    return f"{size // 1000}k" if size % 1000 == 0 else f"{size:,}"


def _size(text: str, whole: int) -> int:
    return whole if text == "corpus" else 4 * whole if text == "4x" else int(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,corpus,4x", help="comma-separated sizes: numbers, 'corpus', '4x'")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (the 4x import runs once)")
    parser.add_argument("--repeats", type=int, default=4, help="times each query variant is asked per run")
    parser.add_argument("--peers-at", default="corpus", help="the size at which the peers are measured")
    parser.add_argument("--work", type=Path, help="folder for the archives (default: a temporary one, removed after)")
    parser.add_argument("--write", type=Path, help="write the sections into this Markdown file")
    options = parser.parse_args()
    if not CORPUS.exists():
        print(f"make bench: the SaudiNewsNet corpus is not at {CORPUS}; nothing was measured.")
        return
    whole = corpus_size()
    sizes = [_size(text, whole) for text in options.sizes.split(",")]
    peers_at = _size(options.peers_at, whole)
    work = options.work or Path(tempfile.mkdtemp(prefix="archive-bench-"))
    gazetteer = Gazetteer(aliases_from_records(json.loads((ROOT / "fixtures" / "gazetteer.json").read_text())["actors"]))
    results, peers, index_profile = [], None, None
    try:
        quality = retrieval.evaluate(sample=4000)
        for size in sizes:
            label = size_label(size, whole)
            print(f"{label}: preparing the data", flush=True)
            files = dataset_files(size, work / f"data-{size}")
            archive = Archive(work / f"archive-{size}")
            runs = options.runs if size <= whole else 1
            print(f"{label}: importing ({runs} runs)", flush=True)
            imports = measure_import(archive, files, runs)
            print(f"{label}: {imports}", flush=True)
            print(f"{label}: serving", flush=True)
            serving = measure_serving(archive, options.runs, options.repeats)
            results.append(SizeFigures(label, size, imports, serving))
            if size == peers_at:
                print(f"{label}: peers", flush=True)
                reset_analysis(gazetteer)
                try:
                    peers = measure_peers(archive, gazetteer, options.runs, imports.reindex_s)
                    index_profile = indexing_profile(archive, gazetteer)
                finally:
                    reset_analysis()
            shutil.rmtree(archive.folder, ignore_errors=True)
    finally:
        if not options.work:
            shutil.rmtree(work, ignore_errors=True)
    section = render(results, peers, quality, index_profile, options.runs)
    print(section)
    if options.write:
        retrieval.replace_section(options.write, section)
        retrieval.replace_section(options.write, retrieval.render(quality, sample=4000))


if __name__ == "__main__":
    main()

"""Faults under load: searches while the index is rebuilt and an import runs.

An archive served by gunicorn (two workers, as `make run` starts it) answers four clients that
search through the API and the HTML page, and open an article from a search, an actor's page
and the overview, without pause, while `import_articles` adds articles
and `bootstrap_archive --reindex` rebuilds the index twice. Counted: every answer by status
(no 5xx is the goal), how long the import and each rebuild took, and what `check_index` finds
afterwards (nothing to repair is the goal). The test suite runs it on a small archive
(`archive/tests/test_index_consistency.py`); `make bench` on 10,000 corpus articles.

    python -m benchmarks.faults --write BENCHMARKS.md
"""

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .retrieval import ROOT, machine, replace_section
from .scale import CORPUS, Archive, corpus_archive

CLIENT = """
import json, sys, time, urllib.error, urllib.parse, urllib.request
from pathlib import Path
base, stop = sys.argv[1], Path(sys.argv[2])
queries = [{"q": "بوتين"}, {"q": "قره باغ"}, {"actor": "russia"}, {"q": "صواريخ", "sort": "newest"}, {"q": "الحكومة"}]
# Pages that read the index beside the database: a seed opened from a search (its neighbours),
# an actor's timeline and co-mentions, the overview.
pages = ["/articles/1/?" + urllib.parse.urlencode({"q": "روسيا", "rank": 2}), "/actors/russia/", "/"]
statuses, n = {}, 0
while not stop.exists():
    for url in ("/api/articles/?" + urllib.parse.urlencode(queries[n % 5]), "/search/?" + urllib.parse.urlencode(queries[n % 5]), pages[n % 3]):
        try:
            status = urllib.request.urlopen(base + url, timeout=60).status
        except urllib.error.HTTPError as error:
            status = error.code
        statuses[status] = statuses.get(status, 0) + 1
    n += 1
print(json.dumps(statuses))
"""


@dataclass
class LoadRun:
    """What the clients got while the archive was rebuilt and fed."""

    statuses: dict[str, int]
    import_s: float
    rebuild_s: list[float]
    check: str

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status.startswith("5"))


def search_during_rebuild_and_import(
    archive: Archive, records: list[Path], *, clients: int = 4, rebuilds: int = 2, workers: int = 2
) -> LoadRun:
    """Serve `archive` with gunicorn, let `clients` search while `records` are imported and
    the index is rebuilt `rebuilds` times, then ask `check_index` what differs."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    command = ["-m", "gunicorn", "-c", "config/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    server = subprocess.Popen([sys.executable, *command], cwd=ROOT, env=archive.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stop = archive.folder / "stop-searching"
    try:
        _wait_for(base)
        searchers = [
            subprocess.Popen([sys.executable, "-c", CLIENT, base, str(stop)], stdout=subprocess.PIPE, text=True)
            for _ in range(clients)
        ]
        started = time.perf_counter()
        importer = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "import_articles", *map(str, records), "--no-progress"],
            cwd=ROOT,
            env=archive.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        rebuild_s = [archive.manage("bootstrap_archive", "--reindex").seconds for _ in range(rebuilds)]
        _, errors = importer.communicate(timeout=3600)
        if importer.returncode:
            raise RuntimeError(f"the import failed:\n{errors}")
        import_s = time.perf_counter() - started
        stop.touch()
        statuses: dict[str, int] = {}
        for searcher in searchers:
            output, _ = searcher.communicate(timeout=300)
            for status, count in json.loads(output).items():
                statuses[status] = statuses.get(status, 0) + count
    finally:
        stop.touch()
        server.terminate()
        server.wait(timeout=60)
    return LoadRun(statuses, import_s, rebuild_s, archive.manage("check_index", "--dry-run").output.strip())


def _wait_for(base: str) -> None:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(base + "/", timeout=10).read()
            return
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer within two minutes") from None
            time.sleep(0.2)


def synthetic_records(folder: Path, count: int, *, seed_file: Path) -> Path:
    """`count` import records, each a seed article with a line of its own."""
    title, body = seed_file.read_text(encoding="utf-8").split("\n", 1)
    records = folder / f"records-{count}.jsonl"
    with records.open("w", encoding="utf-8") as out:
        for number in range(count):
            text = f"قال المراسل في التقرير رقم {number} إن المحادثات مستمرة.\n{body}"
            out.write(json.dumps({"title": f"{title} {number}", "body": text, "date": "2021-11-26"}, ensure_ascii=False) + "\n")
    return records


def render(run: LoadRun, *, base_articles: str, imported: int) -> str:
    """The run as a Markdown section."""
    statuses = ", ".join(f"{status}: {count:,}" for status, count in sorted(run.statuses.items()))
    return "\n".join(
        [
            "## Faults under load: searching during rebuilds and an import",
            "",
            f"Made by `make bench` (`benchmarks/faults.py`) on {machine()}. An archive of {base_articles}, "
            "served by gunicorn with two workers as `make run` serves it, answered four clients searching "
            f"without pause through the API and the HTML page while {imported:,} articles were imported and "
            "`bootstrap_archive --reindex` rebuilt the index twice.",
            "",
            "| | |",
            "| --- | --- |",
            f"| answers by status | {statuses} |",
            f"| server errors (5xx) | {run.server_errors} |",
            f"| import, from start to its last index commit | {run.import_s:.1f} s |",
            f"| rebuilds | {', '.join(f'{seconds:.1f} s' for seconds in run.rebuild_s)} |",
            f"| `check_index --dry-run` afterwards | {run.check} |",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000, help="corpus articles in the archive before the load")
    parser.add_argument("--import", dest="imported", type=int, default=3_000, help="articles imported during the load")
    parser.add_argument("--write", type=Path, help="write the section into this Markdown file")
    options = parser.parse_args()
    if not CORPUS.exists():
        print(f"make bench: the SaudiNewsNet corpus is not at {CORPUS}; nothing was measured.")
        return
    with tempfile.TemporaryDirectory(prefix="archive-faults-") as work:
        work = Path(work)
        archive = corpus_archive(work, options.size)
        seed = ROOT.parent / "shared" / "seeds" / "003_a4fa7c30a34d5282.txt"
        run = search_during_rebuild_and_import(archive, [synthetic_records(work, options.imported, seed_file=seed)])
    section = render(run, base_articles=f"{options.size:,} SaudiNewsNet articles", imported=options.imported)
    print(section)
    if options.write:
        replace_section(options.write, section)


if __name__ == "__main__":
    main()

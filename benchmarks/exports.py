"""How fast the exports stream, and whether their memory stays flat, at corpus size.

An archive of the SaudiNewsNet corpus is built as an administrator builds one
(`import_articles`), then:

- `manage.py export_articles` writes the whole archive in each format (csv, excel-csv, jsonl)
  to a file: rows per second, megabytes per second and the process's peak memory, beside the
  peak of a process that only starts Django (`manage.py check`): what the export adds;
- the search page's download (`/search/export.jsonl` and `.csv`, no parameters: every article)
  is read over HTTP from gunicorn with one worker, the site's cap lifted for the measure: the
  rows per second and the worker's peak memory before and after.

Every row count is compared with the database's. Timings are medians of `--runs` runs.

    python -m benchmarks.exports --write BENCHMARKS.md
"""

import argparse
import csv
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from .retrieval import ROOT, machine, replace_section
from .scale import CORPUS, Archive, Server, corpus_archive, corpus_size

FORMATS = ("csv", "excel-csv", "jsonl")
# The site's cap on a download unless ARCHIVE_EXPORT_MAX_ROWS says otherwise (config/settings.py).
DEFAULT_CAP = 20_000
# The CSVs' header rows: the Arabic labels, then the machine names.
CSV_HEADER_ROWS = 2


def article_count(archive: Archive) -> int:
    finished = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", "from archive.models import Article; print(Article.objects.count())"],
        cwd=ROOT,
        env=archive.env,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(finished.stdout.split()[-1])


def rows_in(path: Path, export_format: str) -> int:
    """The articles in an export file, counted by reading it back as its format."""
    if export_format == "jsonl":
        with path.open(encoding="utf-8") as handle:
            return sum(1 for line in handle if json.loads(line))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - CSV_HEADER_ROWS


def measure_command(archive: Archive, work: Path, runs: int) -> dict:
    """`export_articles` of the whole archive in each format, `runs` times each."""
    baseline = archive.manage("check").peak_mb
    figures = {}
    for export_format in FORMATS:
        output = work / f"export.{export_format}"
        done = [archive.manage("export_articles", "--format", export_format, "--output", str(output)) for _ in range(runs)]
        figures[export_format] = {
            "rows": rows_in(output, export_format),
            "seconds": statistics.median(run.seconds for run in done),
            "mb": output.stat().st_size / 2**20,
            "peak_mb": max(run.peak_mb for run in done),
        }
        output.unlink()
    return {"baseline_mb": baseline, "formats": figures}


def measure_download(archive: Archive, runs: int) -> dict:
    """The search page's downloads of every article over HTTP, from one gunicorn worker."""
    archive.env["ARCHIVE_EXPORT_MAX_ROWS"] = str(10**9)
    server = Server(archive)
    figures = {}
    try:
        server.start("/api/articles/")
        # Warm: the index and its table read, a smaller download made.
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/search/export.jsonl?source=okaz", timeout=600) as response:
            figures["small_rows"] = response.read().count(b"\n")
        before = server.worker_memory_mb()[1]
        for export_format, path in (("jsonl", "/search/export.jsonl"), ("csv", "/search/export.csv")):
            timings = []
            for _ in range(runs):
                started = time.perf_counter()
                size, lines = 0, 0
                with urllib.request.urlopen(f"http://127.0.0.1:{server.port}{path}", timeout=600) as response:
                    while chunk := response.read(1 << 16):
                        size += len(chunk)
                        lines += chunk.count(b"\n")
                timings.append(time.perf_counter() - started)
            figures[export_format] = {"seconds": statistics.median(timings), "mb": size / 2**20, "lines": lines}
        figures["worker_peak_before_mb"] = before
        figures["worker_peak_after_mb"] = server.worker_memory_mb()[1]
    finally:
        server.stop()
    return figures


def render(articles: int, command: dict, download: dict, runs: int, note: str) -> str:
    lines = [
        "## Exports at corpus size",
        "",
        f"The whole archive of {articles:,} SaudiNewsNet articles written out, median of {runs} runs; SQLite,",
        f"{machine()}. `python -m benchmarks.exports` (run by `make bench`).{note}",
        "",
        "`manage.py export_articles` to a file (every row read back and counted). Peak memory is the",
        f"process's; a process that only starts Django (`manage.py check`) peaks at {command['baseline_mb']:.0f} MB.",
        "",
        "| format | rows | time | rows/s | MB written | MB/s | peak memory |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for export_format, row in command["formats"].items():
        lines.append(
            f"| {export_format} | {row['rows']:,} | {row['seconds']:.1f} s | {row['rows'] / row['seconds']:,.0f} | {row['mb']:.0f} |"
            f" {row['mb'] / row['seconds']:.1f} | {row['peak_mb']:.0f} MB |"
        )
    lines += [
        "",
        "The search page's download of every article (`/search/export.jsonl`, `/search/export.csv`, no",
        "parameters), read over HTTP from gunicorn with one sync worker, the cap lifted for the measure:",
        "",
        "| download | rows | time | rows/s | MB |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    growth = download["worker_peak_after_mb"] - download["worker_peak_before_mb"]
    slowest = min(articles / download[export_format]["seconds"] for export_format in ("jsonl", "csv"))
    for export_format in ("jsonl", "csv"):
        row = download[export_format]
        # JSON Lines: a line an article; the CSV's count is the command's (its cells hold line breaks).
        rows = row["lines"] if export_format == "jsonl" else command["formats"]["csv"]["rows"]
        lines.append(f"| {export_format} | {rows:,} | {row['seconds']:.1f} s | {rows / row['seconds']:,.0f} | {row['mb']:.0f} |")
    lines += [
        "",
        f"The worker's peak memory: {download['worker_peak_before_mb']:.0f} MB after the download of one outlet's"
        f" {download['small_rows']:,} articles (`source=okaz`), {download['worker_peak_after_mb']:.0f} MB after the"
        f" downloads of all {articles:,}: {growth:.0f} MB more for {articles / download['small_rows']:.0f} times the rows"
        f" and {download['csv']['mb']:.0f} MB written, the list of ids and one chunk of articles.",
        f"At {slowest:,.0f} rows/s a download of the default cap ({DEFAULT_CAP:,} rows, `ARCHIVE_EXPORT_MAX_ROWS`) holds"
        f" a worker about {DEFAULT_CAP / slowest:.0f} s; gunicorn stops a worker after 30 s.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each export")
    parser.add_argument("--archive", type=Path, help="an archive's data folder already built (default: build one)")
    parser.add_argument("--note", default="", help="a sentence on the conditions of the run, added to the section")
    parser.add_argument("--write", type=Path, help="write the section into this Markdown file")
    options = parser.parse_args()
    if not CORPUS.exists() and not options.archive:
        print(f"make bench: the SaudiNewsNet corpus is not at {CORPUS}; nothing was measured.")
        return
    with tempfile.TemporaryDirectory(prefix="archive-exports-") as work:
        archive = Archive(options.archive) if options.archive else corpus_archive(Path(work), corpus_size())
        articles = article_count(archive)
        command = measure_command(archive, Path(work), options.runs)
        for row in command["formats"].values():
            assert row["rows"] == articles, (row, articles)
        download = measure_download(archive, options.runs)
        assert download["jsonl"]["lines"] == articles, (download, articles)
    note = f" {options.note}" if options.note else ""
    section = render(articles, command, download, options.runs, note)
    print(section)
    if options.write:
        replace_section(options.write, section)


if __name__ == "__main__":
    main()

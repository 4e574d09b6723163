"""How long the public pages take on a large archive: the overview, the directories, an
actor's page with its co-mentions, a source's page, searches with their timelines, an article
opened from a search.

An archive of corpus articles is built as an administrator would (`import_articles`); each
page is then asked for through Django's test client in one process (the time of the view, its
queries and its template, without the network), once to warm up and then `--repeat` times.
Reported: the median and the slowest time, and the number of database queries.

    python -m benchmarks.pages --size 10000 --write BENCHMARKS.md
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from .retrieval import ROOT, machine, replace_section
from .scale import CORPUS, Archive, corpus_archive

MEASURE = """
import json, statistics, sys, time
import django
django.setup()
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from archive.models import Actor, Article, Source

repeat = int(sys.argv[1])
actor = Actor.objects.annotate(n=Count("mentions")).order_by("-n").first()
source = Source.objects.annotate(n=Count("articles")).order_by("-n").first()
client = Client()
article = Article.objects.exclude(published_on=None).order_by("-published_on").first()
pages = [
    ("home", "/"),
    ("articles, newest first", "/articles/"),
    ("actors directory", "/actors/"),
    ("actors directory, a name", "/actors/?q=" + actor.name),
    ("sources directory", "/sources/"),
    (f"actor page, the most named ({actor.n:,} articles)", actor.get_absolute_url()),
    (f"source page, the largest ({source.n:,} articles)", source.get_absolute_url()),
    ("search, one common word", "/search/?q=الحكومة"),
    ("search, a word, an actor and a year", f"/search/?q=الحكومة&actor={actor.slug}&from=2015-01-01&to=2015-12-31"),
    ("search, an actor alone", f"/search/?actor={actor.slug}"),
    ("article opened from a search (neighbours)", f"{article.get_absolute_url()}?q=الحكومة&sort=newest&rank=3"),
]
rows = []
for name, url in pages:
    assert client.get(url, HTTP_HOST="127.0.0.1").status_code == 200, url
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, HTTP_HOST="127.0.0.1")
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, url
    rows.append({"page": name, "median_ms": statistics.median(times) * 1000, "max_ms": max(times) * 1000, "queries": len(queries)})
print(json.dumps({"articles": Article.objects.count(), "rows": rows}))
"""


def measure(archive: Archive, repeat: int) -> dict:
    """The pages' times on `archive`, measured in a process of its own."""
    finished = subprocess.run(
        [sys.executable, "-c", MEASURE, str(repeat)],
        cwd=ROOT,
        env=archive.env | {"DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver"},
        capture_output=True,
        text=True,
    )
    if finished.returncode:
        raise RuntimeError(finished.stderr)
    return json.loads(finished.stdout.strip().splitlines()[-1])


def render(result: dict, repeat: int) -> str:
    lines = [
        "## Pages at scale",
        "",
        f"Each public page on an archive of {result['articles']:,} SaudiNewsNet articles, through Django's test",
        f"client in one process (view, queries and template, no network), warmed once then asked {repeat} times;",
        f"SQLite, {machine()}. `python -m benchmarks.pages` (run by `make bench`).",
        "",
        "| page | median | slowest | queries |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [f"| {row['page']} | {row['median_ms']:.0f} ms | {row['max_ms']:.0f} ms | {row['queries']} |" for row in result["rows"]]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000, help="corpus articles in the archive")
    parser.add_argument("--repeat", type=int, default=5, help="times each page is asked for after warming up")
    parser.add_argument("--write", type=Path, help="write the section into this Markdown file")
    options = parser.parse_args()
    if not CORPUS.exists():
        print(f"make bench: the SaudiNewsNet corpus is not at {CORPUS}; nothing was measured.")
        return
    with tempfile.TemporaryDirectory(prefix="archive-pages-") as work:
        section = render(measure(corpus_archive(Path(work), options.size), options.repeat), options.repeat)
    print(section)
    if options.write:
        replace_section(options.write, section)


if __name__ == "__main__":
    main()

"""The index stays equal to the database under concurrent writers and after index commands."""

import json
import os
import subprocess
import sys
import time
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from haystack.query import SearchQuerySet

from archive.models import Article

from .seeds import SEEDS

WRITER = """
import sys, time
from pathlib import Path
from archive import services
parser = services.parser_from_database()
base = open(sys.argv[1], encoding="utf-8").read()
worker, count, barrier = sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
# Both writers start writing at the same moment, so their index writes collide.
(barrier / f"ready-{worker}").touch()
while not (barrier / "go").exists():
    time.sleep(0.005)
created = []
for number in range(count):
    title, rest = base.split("\\n", 1)
    data = f"{title}\\nقال المراسل {worker} في السطر {number} إن المحادثات مستمرة.\\n{rest}".encode()
    parsed = services.upload_parse(data=data, filename=f"{worker}-{number}.txt", parser=parser)
    created.append(services.article_create(parsed=parsed, raw=data, gazetteer=parser.gazetteer))
    if number % 2 == 1:
        services.article_delete(article=created.pop(0))
"""

COUNT = 40

STATE = """
import json
from haystack.query import SearchQuerySet
from archive.models import Article
print(json.dumps({
    "database": sorted(Article.objects.values_list("pk", flat=True)),
    "index": sorted(int(r.pk) for r in SearchQuerySet().models(Article)),
}))
"""


def manage(data_dir, *args, wait=True):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "ARCHIVE_"))}
    environment.update(ARCHIVE_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="config.settings")
    command = [sys.executable, str(settings.BASE_DIR / "manage.py"), *args]
    if not wait:
        return subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run(command, env=environment, capture_output=True, text=True, check=True).stdout


def test_two_processes_adding_and_deleting_leave_index_equal_to_database(tmp_path):
    manage(tmp_path, "migrate", "--noinput", "-v0")
    manage(tmp_path, "bootstrap_archive")
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    writers = [
        manage(
            tmp_path,
            "shell",
            "--no-imports",
            "-c",
            f"import sys; sys.argv = ['w', {str(SEEDS[3].path)!r}, {name!r}, '{COUNT}', {str(tmp_path)!r}]; "
            f"exec(open({str(script)!r}).read())",
            wait=False,
        )
        for name in ("first", "second")
    ]
    deadline = time.monotonic() + 120
    while not all((tmp_path / f"ready-{name}").exists() for name in ("first", "second")):
        assert time.monotonic() < deadline, "the writers did not start"
        time.sleep(0.01)
    (tmp_path / "go").touch()
    for writer in writers:
        _, errors = writer.communicate(timeout=600)
        assert writer.returncode == 0, errors
    state = json.loads(manage(tmp_path, "shell", "--no-imports", "-c", STATE))
    assert len(state["database"]) == 5 + 2 * (COUNT - COUNT // 2)
    assert state["index"] == state["database"]


@pytest.mark.django_db(transaction=True)
def test_rebuild_and_update_index_commands(archive_data):
    call_command("bootstrap_archive", stdout=StringIO())
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert SearchQuerySet().models(Article).count() == Article.objects.count() == 5
    call_command("update_index", verbosity=0)
    assert SearchQuerySet().models(Article).count() == 5
    assert {int(r.pk) for r in SearchQuerySet().filter(actors="csto")} == set(
        Article.objects.filter(mentions__actor__slug="csto").values_list("pk", flat=True)
    )


HOLDER = """
import fcntl, sys, time
from whoosh.index import open_dir
path = sys.argv[1]
with open(path + ".write-lock", "a+") as lock:
    fcntl.flock(lock, fcntl.LOCK_EX)
    writer = open_dir(path).writer()  # holds Whoosh's own lock too
    print("held", flush=True)
    time.sleep(1.5)
    writer.cancel()
"""


@pytest.mark.django_db(transaction=True)
def test_a_delete_waits_for_another_writer_instead_of_being_lost(seed_archive, isolated_files):
    """haystack's own remove() raises LockError at once here and, silently failing, keeps the article findable."""
    from archive import services

    article = Article.objects.get(original_filename=SEEDS[2].filename)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(isolated_files / "index")], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        services.article_delete(article=article)
        waited = time.monotonic() - started
    finally:
        holder.wait(timeout=30)
    assert waited > 0.5  # it queued behind the other writer
    indexed = {int(result.pk) for result in SearchQuerySet().models(Article)}
    assert article.pk not in indexed
    assert indexed == set(Article.objects.values_list("pk", flat=True))


@pytest.mark.django_db(transaction=True)
def test_bulk_indexing_with_several_processes_finds_what_one_process_finds(seed_archive, isolated_files, monkeypatch, client):
    """`index_new_articles` with analysing processes (as imports and --reindex use it) builds an
    index that answers like the one-process index of `seed_archive`."""
    from archive.search import backend, indexing

    queries = [{"q": "صواريخ"}, {"q": "قره باغ"}, {"q": '"حفظ السلام"'}, {"actor": "csto"}, {"source": "alwafd"}]
    expected = [client.get("/api/articles/", query).json() for query in queries]
    monkeypatch.setattr(indexing, "ARTICLES_PER_PROCESS", 1)
    monkeypatch.setattr(backend, "WRITER_BATCH", 1)
    assert indexing.index_sync(procs=2, force=True) == 5
    assert len(list((isolated_files / "index").glob("*.seg"))) == 2  # one per analysing process
    assert [client.get("/api/articles/", query).json() for query in queries] == expected
    assert sorted(int(r.pk) for r in SearchQuerySet().models(Article)) == sorted(Article.objects.values_list("pk", flat=True))

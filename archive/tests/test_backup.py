"""Backup and restore, round trip between two data folders, with real processes."""

import json
import re
import time

import pytest

from .seeds import SEEDS
from .test_index_consistency import _records, manage

EVERYTHING = """
import json, hashlib
from archive.models import Article
rows = []
for a in Article.objects.order_by("checksum").select_related("source").prefetch_related("mentions__actor"):
    original = a.original_file.read() if a.original_file else b""
    rows.append([a.title, a.body, str(a.published_on), a.date_source, a.date_confidence, a.date_note,
                 a.source.slug if a.source else None, a.url, a.original_text, a.original_filename, a.checksum,
                 a.body_fingerprint, sorted((m.actor.slug, m.count, m.is_manual) for m in a.mentions.all()),
                 hashlib.sha256(original).hexdigest(),
                 sorted(Article.objects.filter(story=a.story).values_list("checksum", flat=True)) if a.story_id else [],
                 bytes(a.story_signature or b"").hex(), a.story_shingles, sorted(a.story_buckets.values_list("key", flat=True))])
print(json.dumps(rows, ensure_ascii=False))
"""


def test_a_backup_restores_every_article_and_original_into_an_empty_archive(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    manage(source, "migrate", "--noinput", "-v0")
    manage(source, "bootstrap_archive")
    manage(source, "import_articles", str(_records(tmp_path, 30)), str(SEEDS[1].path.parent), "--no-progress")
    (source / "secret_key").write_text("a-key-kept-in-the-data-folder")
    backup = tmp_path / "archive-backup.tar.gz"
    assert "Backed up" in manage(source, "backup_archive", str(backup))
    restored = manage(target, "restore_archive", str(backup))
    assert "Restored 35 articles" in restored
    # The 30 records retell one seed page, one line apart: with that seed, one story of 31.
    everything = json.loads(manage(source, "shell", "--no-imports", "-c", EVERYTHING))
    assert max(len(row[14]) for row in everything) == 31
    assert json.loads(manage(target, "shell", "--no-imports", "-c", EVERYTHING)) == everything
    assert (target / "secret_key").read_text() == (source / "secret_key").read_text()
    assert "holds every article at its current version" in manage(target, "check_index", "--dry-run")
    # Restoring into an archive that holds articles is refused, and changes nothing.
    refused = manage(target, "restore_archive", str(backup), wait=False)
    _, errors = refused.communicate(timeout=120)
    assert refused.returncode != 0 and "not empty" in errors


@pytest.mark.django_db(transaction=True)
def test_a_backup_is_taken_in_one_transaction_on_the_configured_database(seed_archive, tmp_path):
    import tarfile

    from archive.backup import backup_write
    from archive.models import Article

    manifest = backup_write(path=tmp_path / "backup.tar.gz")
    assert manifest["counts"]["archive.article"] == Article.objects.count() == 5
    with tarfile.open(tmp_path / "backup.tar.gz") as archive:
        names = archive.getnames()
        records = archive.extractfile("records.jsonl").read().decode().splitlines()
    assert {"manifest.json", "records.jsonl"} <= set(names)
    assert sum(1 for line in records if '"model": "archive.article"' in line) == 5


def test_a_backup_taken_while_writers_add_and_delete_is_one_consistent_moment(tmp_path):
    from .test_index_consistency import _start_writers

    source, target = tmp_path / "source", tmp_path / "target"
    manage(source, "migrate", "--noinput", "-v0")
    manage(source, "bootstrap_archive")
    writers = _start_writers(source, 30)  # adding articles with their mentions, deleting others
    backup = tmp_path / "during-writes.tar.gz"
    manage(source, "backup_archive", str(backup))
    for writer in writers:
        _, errors = writer.communicate(timeout=600)
        assert writer.returncode == 0, errors
    # Every mention in the backup has its article and the counts match the manifest, or the
    # restore refuses; the restored index then holds every restored article.
    restored = int(re.search(r"Restored (\d+) articles", manage(target, "restore_archive", str(backup))).group(1))
    # Taken mid-way: after some of the writers' articles, before the last of them.
    assert 5 < restored < 5 + 2 * 15, restored
    assert "holds every article at its current version" in manage(target, "check_index", "--dry-run")
    orphans = "from archive.models import Mention; print(Mention.objects.filter(article__isnull=True).count())"
    assert manage(target, "shell", "--no-imports", "-c", orphans).strip() == "0"


DELETER = """
import sys, time
from pathlib import Path
from archive import services
from archive.models import Article
flags = Path(sys.argv[1])
ids = list(Article.objects.exclude(original_file="").order_by("?").values_list("pk", flat=True))
(flags / "deleting").touch()
deleted = 0
for pk in ids:
    if (flags / "stop").exists():
        break
    services.article_delete(article=Article.objects.get(pk=pk))
    deleted += 1
    time.sleep(0.03)
print(deleted)
"""

CHECK_ORIGINALS = """
import hashlib, json
from archive.models import Article
problems, count = [], 0
for name, checksum in Article.objects.exclude(original_file="").values_list("original_file", "checksum"):
    count += 1
    try:
        with open(f"{__import__('django.conf').conf.settings.MEDIA_ROOT}/{name}", "rb") as original:
            if hashlib.sha256(original.read()).hexdigest() != checksum:
                problems.append(name)
    except FileNotFoundError:
        problems.append(name)
print(json.dumps({"articles": Article.objects.count(), "with_files": count, "problems": problems}))
"""


def _file_articles(folder, count: int):
    """`count` article files, each a seed with a line of its own, for an import that keeps files."""
    folder.mkdir()
    title, body = SEEDS[3].path.read_text(encoding="utf-8").split("\n", 1)
    for number in range(count):
        text = f"{title} {number}\nقال المراسل في التقرير رقم {number} إن المحادثات مستمرة.\n{body}"
        (folder / f"article-{number:04d}.txt").write_text(text, encoding="utf-8")
    return folder


def test_backups_taken_while_another_process_deletes_articles_hold_every_file_they_list(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    manage(source, "migrate", "--noinput", "-v0")
    manage(source, "bootstrap_archive")
    manage(source, "import_articles", str(_file_articles(tmp_path / "files", 400)), str(_records(tmp_path, 1500)), "--no-progress")
    flags = tmp_path / "flags"
    flags.mkdir()
    script = tmp_path / "deleter.py"
    script.write_text(DELETER, encoding="utf-8")
    deleter = manage(
        source,
        "shell",
        "--no-imports",
        "-c",
        f"import sys; sys.argv = ['d', {str(flags)!r}]; exec(open({str(script)!r}).read())",
        wait=False,
    )
    try:
        deadline = time.monotonic() + 120
        while not (flags / "deleting").exists():
            assert time.monotonic() < deadline and deleter.poll() is None, deleter.communicate()
            time.sleep(0.01)
        backups = []
        for round_number in range(5):
            backup = tmp_path / f"during-deletes-{round_number}.tar.gz"
            assert "Backed up" in manage(source, "backup_archive", str(backup))
            backups.append(backup)
    finally:
        (flags / "stop").touch()
        deleted, errors = deleter.communicate(timeout=120)
    assert deleter.returncode == 0, errors
    assert int(deleted) > 0
    assert not list(tmp_path.glob("*.partial"))
    # The removals deferred during the backups are done by the next sweep.
    manage(source, "run_indexer", "--once")
    left = json.loads(manage(source, "shell", "--no-imports", "-c", CHECK_ORIGINALS))
    stored = [path for path in (source / "originals").rglob("*") if path.is_file()]
    assert left["problems"] == [] and len(stored) == left["with_files"]
    # The last backup, taken mid-way through the deletions, restores each article it lists with its file.
    restored = manage(target, "restore_archive", str(backups[-1]))
    assert "Restored" in restored
    after = json.loads(manage(target, "shell", "--no-imports", "-c", CHECK_ORIGINALS))
    assert after["problems"] == [] and 0 < after["with_files"] <= 400
    # Deletions went on after its snapshot: it holds articles, with their files, that the source lost since.
    assert after["with_files"] > left["with_files"]
    assert "holds every article at its current version" in manage(target, "check_index", "--dry-run")


def test_a_truncated_backup_is_refused_naming_what_is_missing_and_nothing_is_restored(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    manage(source, "migrate", "--noinput", "-v0")
    manage(source, "bootstrap_archive")
    manage(source, "import_articles", str(_file_articles(tmp_path / "files", 60)), "--no-progress")
    backup = tmp_path / "whole.tar.gz"
    manage(source, "backup_archive", str(backup))
    data = backup.read_bytes()
    truncated = tmp_path / "truncated.tar.gz"
    # Cut where a backup killed while copying the originals stops: past the records.
    truncated.write_bytes(data[: int(len(data) * 0.97)])
    refused = manage(target, "restore_archive", str(truncated), wait=False)
    _, errors = refused.communicate(timeout=300)
    assert refused.returncode != 0
    assert "truncated or damaged" in errors and "original files are missing" in errors and "(missing)" in errors
    empty = json.loads(manage(target, "shell", "--no-imports", "-c", CHECK_ORIGINALS))
    assert empty == {"articles": 0, "with_files": 0, "problems": []}
    assert not [path for path in (target / "originals").rglob("*") if path.is_file()]
    assert not (target / "secret_key").exists() or (target / "secret_key").read_bytes() != (source / "secret_key").read_bytes()


def test_a_backup_whose_original_file_was_damaged_is_refused(tmp_path):
    import gzip
    import io
    import tarfile

    source, target = tmp_path / "source", tmp_path / "target"
    manage(source, "migrate", "--noinput", "-v0")
    manage(source, "bootstrap_archive")
    backup = tmp_path / "whole.tar.gz"
    manage(source, "backup_archive", str(backup))
    # The same backup, whole and well-formed, with one original's bytes changed.
    damaged, name = tmp_path / "damaged.tar.gz", None
    with tarfile.open(backup) as original, tarfile.open(damaged, "w:gz") as copy:
        for member in original:
            data = original.extractfile(member).read() if member.isfile() else None
            if name is None and member.name.startswith("originals/"):
                data, name = bytes([data[0] ^ 1]) + data[1:], member.name
            copy.addfile(member, io.BytesIO(data) if data is not None else None)
    refused = manage(target, "restore_archive", str(damaged), wait=False)
    _, errors = refused.communicate(timeout=300)
    assert refused.returncode != 0
    assert f"{name.removeprefix('originals/')} (damaged" in errors
    assert gzip.open(damaged).read()  # whole: it is the content that is refused

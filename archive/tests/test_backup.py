"""Backup and restore, round trip between two data folders, with real processes."""

import json
import re

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
                 hashlib.sha256(original).hexdigest()])
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
    assert json.loads(manage(target, "shell", "--no-imports", "-c", EVERYTHING)) == json.loads(
        manage(source, "shell", "--no-imports", "-c", EVERYTHING)
    )
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

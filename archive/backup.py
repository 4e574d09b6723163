"""Backups of the whole archive, taken while it runs, and their restoring.

A backup is one `.tar.gz` holding:

- `manifest.json`: when, from which database, the latest migration, the analysis version and
  how many records of each kind it holds (checked again after a restore);
- `records.jsonl`: every record (sources, actors and aliases, articles, mentions,
  boilerplate markers, admin accounts) as Django serialises them, read in one transaction
  that sees a single moment of the database (snapshot isolation: SQLite's WAL read
  transaction, PostgreSQL's REPEATABLE READ), so an article and its mentions always agree;
- `originals/`: the uploaded files the articles point to (named by checksum, never changed);
- `secret_key`: the key sessions and signed values depend on, when the data folder holds one.

The search index is not in it: a restore rebuilds it from the records.
"""

import io
import json
import tarfile
from datetime import datetime, timezone
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from .models import Actor, Article, Source
from .search.analysis import ANALYSIS_VERSION

FORMAT = 1
# Serialised in this order, so each record's references are restored before it.
MODELS = ("auth.user", "archive.source", "archive.actor", "archive.actoralias", "archive.boilerplatemarker", "archive.article", "archive.mention")


class BackupError(RuntimeError):
    """A backup cannot be restored here; the message says why."""


def backup_write(*, path: Path) -> dict:
    """Write a backup of the archive to `path` (a .tar.gz); return its manifest."""
    path = Path(path)
    opens_transaction = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and opens_transaction:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        records = io.StringIO()
        counts = {}
        for label in MODELS:
            model = apps.get_model(label)
            queryset = model.objects.order_by("pk")
            counts[label] = queryset.count()
            serializers.serialize("jsonl", queryset.iterator(chunk_size=500), stream=records)
        originals = list(Article.objects.exclude(original_file="").values_list("original_file", flat=True))
        latest = MigrationRecorder.Migration.objects.filter(app="archive").order_by("-id").values_list("name", flat=True).first()
    manifest = {
        "format": FORMAT,
        "created": datetime.now(timezone.utc).isoformat(),
        "database": connection.vendor,
        "latest_migration": latest,
        "analysis_version": ANALYSIS_VERSION,
        "counts": counts,
        "originals": len(originals),
    }
    partial = path.with_name(path.name + ".partial")
    with tarfile.open(partial, "w:gz") as archive:
        _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
        _add_bytes(archive, "records.jsonl", records.getvalue().encode())
        media = Path(settings.MEDIA_ROOT)
        for name in originals:
            archive.add(media / name, arcname=f"originals/{name}")
        key_file = Path(settings.DATA_DIR) / "secret_key"
        if key_file.exists():
            archive.add(key_file, arcname="secret_key")
    partial.replace(path)
    return manifest


def backup_restore(*, path: Path) -> dict:
    """Restore the backup at `path` into this (empty, migrated) archive; return its manifest.

    Raises BackupError when the archive already holds articles or the backup does not fit."""
    if Article.objects.exists() or Source.objects.exists() or Actor.objects.exists():
        raise BackupError("This archive is not empty: restore into an empty data folder (and database).")
    with tarfile.open(path, "r:gz") as archive:
        manifest = json.loads(archive.extractfile("manifest.json").read())
        if manifest.get("format") != FORMAT:
            raise BackupError(f"This backup has format {manifest.get('format')}; this archive reads format {FORMAT}.")
        records = archive.extractfile("records.jsonl").read().decode()
        with transaction.atomic():
            for record in serializers.deserialize("jsonl", records):
                record.save()
            _check_counts(manifest)
        media = Path(settings.MEDIA_ROOT)
        for member in archive.getmembers():
            if member.isfile() and member.name.startswith("originals/"):
                target = media / member.name.removeprefix("originals/")
                if ".." in Path(member.name).parts:
                    raise BackupError(f"The backup names a file outside its folder: {member.name}")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.extractfile(member).read())
        key_file = Path(settings.DATA_DIR) / "secret_key"
        if "secret_key" in archive.getnames() and not key_file.exists():
            key_file.write_bytes(archive.extractfile("secret_key").read())
            key_file.chmod(0o600)
    _reset_sequences()
    return manifest


def _check_counts(manifest: dict) -> None:
    for label, expected in manifest["counts"].items():
        found = apps.get_model(label).objects.count()
        if found != expected:
            raise BackupError(f"The backup lists {expected} records of {label} but {found} were restored.")


def _reset_sequences() -> None:
    """Make new ids follow the restored ones (PostgreSQL keeps its sequences apart)."""
    from django.core.management.color import no_style

    models = [apps.get_model(label) for label in MODELS]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(timezone.utc).timestamp())
    archive.addfile(info, io.BytesIO(data))


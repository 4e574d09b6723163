"""Backups of the whole archive, taken while it runs, and their restoring.

A backup is one `.tar.gz` holding:

- `manifest.json`: when, from which database, the latest migration, the analysis version,
  how many records of each kind it holds (checked again after a restore), and each original
  file with its size and SHA-256 (checked before a restore writes anything);
- `records.jsonl`: every record (sources, actors and aliases, articles, mentions,
  boilerplate markers, admin accounts) as Django serialises them, read in one transaction
  that sees a single moment of the database (snapshot isolation: SQLite's WAL read
  transaction, PostgreSQL's REPEATABLE READ), so an article and its mentions always agree;
- `originals/`: exactly the uploaded files the records' articles point to (named by
  checksum, never changed), copied while no deletion can remove one (`services.originals`);
- `secret_key`: the key sessions and signed values depend on, when the data folder holds one.

The search index is not in it: a restore rebuilds it from the records.
"""

import hashlib
import io
import json
import tarfile
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from .models import Actor, Article, Source
from .search.analysis import ANALYSIS_VERSION
from .services.originals import originals_held, originals_sweep

# Format 2 lists each original file with its size and SHA-256 in the manifest; format 1
# counted them, and its files are checked against their articles' checksums alone.
FORMAT = 2
READABLE_FORMATS = (1, 2)
# Serialised in this order, so each record's references are restored before it.
MODELS = (
    "auth.user",
    "archive.source",
    "archive.actor",
    "archive.actoralias",
    "archive.boilerplatemarker",
    "archive.story",
    "archive.article",
    "archive.mention",
    "archive.storybucket",
)


class BackupError(RuntimeError):
    """A backup cannot be restored here; the message says why."""


def backup_write(*, path: Path) -> dict:
    """Write a backup of the archive to `path` (a .tar.gz); return its manifest, with
    `removed_after`: how many files of articles deleted meanwhile were removed once it was done.

    It holds the records of one moment and exactly the original files those records name:
    the originals are held (`services.originals_held`) from before the snapshot until every
    file is copied, so a deletion meanwhile defers its file's removal. A failed backup leaves
    no file behind."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    try:
        with originals_held():
            records, counts, originals, latest = _snapshot()
            files = _originals_listed(originals)
            manifest = {
                "format": FORMAT,
                "created": datetime.now(timezone.utc).isoformat(),
                "database": connection.vendor,
                "latest_migration": latest,
                "analysis_version": ANALYSIS_VERSION,
                "counts": counts,
                "originals": files,
            }
            with tarfile.open(partial, "w:gz") as archive:
                _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
                _add_bytes(archive, "records.jsonl", records.encode())
                media = Path(settings.MEDIA_ROOT)
                for name in files:
                    _add_bytes(archive, f"originals/{name}", (media / name).read_bytes())
                key_file = Path(settings.DATA_DIR) / "secret_key"
                if key_file.exists():
                    archive.add(key_file, arcname="secret_key")
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    # Removals deferred while the originals were held; reported beside the manifest, not in it.
    return {**manifest, "removed_after": originals_sweep()}


def _snapshot() -> tuple[str, dict, list[tuple[str, str]], str | None]:
    """The records, their counts, the original files with their articles' checksums and
    the latest migration, read in one transaction that sees a single moment."""
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
        originals = list(Article.objects.exclude(original_file="").values_list("original_file", "checksum"))
        latest = MigrationRecorder.Migration.objects.filter(app="archive").order_by("-id").values_list("name", flat=True).first()
    return records.getvalue(), counts, originals, latest


def _originals_listed(originals: list[tuple[str, str]]) -> dict[str, dict]:
    """Each original file the records name, with its size and SHA-256 as it stands on disk.

    Raises BackupError naming the files that are missing or differ from the upload their
    article records (its checksum): a backup that cannot hold them whole is not written."""
    media = Path(settings.MEDIA_ROOT)
    files, problems = {}, []
    for name, checksum_hex in originals:
        try:
            entry = _file_entry((media / name).read_bytes())
        except FileNotFoundError:
            problems.append(f"{name} (missing)")
            continue
        if entry["sha256"] != checksum_hex:
            problems.append(f"{name} (differs from its article's checksum)")
            continue
        files[name] = entry
    if problems:
        raise BackupError(_named("original files cannot be backed up", problems))
    return files


def _file_entry(data: bytes) -> dict:
    return {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _named(what: str, names: list[str], shown: int = 20) -> str:
    """`what`, with how many and the first `shown` names."""
    listed = ", ".join(names[:shown]) + (f", and {len(names) - shown} more" if len(names) > shown else "")
    return f"{len(names)} {what}: {listed}."


def backup_restore(*, path: Path) -> dict:
    """Restore the backup at `path` into this (empty, migrated) archive; return its manifest.

    The whole backup is read and checked before anything is written: a truncated or damaged
    file, or an original file missing or differing from its manifest entry and its article's
    checksum, is refused with the names of what is missing, and the archive stays empty.
    Raises BackupError when the archive already holds articles or the backup does not fit."""
    if Article.objects.exists() or Source.objects.exists() or Actor.objects.exists():
        raise BackupError("This archive is not empty: restore into an empty data folder (and database).")
    contents = _backup_read(Path(path))
    manifest = contents.manifest
    written: list[Path] = []
    try:
        with transaction.atomic():
            for record in serializers.deserialize("jsonl", contents.records):
                record.save()
            _check_counts(manifest)
            media = Path(settings.MEDIA_ROOT).resolve()
            with tarfile.open(path, "r:gz") as archive:
                for member in archive:
                    name = member.name.removeprefix("originals/")
                    if member.isfile() and member.name.startswith("originals/") and name in contents.originals:
                        target = (media / name).resolve()
                        if not target.is_relative_to(media):
                            raise BackupError(f"The backup names a file outside its folder: {member.name}")
                        target.parent.mkdir(parents=True, exist_ok=True)
                        data = archive.extractfile(member).read()
                        if _file_entry(data) != contents.originals[name]:
                            raise BackupError(f"The original file {name} changed since the backup was checked.")
                        written.append(target)
                        target.write_bytes(data)
            _reset_sequences()
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        for target in written:
            target.unlink(missing_ok=True)
        raise BackupError(f"The backup could not be read again while restoring ({error}); nothing was restored.") from error
    except BaseException:
        for target in written:
            target.unlink(missing_ok=True)
        raise
    key_file = Path(settings.DATA_DIR) / "secret_key"
    if contents.secret_key is not None and not key_file.exists():
        key_file.write_bytes(contents.secret_key)
        key_file.chmod(0o600)
    return manifest


@dataclass
class _BackupContents:
    """A backup read whole and checked: its manifest, records, secret key, and the size and
    SHA-256 of each original file the records name."""

    manifest: dict
    records: str
    secret_key: bytes | None
    originals: dict[str, dict]


def _backup_read(path: Path) -> _BackupContents:
    """Read the whole backup at `path`, hashing each original file, and check it; raise
    BackupError naming what is missing or damaged."""
    manifest = records = secret_key = None
    found: dict[str, dict] = {}
    damage = None
    try:
        with tarfile.open(path, "r:gz") as archive:
            for member in archive:
                if not member.isfile():
                    continue
                if ".." in Path(member.name).parts or Path(member.name).is_absolute():
                    raise BackupError(f"The backup names a file outside its folder: {member.name}")
                data = archive.extractfile(member).read()
                if member.name == "manifest.json":
                    manifest = json.loads(data)
                elif member.name == "records.jsonl":
                    records = data.decode()
                elif member.name == "secret_key":
                    secret_key = data
                elif member.name.startswith("originals/"):
                    found[member.name.removeprefix("originals/")] = _file_entry(data)
    except (tarfile.TarError, EOFError, zlib.error, OSError, UnicodeDecodeError, ValueError) as error:
        damage = f"The backup is truncated or damaged ({error or type(error).__name__})"
    if manifest is None or records is None:
        missing = [name for name, content in (("manifest.json", manifest), ("records.jsonl", records)) if content is None]
        raise BackupError(f"{damage or 'The backup is incomplete'}: it lacks {', '.join(missing)}; nothing was restored.")
    if manifest.get("format") not in READABLE_FORMATS:
        raise BackupError(f"This backup has format {manifest.get('format')}; this archive reads formats {READABLE_FORMATS}.")
    expected = _originals_expected(records, manifest)
    problems = []
    for name, entry in expected.items():
        if name not in found:
            problems.append(f"{name} (missing)")
        elif found[name]["sha256"] != entry["sha256"] or ("size" in entry and found[name]["size"] != entry["size"]):
            problems.append(f"{name} (damaged: its size or SHA-256 differs)")
    if problems:
        lead = f"{damage}; " if damage else ""
        raise BackupError(lead + _named(f"of the {len(expected)} original files are missing or damaged", problems) + " Nothing was restored.")
    if damage:
        raise BackupError(f"{damage}; nothing was restored.")
    return _BackupContents(manifest, records, secret_key, {name: found[name] for name in expected})


def _originals_expected(records: str, manifest: dict) -> dict[str, dict]:
    """The original files a backup's records name, each with the SHA-256 its article records
    and, from format 2 on, the size and SHA-256 its manifest lists (which must agree)."""
    listed = manifest.get("originals") if isinstance(manifest.get("originals"), dict) else {}
    expected = {}
    for line in records.splitlines():
        record = json.loads(line)
        if record.get("model") == "archive.article" and record["fields"].get("original_file"):
            name = record["fields"]["original_file"]
            entry = {"sha256": record["fields"]["checksum"]}
            if name in listed:
                entry.update(size=listed[name]["size"])
                if listed[name]["sha256"] != entry["sha256"]:
                    raise BackupError(f"The backup's manifest and records disagree on the original file {name}.")
            expected[name] = entry
    return expected


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


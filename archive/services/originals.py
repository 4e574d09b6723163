"""The original files of deleted articles: removed by a sweep that no backup can race.

A deletion does not remove its article's file: it queues the file's name
(`OriginalRemoval`) in its own transaction. A sweep removes the queued files that no article
names any more, but only while no backup is reading the originals: a backup holds the
originals shared (`originals_held`) from before its database snapshot until it has copied
every file the snapshot lists, and a sweep that cannot take them exclusively at once leaves
its rows for the next sweep (after the next deletion commits, in `run_indexer`, or at the
end of the backup itself). So every file a backup's snapshot lists still exists when
the backup reads it, and a killed process leaves at worst a queued row, never a lost file.
"""

import fcntl
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import transaction

from ..models import Article, OriginalRemoval


def _lock_path() -> Path:
    return Path(settings.DATA_DIR) / "originals.lock"


@contextmanager
def originals_held():
    """Hold the original files shared: no sweep removes one until the block ends."""
    with open(_lock_path(), "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def original_removal_queue(*, names) -> None:
    """Queue these original files for removal, in the caller's transaction."""
    OriginalRemoval.objects.bulk_create(OriginalRemoval(name=name) for name in sorted(set(names)) if name)


def originals_sweep() -> int:
    """Remove the queued files no article names any more; return how many were removed.

    Does nothing while a backup holds the originals: the rows wait for a later sweep."""
    if not OriginalRemoval.objects.exists():
        return 0
    with open(_lock_path(), "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return 0
        try:
            return _sweep_held()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _sweep_held() -> int:
    storage = Article._meta.get_field("original_file").storage
    removed = 0
    for row in OriginalRemoval.objects.order_by("pk"):
        with transaction.atomic():
            # A file is kept while an article names it (the same upload saved again).
            if not Article.objects.filter(original_file=row.name).exists():
                storage.delete(row.name)
                removed += 1
            OriginalRemoval.objects.filter(pk=row.pk).delete()
    return removed

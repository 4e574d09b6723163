"""Keeping the search index a replica of the database.

Every article change writes, in its own transaction, a row of the index queue
(`IndexChange`, an outbox: `services.index_queue_push`). `drain_queue` makes the index
follow the queued articles in queue order, reading each as it is now (gone: taken out of
the index), and deletes their rows only once the index has committed: a drainer killed
half-way leaves its rows to the next one, and replaying a row is harmless. Drains queue on
one cross-process lock; a request's drain waits a moment at most and otherwise leaves the
work to whoever holds it (the indexer, `manage.py run_indexer`, or a command).
"""

import os
import shutil
import time
from pathlib import Path
from typing import Callable

from django.db import transaction
from haystack import connections

from archive.models import Article, IndexChange

from .analysis import ANALYSIS_VERSION, gazetteer_pinned

# Articles read from the database at a time while bulk indexing.
BULK_READ_BATCH = 1000
# Below this many articles per process, starting analysing processes costs more than it saves.
ARTICLES_PER_PROCESS = 1000


def _article_index():
    return connections["default"].get_unified_index().get_index(Article)


def index_new_articles(article_ids, *, procs: int = 1, progress: Callable[[int], None] | None = None) -> int:
    """Add articles that are not in the index yet, with up to `procs` analysing processes;
    return how many were added."""
    return _add_all(connections["default"].get_backend(), sorted(article_ids), procs=procs, progress=progress)


def _add_all(backend, ids: list[int], *, procs: int, progress=None, locked: bool = False) -> int:
    """Add the articles of `ids` (sorted) to `backend`'s index in one writer."""
    if not ids:
        return 0
    procs = max(1, min(procs, len(ids) // ARTICLES_PER_PROCESS))
    index = _article_index()

    def articles():
        for start in range(0, len(ids), BULK_READ_BATCH):
            batch = ids[start : start + BULK_READ_BATCH]
            yield from index.index_queryset().filter(pk__in=batch).order_by("pk")
            if progress:
                progress(len(batch))

    with gazetteer_pinned():
        return backend.add_new(index, articles(), procs=procs, locked=locked)


# Queue rows a drain reads and applies in one index commit.
DRAIN_BATCH = 500
# How long a request waits for the index lock to drain its own change (the indexer or the
# holder of the lock will do it otherwise).
REQUEST_DRAIN_WAIT = 0.2


def drain_after_commit(article_ids) -> None:
    """Once the current transaction commits, follow these articles' queue rows if the index
    lock is free within a moment; other rows (an import's backlog) are left to the indexer,
    so a request never carries another's work. The change is saved and queued by then, so a
    failure here is only logged."""
    ids = frozenset(article_ids)
    transaction.on_commit(lambda: drain_queue(wait=REQUEST_DRAIN_WAIT, only=ids), robust=True)


def drain_queue(
    *,
    wait: float | None = None,
    fresh_ids=frozenset(),
    only=None,
    procs: int = 1,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Make the index follow every queued article (or, with `only`, those of these ids);
    return how many articles it followed.

    With `wait`, give up (returning 0) when the index lock is not free within that many
    seconds. `fresh_ids` are articles just imported: those the index does not hold yet
    are added in bulk with `procs` analysing processes before the rest is drained.
    """
    backend = connections["default"].get_backend()
    index = _article_index()
    with backend.write_lock(wait) as held:
        if not held:
            return 0
        followed = 0
        if fresh_ids:
            followed += _add_fresh(backend, set(fresh_ids), procs, progress)
        queue = IndexChange.objects.order_by("id")
        if only is not None:
            queue = queue.filter(article_id__in=only)
        while True:
            rows = list(queue.values_list("id", "article_id")[:DRAIN_BATCH])
            if not rows:
                return followed
            ids = {article_id for _, article_id in rows}
            articles = list(index.index_queryset().filter(pk__in=ids))
            with gazetteer_pinned():
                backend.apply(index, articles, ids - {article.pk for article in articles})
            IndexChange.objects.filter(id__in=[row_id for row_id, _ in rows]).delete()
            followed += len(ids)
            if progress:
                progress(len(ids))


def _add_fresh(backend, fresh_ids: set[int], procs: int, progress) -> int:
    """Add the queued `fresh_ids` the index does not hold, in one multi-process writer, then
    drop their queue rows (the caller holds the lock, so no other drain is between)."""
    rows = list(IndexChange.objects.filter(article_id__in=fresh_ids).values_list("id", "article_id"))
    held = backend.stored_ids()
    ids = sorted({article_id for _, article_id in rows} - held)
    added = _add_all(backend, ids, procs=procs, progress=progress, locked=True)
    done = [row_id for row_id, article_id in rows if article_id not in held]
    for start in range(0, len(done), BULK_READ_BATCH):
        IndexChange.objects.filter(id__in=done[start : start + BULK_READ_BATCH]).delete()
    return added


def index_differences() -> dict[str, set[int]]:
    """How the index differs from the database, by article ids and versions: `lost`
    (articles the index lacks), `ghosts` (indexed articles the database no longer has),
    `stale` (indexed at another version than the database's)."""
    indexed = connections["default"].get_backend().stored_versions()
    current = dict(Article.objects.values_list("pk", "version"))
    return {
        "lost": set(current) - set(indexed),
        "ghosts": set(indexed) - set(current),
        "stale": {pk for pk, version in current.items() if pk in indexed and indexed[pk] != version},
    }


def index_rebuild_needed() -> bool:
    """Whether the index was built by another analysis than the current one (or never)."""
    version_file = _analysis_version_file()
    return version_file is not None and not (
        version_file.exists() and version_file.read_text().strip() == ANALYSIS_VERSION
    )


def index_rebuild(*, procs: int = 1) -> int:
    """Build a new index from the database, with the current analysis, beside the live one,
    and switch to it at once when it is complete; searches read the live index meanwhile.
    Then follow what was queued during the build. Return how many articles were added."""
    backend = connections["default"].get_backend()
    if not backend.use_file_storage:
        backend.clear()
        return index_new_articles(Article.objects.values_list("pk", flat=True), procs=procs)
    live = Path(os.path.normpath(backend.path))
    ids = sorted(Article.objects.values_list("pk", flat=True))
    with backend.write_lock():
        target = live.with_name(f"{live.name}.{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}")
        options = {**connections.connections_info["default"], "PATH": str(target)}
        builder = type(backend)("default", **options)
        indexed = _add_all(builder, ids, procs=procs, locked=True)
        _switch(live, target)
        backend.setup_complete = False  # open the new index on next use
        _analysis_version_file().write_text(ANALYSIS_VERSION + "\n")
    # Changes queued while the index was built (their drains found the lock taken) are followed now.
    drain_queue()
    return indexed


def _switch(live: Path, target: Path) -> None:
    """Make `live` name the index folder `target`, atomically, and remove the previous one.

    `live` becomes a symbolic link renamed into place in one step. An index kept as a plain
    folder (before the first switch) is first moved aside: for that moment only, a search
    finds no index and retries once."""
    previous = None
    if live.is_symlink():
        previous = live.resolve()
    elif live.exists():
        previous = live.with_name(f"{live.name}.before-{target.name.rsplit('.', 1)[-1]}")
        os.rename(live, previous)
    link = live.with_name(f".{live.name}.switching")
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(target.name, link)
    os.replace(link, live)
    if previous is not None and previous != target.resolve():
        # Readers holding its files keep reading them; new reads go to the new index.
        shutil.rmtree(previous, ignore_errors=True)


def _analysis_version_file() -> Path | None:
    """Beside an embedded Whoosh index, the file naming the analysis that built it."""
    path = connections["default"].options.get("PATH")
    return Path(f"{os.path.normpath(path)}.analysis") if path else None

"""Keeping the search index in step with the database after writes.

Services call these after their transaction commits, so the index never shows an
article the database rolled back.
"""

import os
from pathlib import Path
from typing import Callable

from django.db import transaction
from haystack import connections
from haystack.query import SearchQuerySet

from archive.models import Article

from .analysis import ANALYSIS_VERSION, gazetteer_pinned

# Articles read from the database at a time while bulk indexing.
BULK_READ_BATCH = 1000
# Below this many articles per process, starting analysing processes costs more than it saves.
ARTICLES_PER_PROCESS = 1000


def _article_index():
    return connections["default"].get_unified_index().get_index(Article)


def index_articles(article_ids) -> None:
    """(Re)index the articles with these ids, as they are in the database now."""
    ids = list(article_ids)
    if not ids:
        return
    index = _article_index()
    articles = list(index.index_queryset().filter(pk__in=ids))
    backend = connections["default"].get_backend()
    backend.update(index, articles)
    missing = set(ids) - {article.pk for article in articles}
    for article_id in missing:
        backend.remove(f"archive.article.{article_id}")


def index_new_articles(article_ids, *, procs: int = 1, progress: Callable[[int], None] | None = None) -> int:
    """Add articles that are not in the index yet (just imported, or after a clear), with up
    to `procs` analysing processes; return how many were added."""
    ids = sorted(article_ids)
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
        return connections["default"].get_backend().add_new(index, articles(), procs=procs)


def unindex_articles(article_ids) -> None:
    """Remove the articles with these ids from the index."""
    backend = connections["default"].get_backend()
    for article_id in article_ids:
        backend.remove(f"archive.article.{article_id}")


def index_on_commit(article_ids) -> None:
    """Index these articles once the current transaction commits.

    The write is already saved then, so an index failure is logged rather than shown as an
    error; `bootstrap_archive` (index_sync) or `update_index` brings the index back in step.
    """
    ids = list(article_ids)
    transaction.on_commit(lambda: index_articles(ids), robust=True)


def unindex_on_commit(article_ids) -> None:
    """Remove these articles from the index once the current transaction commits (see index_on_commit)."""
    ids = list(article_ids)
    transaction.on_commit(lambda: unindex_articles(ids), robust=True)


def index_sync(*, procs: int = 1, force: bool = False) -> int:
    """Make the index hold exactly the database's articles, analysed by the current analysis;
    return how many were (re)indexed.

    Cheap when they already agree (one count each, one small file read); otherwise, or with
    `force`, the index is cleared and every article added again.
    """
    total = Article.objects.count()
    version_file = _analysis_version_file()
    current = version_file is None or (version_file.exists() and version_file.read_text().strip() == ANALYSIS_VERSION)
    if not force and current and SearchQuerySet().models(Article).count() == total:
        return 0
    # Articles are all the index holds, so dropping the whole index is the quick way to clear it.
    connections["default"].get_backend().clear()
    indexed = index_new_articles(Article.objects.values_list("pk", flat=True), procs=procs)
    if version_file is not None:
        version_file.write_text(ANALYSIS_VERSION + "\n")
    return indexed


def _analysis_version_file() -> Path | None:
    """Beside an embedded Whoosh index, the file naming the analysis that built it."""
    path = connections["default"].options.get("PATH")
    return Path(f"{os.path.normpath(path)}.analysis") if path else None

"""Keeping the search index in step with the database after writes.

Services call these after their transaction commits, so the index never shows an
article the database rolled back.
"""

import os
from pathlib import Path

from django.db import transaction
from haystack import connections
from haystack.query import SearchQuerySet

from archive.models import Article

from .analysis import ANALYSIS_VERSION


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


def index_sync(batch_size: int = 500) -> int:
    """Make the index hold exactly the database's articles, analysed by the current analysis;
    return how many were (re)indexed.

    Cheap when they already agree (one count each, one small file read); otherwise the
    articles are indexed again from scratch, in batches.
    """
    total = Article.objects.count()
    version_file = _analysis_version_file()
    current = version_file is None or (version_file.exists() and version_file.read_text().strip() == ANALYSIS_VERSION)
    if current and SearchQuerySet().models(Article).count() == total:
        return 0
    backend = connections["default"].get_backend()
    backend.clear(models=[Article])
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        index_articles(ids[start : start + batch_size])
    if version_file is not None:
        version_file.write_text(ANALYSIS_VERSION + "\n")
    return len(ids)


def _analysis_version_file() -> Path | None:
    """Beside an embedded Whoosh index, the file naming the analysis that built it."""
    path = connections["default"].options.get("PATH")
    return Path(f"{os.path.normpath(path)}.analysis") if path else None

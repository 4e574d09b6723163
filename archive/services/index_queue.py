"""The index queue: the articles the search index has yet to follow (see `search.indexing`)."""

from django.db import transaction
from django.db.models import F

from ..models import Article, IndexChange
from ..search.engine import READER_ERRORS
from ..search.indexing import drain_after_commit, drain_queue, index_differences, index_rebuild


def index_queue_push(*, article_ids) -> None:
    """Queue these articles for the search index, in the caller's transaction: each gets a
    new version and a row of the index queue, so a change is never saved without the index
    being told. Once the transaction commits, a drain is tried (`search.indexing`)."""
    ids = sorted(set(article_ids))
    if not ids:
        return
    Article.objects.filter(pk__in=ids).update(version=F("version") + 1)
    IndexChange.objects.bulk_create(IndexChange(article_id=article_id) for article_id in ids)
    drain_after_commit(ids)


def index_repair(*, procs: int = 1, dry_run: bool = False) -> dict[str, set[int]]:
    """Compare the index with the database by article ids and versions and, unless
    `dry_run`, queue and follow every difference (articles lost to the index are added in
    bulk); search stays up throughout. An index that cannot be read is rebuilt beside the
    live one. Return the differences found, by kind."""
    try:
        differences = index_differences()
    except READER_ERRORS:
        # The index cannot be read at all (a file truncated or removed): built anew beside it.
        if dry_run:
            return {"unreadable": set(Article.objects.values_list("pk", flat=True))}
        index_rebuild(procs=procs)
        return {"rebuilt": set(Article.objects.values_list("pk", flat=True))}
    ids = set().union(*differences.values())
    if ids and not dry_run:
        with transaction.atomic():
            IndexChange.objects.bulk_create(IndexChange(article_id=article_id) for article_id in sorted(ids))
        drain_queue(fresh_ids=differences["lost"], procs=procs)
    return differences

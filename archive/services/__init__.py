"""Writes to the archive: the one path the admin, the views and the commands all take.

Every function here either completes or leaves the database as it was; a rejected upload
raises `django.core.exceptions.ValidationError` with a message for the person who sent it.
Every change to an article queues it for the search index in the same transaction.

- `uploads`: reading an upload for review, and keeping it until it is reviewed;
- `articles`: saving, importing, editing, deleting and re-tagging articles, the seeds;
- `index_queue`: queueing articles for the index, and repairing the index;
- `gazetteer`: sources and the actor gazetteer.
"""

from .articles import (
    CLEAN_EXCLUDE,
    IMPORT_BATCH_ATTEMPTS,
    ArticleEdits,
    DuplicateArticle,
    ImportEntry,
    ImportReport,
    SeedLoadResult,
    article_create,
    article_delete,
    article_duplicate_of,
    article_save,
    articles_import,
    articles_retag,
    seed_articles_load,
)
from .gazetteer import gazetteer_load, source_resolve, sources_load
from .index_queue import index_queue_push, index_repair
from .uploads import (
    ALLOWED_UPLOAD_SUFFIXES,
    STAGING_MAX_AGE_SECONDS,
    upload_check,
    upload_discard,
    upload_parse,
    upload_stage,
    upload_unstage,
)

__all__ = [
    "ALLOWED_UPLOAD_SUFFIXES",
    "CLEAN_EXCLUDE",
    "IMPORT_BATCH_ATTEMPTS",
    "STAGING_MAX_AGE_SECONDS",
    "ArticleEdits",
    "DuplicateArticle",
    "ImportEntry",
    "ImportReport",
    "SeedLoadResult",
    "article_create",
    "article_delete",
    "article_duplicate_of",
    "article_save",
    "articles_import",
    "articles_retag",
    "gazetteer_load",
    "index_queue_push",
    "index_repair",
    "seed_articles_load",
    "source_resolve",
    "sources_load",
    "upload_check",
    "upload_discard",
    "upload_parse",
    "upload_stage",
    "upload_unstage",
]

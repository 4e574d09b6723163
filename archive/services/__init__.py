"""Writes to the archive: the one path the admin, the views and the commands all take.

Every function here either completes or leaves the database as it was, except the three that
work through the whole archive (a bulk import, re-tagging, finding every story), which commit
batch by batch: an interrupted one leaves whole batches done and the rest as they were. A rejected write raises
`django.core.exceptions.ValidationError` with a message for the person who sent it. Every
change to an article queues it for the search index in the same transaction.

- `uploads`: reading an upload for review, and keeping it until it is reviewed;
- `articles`: saving, importing, editing (fields and tags in one call), deleting and
  re-tagging articles, the seeds;
- `stories`: grouping articles into republished stories as they arrive, change or leave;
- `originals`: removing deleted articles' original files without racing a backup;
- `index_queue`: queueing articles for the index, and repairing the index;
- `actors`: saving an actor with its spellings, and re-tagging after it;
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
    TagEdits,
    article_create,
    article_delete,
    article_edit,
    articles_import,
    articles_retag,
    seed_articles_load,
)
from .actors import ActorSaved, actor_save
from .gazetteer import gazetteer_load, source_resolve, sources_load
from .index_queue import index_queue_push, index_repair
from .originals import original_removal_queue, originals_held, originals_sweep
from .stories import stories_assign, stories_find, story_leave
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
    "ActorSaved",
    "ArticleEdits",
    "DuplicateArticle",
    "ImportEntry",
    "ImportReport",
    "SeedLoadResult",
    "TagEdits",
    "actor_save",
    "article_create",
    "article_delete",
    "article_edit",
    "articles_import",
    "articles_retag",
    "gazetteer_load",
    "index_queue_push",
    "index_repair",
    "original_removal_queue",
    "originals_held",
    "originals_sweep",
    "seed_articles_load",
    "source_resolve",
    "sources_load",
    "stories_assign",
    "stories_find",
    "story_leave",
    "upload_check",
    "upload_discard",
    "upload_parse",
    "upload_stage",
    "upload_unstage",
]

"""Saving an actor with its spellings, and re-tagging the archive after it."""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from ..models import Actor, ActorAlias, Article
from ..search.analysis import reset_analysis
from .articles import articles_retag


@dataclass
class ActorSaved:
    """What saving an actor did: the archive's size and, when it was re-tagged at once, how
    many articles had different actors (None: too large to re-tag at once, re-tag later)."""

    total: int
    retagged: int | None


def actor_save(*, actor: Actor, aliases=(), removed_aliases=(), retag_limit: int | None = None) -> ActorSaved:
    """Save an actor with its new or changed spellings (`aliases`) and without `removed_aliases`,
    in one transaction; then re-tag the archive with the new names when it holds at most
    `retag_limit` articles (the setting ARCHIVE_RETAG_INLINE_LIMIT by default).

    A larger archive is re-tagged by `articles_retag` (the admin's action, the command),
    which commits batch by batch.
    """
    limit = settings.ARCHIVE_RETAG_INLINE_LIMIT if retag_limit is None else retag_limit
    with transaction.atomic():
        actor.full_clean()
        actor.save()
        ActorAlias.objects.filter(pk__in=[alias.pk for alias in removed_aliases if alias.pk]).delete()
        for alias in aliases:
            alias.actor = actor
            alias.save()
        # Names changed: the analysis reads the gazetteer again once they are committed,
        # before the re-tagged articles are indexed (callbacks run in order).
        transaction.on_commit(reset_analysis)
        total = Article.objects.count()
        retagged = articles_retag() if total <= limit else None
    return ActorSaved(total=total, retagged=retagged)

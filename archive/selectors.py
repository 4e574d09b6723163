"""Reads from the archive, shared by the pages and the commands."""

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth

from .models import Actor, Article, Source


def articles_listing(*, actor: Actor | None = None, source: Source | None = None) -> QuerySet[Article]:
    """Articles newest first (undated last), optionally of one actor or one source."""
    articles = Article.objects.all()
    if actor is not None:
        articles = articles.filter(mentions__actor=actor)
    if source is not None:
        articles = articles.filter(source=source)
    return articles.with_listing_data().newest_first()


def articles_by_month(articles: QuerySet[Article]) -> list[dict]:
    """How many of `articles` were published each month, oldest month first (undated left out)."""
    return list(
        articles.order_by()
        .select_related(None)
        .prefetch_related(None)
        .exclude(published_on=None)
        .annotate(month=TruncMonth("published_on"))
        .values("month")
        .annotate(count=Count("id", distinct=True))
        .order_by("month")
    )

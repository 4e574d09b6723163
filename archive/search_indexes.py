"""The haystack index of articles."""

from haystack import indexes

from .models import Article
from .search.analysis import arabic_analyzer


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    """Articles by their Arabic text, with their date, source and actors for filtering."""

    text = indexes.CharField(document=True, use_template=True, analyzer=arabic_analyzer())
    title = indexes.CharField(model_attr="title", analyzer=arabic_analyzer())
    published_on = indexes.DateField(model_attr="published_on", null=True)
    # Sort keys that keep undated articles last whichever way the dates run.
    undated = indexes.IntegerField()
    published_ordinal = indexes.IntegerField()
    month = indexes.MultiValueField()
    source = indexes.MultiValueField()
    actors = indexes.MultiValueField()
    actor_kinds = indexes.MultiValueField()

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        return Article.objects.select_related("source").prefetch_related("mentions__actor")

    def prepare_undated(self, article: Article) -> int:
        return 0 if article.published_on else 1

    def prepare_published_ordinal(self, article: Article) -> int:
        return article.published_on.toordinal() if article.published_on else 0

    def prepare_month(self, article: Article) -> list[str]:
        return [article.published_on.strftime("%Y-%m")] if article.published_on else []

    def prepare_source(self, article: Article) -> list[str]:
        return [article.source.slug] if article.source else []

    def prepare_actors(self, article: Article) -> list[str]:
        return sorted({mention.actor.slug for mention in article.mentions.all()})

    def prepare_actor_kinds(self, article: Article) -> list[str]:
        return sorted({mention.actor.kind for mention in article.mentions.all()})

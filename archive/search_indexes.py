"""The haystack index of articles.

Only what search reads is indexed: the text (title and body, not stored: pages read the
database) stemmed and as written, the date as a sortable column, the source, the actors and
the republished story. The backend builds a
lean Whoosh schema from these fields (see `archive.search.backend`).
"""

from haystack import indexes

from .models import Article
from .search.analysis import arabic_analyzer, surface_analyzer


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    """Articles by their Arabic text, with their date, source and actors for filtering."""

    text = indexes.CharField(document=True, stored=False, analyzer=arabic_analyzer())
    # The same words as written (unstemmed, no positions): a match on the typed form ranks first.
    surface = indexes.CharField(stored=False, analyzer=surface_analyzer())
    # The publication date as a day number, 0 when undated: sorts and filters by date.
    published_ordinal = indexes.IntegerField(stored=False)
    # The article's number, given in the order articles reach the archive: "recently added".
    added = indexes.IntegerField(model_attr="pk", stored=False)
    source = indexes.MultiValueField(stored=False)
    actors = indexes.MultiValueField(stored=False)
    # The republished story the article belongs to, if any: search results collapse by it.
    story = indexes.MultiValueField(stored=False)
    # The article's version when it was indexed: `check_index` compares it with the database's.
    version = indexes.IntegerField(model_attr="version", stored=True)

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        return Article.objects.select_related("source").prefetch_related("mentions__actor")

    def prepare_text(self, article: Article) -> str:
        return f"{article.title}\n{article.body}"

    def prepare_surface(self, article: Article) -> str:
        return self.prepare_text(article)

    def prepare_published_ordinal(self, article: Article) -> int:
        return article.published_on.toordinal() if article.published_on else 0

    def prepare_source(self, article: Article) -> list[str]:
        return [article.source.slug] if article.source else []

    def prepare_story(self, article: Article) -> list[str]:
        return [str(article.story_id)] if article.story_id else []

    def prepare_actors(self, article: Article) -> list[str]:
        return sorted({mention.actor.slug for mention in article.mentions.all()})

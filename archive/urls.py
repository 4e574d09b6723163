"""Public URLs of the archive."""

from django.urls import path

from . import api, feeds, views

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.ArticleListView.as_view(), name="article-list"),
    path("search/", views.search, name="search"),
    path("search/export.csv", api.export, {"format_name": "csv"}, name="search-export"),
    path("search/export-excel.csv", api.export, {"format_name": "excel-csv"}, name="search-export-excel"),
    path("search/export.jsonl", api.export, {"format_name": "jsonl"}, name="search-export-jsonl"),
    path("search/feed.atom", feeds.SearchFeed(), name="search-feed"),
    path("concordance/", views.concordance, name="concordance"),
    path("concordance/export.csv", api.concordance_csv, name="concordance-export"),
    path("compare/", views.compare, name="compare"),
    path("api/articles/", api.articles, name="api-articles"),
    path("api/articles/<int:pk>/", api.article_detail, name="api-article"),
    path("api/articles/<int:pk>/similar/", api.article_similar_view, name="api-article-similar"),
    path("api/actors/", api.actors, name="api-actors"),
    path("api/actors/<slug:slug>/co-mentions/", api.actor_co_mentions_view, name="api-actor-co-mentions"),
    path("api/concordance/", api.concordance, name="api-concordance"),
    path("api/compare/", api.compare, name="api-compare"),
    path("api/stories/", api.stories, name="api-stories"),
    path("api/stories/<int:pk>/", api.story_detail, name="api-story"),
    path("articles/<int:pk>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("articles/<int:pk>/original/", views.article_original, name="article-original"),
    path("articles/<int:pk>/original.txt", views.article_original_text, name="article-original-text"),
    path("actors/", views.actor_directory, name="actor-directory"),
    path("actors/<slug:slug>/", views.ActorDetailView.as_view(), name="actor-detail"),
    path("actors/<slug:slug>/feed.atom", feeds.ActorFeed(), name="actor-feed"),
    path("actors/<slug:slug>/concordance/", views.actor_concordance, name="actor-concordance"),
    path("actors/<slug:slug>/compare/", views.actor_compare, name="actor-compare"),
    path("sources/", views.source_directory, name="source-directory"),
    path("sources/<str:slug>/", views.SourceDetailView.as_view(), name="source-detail"),
    path("sources/<str:slug>/feed.atom", feeds.SourceFeed(), name="source-feed"),
]

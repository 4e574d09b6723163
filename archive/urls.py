"""Public URLs of the archive."""

from django.urls import path

from . import api, views

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.ArticleListView.as_view(), name="article-list"),
    path("search/", views.search, name="search"),
    path("search/export.csv", api.export_csv, name="search-export"),
    path("api/articles/", api.articles, name="api-articles"),
    path("api/articles/<int:pk>/", api.article_detail, name="api-article"),
    path("api/articles/<int:pk>/similar/", api.article_similar_view, name="api-article-similar"),
    path("api/actors/", api.actors, name="api-actors"),
    path("articles/<int:pk>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("articles/<int:pk>/original/", views.article_original, name="article-original"),
    path("articles/<int:pk>/original.txt", views.article_original_text, name="article-original-text"),
    path("actors/", views.actor_directory, name="actor-directory"),
    path("actors/<slug:slug>/", views.ActorDetailView.as_view(), name="actor-detail"),
    path("sources/", views.source_directory, name="source-directory"),
    path("sources/<str:slug>/", views.SourceDetailView.as_view(), name="source-detail"),
]

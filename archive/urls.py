"""Public URLs of the archive."""

from django.urls import path

from . import views

app_name = "archive"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="article-list"),
    path("articles/<int:pk>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("articles/<int:pk>/original/", views.article_original, name="article-original"),
    path("actors/<slug:slug>/", views.ActorDetailView.as_view(), name="actor-detail"),
    path("sources/<str:slug>/", views.SourceDetailView.as_view(), name="source-detail"),
]

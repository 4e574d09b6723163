"""Public pages of the archive: article listings, an article, an actor, a source."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFilesSent
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.generic import DetailView, ListView

from .forms import SearchForm
from .models import Actor, Article, Source
from .search.engine import QueryHasNoTerms, SearchUnavailable
from .selectors import (
    Highlighter,
    article_search,
    article_similar,
    articles_by_month,
    articles_listing,
    highlighter_for,
)
from .text.query import QuerySyntaxError

PAGE_SIZE = 20


class ArticleListView(ListView):
    """All articles, newest first. Template: archive/article_list.html; context: page_obj."""

    template_name = "archive/article_list.html"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return articles_listing()


def search(request):
    """Search with filters and facets. Template: archive/search.html; context: form, page
    (a SearchPage, or None before a search or after an error), error, query_string."""
    form = SearchForm(request.GET or None)
    context = {"form": form, "page": None, "error": None, "query_string": request.GET.urlencode()}
    if form.is_bound:
        if form.is_valid():
            try:
                context["page"] = article_search(request=form.search_request())
            except (QuerySyntaxError, QueryHasNoTerms) as error:
                context["error"] = str(error)
            except SearchUnavailable:
                context["unavailable"] = True
        else:
            context["error"] = " ".join(str(e) for errors in form.errors.values() for e in errors)
    status = 503 if context.get("unavailable") else 400 if context["error"] else 200
    return render(request, "archive/search.html", context, status=status)


class ArticleDetailView(DetailView):
    """One article with its provenance, actors, similar articles and, coming from a search
    (?q=), the searched words marked. Template: archive/article_detail.html; context:
    article, paragraphs (escaped HTML), similar, q."""

    template_name = "archive/article_detail.html"
    queryset = Article.objects.select_related("source").prefetch_related("mentions__actor")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        text = self.request.GET.get("q", "")
        highlighter = highlighter_for(text) if text else Highlighter(frozenset(), frozenset())
        context["paragraphs"] = highlighter.paragraphs(self.object.body)
        context["similar"] = article_similar(article=self.object)
        context["q"] = text
        return context


def article_original(request, pk: int) -> HttpResponse:
    """The article's upload as received, as plain text (never rendered as HTML)."""
    article = get_object_or_404(Article, pk=pk)
    response = HttpResponse(article.original_text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = "inline"
    return response


class _ArticlesOfView(ListView):
    """Articles of one actor or source, newest first, with counts by month."""

    paginate_by = PAGE_SIZE
    subject_model: type[Actor] | type[Source]
    subject_name: str

    def get_queryset(self):
        self.subject = get_object_or_404(self.subject_model, slug=self.kwargs["slug"])
        return articles_listing(**{self.subject_name: self.subject})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context[self.subject_name] = self.subject
        context["months"] = articles_by_month(self.object_list)
        return context


class ActorDetailView(_ArticlesOfView):
    """An actor's articles. Template: archive/actor_detail.html; context: actor, page_obj, months."""

    subject_model = Actor
    subject_name = "actor"
    template_name = "archive/actor_detail.html"


class SourceDetailView(_ArticlesOfView):
    """A source's articles. Template: archive/source_detail.html; context: source, page_obj, months."""

    subject_model = Source
    subject_name = "source"
    template_name = "archive/source_detail.html"


def bad_request(request, exception=None):
    """The 400 page, in the site's layout, saying which limit a request went past (too many
    files, too large a body) instead of a bare "Bad Request". Template: 400.html; context:
    reason, max_files, max_mib, back."""
    if isinstance(exception, TooManyFilesSent):
        reason = "too_many_files"
    elif isinstance(exception, RequestDataTooBig):
        reason = "too_large"
    else:
        reason = ""
    upload = reverse("admin:archive_article_upload")
    context = {
        "reason": reason,
        "max_files": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
        "max_mib": settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1048576,
        "back": upload if request.path.startswith(upload) else "",
    }
    return render(request, "400.html", context, status=400)

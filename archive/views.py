"""Public pages of the archive: the overview, listings, search, an article, an actor, a
source, the directories, and the error pages."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFilesSent
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.generic import DetailView, ListView

from . import api
from .forms import SearchForm
from .models import Actor, Article, Source
from .search.engine import PAGE_SIZE
from .searching import search_run
from .selectors import (
    Highlighter,
    actor_co_mentions,
    actors_directory,
    actors_most_mentioned,
    actors_named,
    archive_overview,
    article_search,
    article_similar,
    articles_by_day,
    articles_listing,
    highlighter_for,
    search_neighbours,
    sources_directory,
)
from .text.calendars import day_label
from .timeline import timeline

# How many of the latest articles and most mentioned actors the home page shows.
HOME_LATEST = 8
HOME_ACTORS = 12
# Query parameters that place a page of results, not the search itself.
_PLACE_PARAMS = ("page", "rank")


def _period_links(params: QueryDict) -> Callable[[date, date], str]:
    """For a timeline: the search of `params` narrowed to a period."""
    search = reverse("archive:search")

    def link(first: date, last: date) -> str:
        narrowed = _without(params, *_PLACE_PARAMS)
        narrowed["from"], narrowed["to"] = first.isoformat(), last.isoformat()
        return f"{search}?{narrowed.urlencode()}"

    return link


def _without(params: QueryDict, *keys: str, value: str | None = None) -> QueryDict:
    """A copy of `params` without `keys` (or, given `value`, without that value of them)."""
    copy = params.copy()
    for key in keys:
        if value is None:
            copy.pop(key, None)
        else:
            copy.setlist(key, [v for v in copy.getlist(key) if v != value])
    return copy


def home(request):
    """What the archive holds, its coverage over time, the most named actors and the latest
    articles, under the search box. Template: archive/home.html; context: overview,
    timeline, actors, latest."""
    overview = archive_overview()
    context = {
        "overview": overview,
        "timeline": timeline(overview.day_counts, overview.undated, _period_links(QueryDict())),
        "actors": actors_most_mentioned(limit=HOME_ACTORS),
        "latest": articles_listing()[:HOME_LATEST],
    }
    return render(request, "archive/home.html", context)


class _ForgivingPages:
    """A listing whose page past the end shows the last page, and whose unreadable page
    number shows the first, as the search does, rather than a 404."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class ArticleListView(_ForgivingPages, ListView):
    """All articles, newest first. Template: archive/article_list.html; context: page_obj."""

    template_name = "archive/article_list.html"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return articles_listing()


@dataclass(frozen=True)
class FilterChip:
    """An active search filter: what it is, and the address of the search without it."""

    label: str
    remove: str


def _filter_chips(data: dict, params: QueryDict) -> list[FilterChip]:
    names = actors_named(slugs=data.get("actor") or [])
    chips = [FilterChip(names.get(slug, slug), "?" + _without(params, "actor", "page", value=slug).urlencode()) for slug in data.get("actor") or []]
    if data.get("source"):
        source = Source.objects.get(slug=data["source"])
        chips.append(FilterChip(source.name, "?" + _without(params, "source", "page").urlencode()))
    if data.get("from"):
        chips.append(FilterChip(_("from %(day)s") % {"day": day_label(data["from"])}, "?" + _without(params, "from", "page").urlencode()))
    if data.get("to"):
        chips.append(FilterChip(_("to %(day)s") % {"day": day_label(data["to"])}, "?" + _without(params, "to", "page").urlencode()))
    return chips


def search(request):
    """Search with filters, facets and a timeline. Template: archive/search.html; context:
    form, page (a SearchPage, or None before a search or after an error), error, chips,
    clear_all, suggestion_link, timeline, result_params (the search's parameters, for
    links to its articles)."""
    params = _without(request.GET, *_PLACE_PARAMS)
    if not request.GET:
        context = {"form": SearchForm(), "page": None, "error": None, "chips": [], "result_params": ""}
        return render(request, "archive/search.html", context)
    outcome = search_run(request.GET, lambda found: article_search(request=found))
    context = {"form": outcome.form, "page": None, "error": None, "chips": [], "result_params": params.urlencode()}
    if outcome.error:
        context["unavailable"] = outcome.error.status == 503
        context["error"] = None if context["unavailable"] else outcome.error.text
        return render(request, "archive/search.html", context, status=outcome.error.status)
    page = outcome.found
    if page.total and page.request.page > page.num_pages:
        last = params.copy()
        last["page"] = str(page.num_pages)
        return redirect(f"{reverse('archive:search')}?{last.urlencode()}")
    context["page"] = page
    context["timeline"] = timeline(page.day_counts, page.undated, _period_links(params))
    context["chips"] = _filter_chips(outcome.form.cleaned_data, request.GET)
    context["clear_all"] = "?" + _without(params, "actor", "source", "from", "to").urlencode()
    if page.suggestion:
        suggested = params.copy()
        suggested["q"] = page.suggestion
        context["suggestion_link"] = "?" + suggested.urlencode()
    return render(request, "archive/search.html", context)


class ArticleDetailView(DetailView):
    """One article with its provenance, actors and similar articles. Opened from a search
    (its parameters and `rank`), the searched words are marked and the page links back to
    the results and to the hits before and after it. Template: archive/article_detail.html;
    context: article, paragraphs (escaped HTML), similar, q, from_search (back, previous,
    next addresses, or None)."""

    template_name = "archive/article_detail.html"
    queryset = Article.objects.select_related("source").prefetch_related("mentions__actor")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        text = self.request.GET.get("q", "")
        highlighter = highlighter_for(text) if text else Highlighter(frozenset(), frozenset())
        context["paragraphs"] = highlighter.paragraphs(self.object.body)
        context["similar"] = article_similar(article=self.object)
        context["q"] = text
        context["from_search"] = self._from_search()
        return context

    def _from_search(self) -> dict | None:
        rank = SearchForm.rank_of(self.request.GET.get("rank"))
        params = _without(self.request.GET, *_PLACE_PARAMS)
        if rank is None:
            return None
        outcome = search_run(params, lambda found: search_neighbours(request=found, rank=rank))
        if outcome.error:
            return None
        neighbours = outcome.found

        def at(article: Article | None, number: int) -> str | None:
            if article is None:
                return None
            placed = params.copy()
            placed["rank"] = str(number)
            return f"{article.get_absolute_url()}?{placed.urlencode()}"

        back = params.copy()
        if neighbours.page > 1:
            back["page"] = str(neighbours.page)
        return {
            "back": f"{reverse('archive:search')}?{back.urlencode()}",
            "previous": at(neighbours.previous, rank - 1),
            "previous_title": neighbours.previous.title if neighbours.previous else "",
            "next": at(neighbours.next, rank + 1),
            "next_title": neighbours.next.title if neighbours.next else "",
        }


def article_original(request, pk: int):
    """The article's upload as received, shown right to left in the site's layout (escaped:
    an uploaded page is never rendered as HTML). Template: archive/article_original.html;
    context: article."""
    article = get_object_or_404(Article, pk=pk)
    return render(request, "archive/article_original.html", {"article": article})


def article_original_text(request, pk: int) -> HttpResponse:
    """The article's upload as received, as a plain-text file."""
    article = get_object_or_404(Article, pk=pk)
    response = HttpResponse(article.original_text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = "inline"
    return response


class _ArticlesOfView(_ForgivingPages, ListView):
    """Articles of one actor or source, newest first, with their timeline."""

    paginate_by = PAGE_SIZE
    subject_model: type[Actor] | type[Source]
    subject_name: str

    def get_queryset(self):
        self.subject = get_object_or_404(self.subject_model, slug=self.kwargs["slug"])
        return articles_listing(**{self.subject_name: self.subject})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context[self.subject_name] = self.subject
        day_counts, undated = articles_by_day(self.object_list)
        params = QueryDict(mutable=True)
        params[self.subject_name] = self.subject.slug
        context["timeline"] = timeline(day_counts, undated, _period_links(params))
        return context


class ActorDetailView(_ArticlesOfView):
    """An actor's articles, timeline and the actors named with it. Template:
    archive/actor_detail.html; context: actor, page_obj, timeline, co_mentions."""

    subject_model = Actor
    subject_name = "actor"
    template_name = "archive/actor_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["co_mentions"] = actor_co_mentions(actor=self.subject)
        return context


class SourceDetailView(_ArticlesOfView):
    """A source's articles and timeline. Template: archive/source_detail.html; context:
    source, page_obj, timeline."""

    subject_model = Source
    subject_name = "source"
    template_name = "archive/source_detail.html"


def actor_directory(request):
    """Every actor by kind with its article count, or those a name in any spelling finds.
    Template: archive/actor_directory.html; context: groups (kind → actors), q."""
    text = request.GET.get("q", "").strip()[:200]
    return render(request, "archive/actor_directory.html", {"groups": actors_directory(text=text), "q": text})


def source_directory(request):
    """Every source with its article count and date span. Template:
    archive/source_directory.html; context: sources."""
    return render(request, "archive/source_directory.html", {"sources": sources_directory()})


def page_not_found(request, exception=None):
    """The 404 page in the site's layout; under /api/, the API's JSON error instead.
    Template: 404.html."""
    if request.path.startswith(reverse("archive:api-articles").rsplit("articles/", 1)[0]):
        return api.not_found()
    return defaults.page_not_found(request, exception)


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

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
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.generic import DetailView, ListView

from . import api
from .citations import article_citation
from .forms import ConcordanceForm, SearchForm
from .models import Actor, Article, Source
from .search.engine import PAGE_SIZE
from .searching import search_run
from .selectors import (
    CONCORDANCE_MAX_LINES,
    CONCORDANCE_SORTS,
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
    concordance_of_search,
    highlighter_for,
    outlets_compared,
    search_neighbours,
    sources_directory,
    story_articles,
)
from .text.calendars import day_label
from .timeline import timeline, timelines_compared

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
    clear_all, suggestion_link, timeline, readings (its concordance and outlets compared:
    `_readings`), result_params (the search's parameters, for
    links to its articles and its downloads), feed_url (its Atom feed), export_max_rows
    (the most a download holds)."""
    params = _without(request.GET, *_PLACE_PARAMS)
    if not request.GET:
        context = {"form": SearchForm(), "page": None, "error": None, "chips": [], "result_params": ""}
        return render(request, "archive/search.html", context)
    outcome = search_run(request.GET, lambda found: article_search(request=found))
    context = {"form": outcome.form, "page": None, "error": None, "chips": [], "result_params": params.urlencode()}
    if outcome.error:
        context |= outcome.error.for_page
        return render(request, "archive/search.html", context, status=outcome.error.status)
    page = outcome.found
    if page.total and page.request.page > page.num_pages:
        last = params.copy()
        last["page"] = str(page.num_pages)
        return redirect(f"{reverse('archive:search')}?{last.urlencode()}")
    context["page"] = page
    context["readings"] = _readings(params, None)
    context["feed_url"] = f"{reverse('archive:search-feed')}?{_without(params, 'sort', 'page_size').urlencode()}"
    context["export_max_rows"] = settings.ARCHIVE_EXPORT_MAX_ROWS
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
    context: article, paragraphs (escaped HTML), story (the articles of its republished
    story, the first published first; empty when alone), similar, q, from_search (back, previous,
    next addresses, or None), citation (archive.citations.Citation)."""

    template_name = "archive/article_detail.html"
    queryset = Article.objects.select_related("source").prefetch_related("mentions__actor")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        text = self.request.GET.get("q", "")
        highlighter = highlighter_for(text) if text else Highlighter(frozenset(), frozenset())
        context["paragraphs"] = highlighter.paragraphs(self.object.body)
        members = story_articles(story=self.object.story) if self.object.story_id else []
        context["story"] = members if len(members) > 1 else []
        shown = {copy.pk for copy in context["story"]}
        # A copy of the story is listed once, under "also published by".
        context["similar"] = [other for other in article_similar(article=self.object) if other.pk not in shown]
        context["q"] = text
        context["from_search"] = self._from_search()
        permalink = self.request.build_absolute_uri(self.object.get_absolute_url())
        context["citation"] = article_citation(article=self.object, permalink=permalink, accessed_on=timezone.localdate())
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


def _under_api(request) -> bool:
    return request.path.startswith(reverse("archive:api-articles").rsplit("articles/", 1)[0])


def page_not_found(request, exception=None):
    """The 404 page in the site's layout; under /api/, the API's JSON error instead.
    Template: 404.html."""
    if _under_api(request):
        return api.not_found()
    return defaults.page_not_found(request, exception)


def server_error(request):
    """The 500 page in the site's layout; under /api/, a JSON error with its code. Template: 500.html."""
    if _under_api(request):
        return api.server_error()
    return defaults.server_error(request)


def bad_request(request, exception=None):
    """The 400 page, in the site's layout, saying which limit a request went past (too many
    files, too large a body) instead of a bare "Bad Request". Template: 400.html; context:
    reason, max_files, max_mib, back. Under /api/, the API's JSON error."""
    if _under_api(request):
        return api.request_refused()
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


# Keyword in context, and outlets compared ----------------------------------------------


def _address(view_name: str, params: QueryDict, *args) -> str:
    query = params.urlencode()
    return reverse(view_name, args=args) + (f"?{query}" if query else "")


def _of_actor(params: QueryDict, actor: Actor) -> QueryDict:
    """`params` as the search of one actor: its slug the only actor filter, no words."""
    narrowed = _without(params, "q", "actor")
    narrowed["actor"] = actor.slug
    return narrowed


def _readings(search: QueryDict, actor: Actor | None) -> dict[str, str]:
    """The addresses of a search's readings: its results, its concordance and its outlets
    compared (an actor's own pages for an actor), with the concordance's CSV and JSON and the
    comparison's JSON."""
    ordered = _without(search, *_PLACE_PARAMS)
    plain = _without(ordered, "sort", "page_size")
    links = {
        "concordance_csv": _address("archive:concordance-export", ordered),
        "concordance_json": _address("archive:api-concordance", ordered),
        "compare_json": _address("archive:api-compare", plain),
    }
    if actor is None:
        return links | {
            "results": _address("archive:search", plain),
            "concordance": _address("archive:concordance", plain),
            "compare": _address("archive:compare", plain),
        }
    rest = _without(plain, "actor")
    return links | {
        "results": actor.get_absolute_url(),
        "concordance": _address("archive:actor-concordance", rest, actor.slug),
        "compare": _address("archive:actor-compare", rest, actor.slug),
    }


@dataclass(frozen=True)
class SortLink:
    """An order a page offers: its name, the page in that order, and whether it is the one shown."""

    label: str
    address: str
    current: bool


def concordance(request):
    """Keyword in context for a search (the search page's parameters, and sort: newest,
    oldest or outlet): each place its articles write the searched words, or its actors'
    names, with the words around it, its outlet and date. Template: archive/concordance.html;
    context: form, actor (None here), concordance (a selectors.Concordance, or None before a
    search or after an error), error, unavailable, sorts (SortLink), links (the search's
    readings: `_readings`), article_query (the words to mark on an opened article),
    max_lines."""
    return _concordance_page(request, request.GET, actor=None)


def actor_concordance(request, slug: str):
    """Keyword in context for an actor: every spelling of its name in its articles, narrowed
    by source and dates if asked. Template and context: as `concordance`, with actor."""
    actor = get_object_or_404(Actor, slug=slug)
    return _concordance_page(request, _of_actor(request.GET, actor), actor=actor)


def _concordance_page(request, params: QueryDict, *, actor: Actor | None):
    context = {"actor": actor, "concordance": None, "error": None, "unavailable": False, "max_lines": CONCORDANCE_MAX_LINES}
    if not params:
        context["form"] = ConcordanceForm()
        return render(request, "archive/concordance.html", context)
    outcome = search_run(params, lambda search: concordance_of_search(request=search), form_class=ConcordanceForm)
    context["form"] = outcome.form
    if outcome.error:
        context |= outcome.error.for_page
        return render(request, "archive/concordance.html", context, status=outcome.error.status)
    data = outcome.form.cleaned_data
    names = [actor.name] if actor else list(actors_named(slugs=data["actor"]).values())
    context["concordance"] = outcome.found
    context["links"] = _readings(params, actor)
    context["article_query"] = data["q"] or (names[0] if len(names) == 1 else "")
    labels = {"newest": _("Newest first"), "oldest": _("Oldest first"), "outlet": _("By outlet")}
    context["sorts"] = []
    for order in CONCORDANCE_SORTS:
        ordered = _without(request.GET, *_PLACE_PARAMS)
        ordered["sort"] = order
        context["sorts"].append(SortLink(labels[order], f"?{ordered.urlencode()}", order == data["sort"]))
    return render(request, "archive/concordance.html", context)


def compare(request):
    """A search's articles outlet by outlet (the search page's parameters; none: the whole
    archive): for the outlets with most of them, a small timeline each, all over the same
    dates on one scale, and the actors each names most alongside. Template:
    archive/compare.html; context: form, actor (None here), comparison (a
    selectors.OutletComparison, or None after an error), outlets (pairs of an OutletCoverage
    and its Timeline), error, unavailable, links (`_readings`), searched (the search's
    parameters, for links to an outlet's articles)."""
    return _compare_page(request, request.GET, actor=None)


def actor_compare(request, slug: str):
    """An actor's articles outlet by outlet. Template and context: as `compare`, with actor."""
    actor = get_object_or_404(Actor, slug=slug)
    return _compare_page(request, _of_actor(request.GET, actor), actor=actor)


def _compare_page(request, params: QueryDict, *, actor: Actor | None):
    context = {"actor": actor, "comparison": None, "error": None, "unavailable": False}
    outcome = search_run(params, lambda search: outlets_compared(request=search))
    context["form"] = outcome.form
    if outcome.error:
        context |= outcome.error.for_page
        return render(request, "archive/compare.html", context, status=outcome.error.status)
    comparison = outcome.found
    searched = _without(params, *_PLACE_PARAMS, "sort", "page_size")
    series = []
    for outlet in comparison.outlets:
        narrowed = searched.copy()
        narrowed["source"] = outlet.source.slug
        series.append((outlet.day_counts, outlet.undated, _period_links(narrowed)))
    context["comparison"] = comparison
    context["outlets"] = list(zip(comparison.outlets, timelines_compared(series), strict=True))
    context["links"] = _readings(params, actor)
    context["searched"] = _without(searched, "source").urlencode()
    return render(request, "archive/compare.html", context)

"""The JSON API and the downloads of a search's results, with the search page's query semantics."""

from functools import wraps

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .citations import article_citation
from .exports import (
    FORMATS,
    content_disposition,
    csv_head,
    csv_rows,
    export_chunks,
    export_command,
    export_filename,
    too_many_message,
)
from .forms import ConcordanceForm
from .models import Actor, Article, Story
from .searching import RETRY_AFTER_SECONDS, SearchError, search_run
from .selectors import (
    COMPARE_MAX_OUTLETS,
    CONCORDANCE_MAX_LINES,
    CoMention,
    ConcordanceEntry,
    actor_co_mentions,
    actors_matching,
    article_ids_found,
    article_republications,
    article_search,
    article_similar,
    articles_by_ids,
    concordance_of_search,
    outlets_compared,
    stories_listing,
    story_articles,
)


def _article_summary(article: Article, request, *, counts: bool = False) -> dict:
    return {
        "id": article.pk,
        "title": article.title,
        "published_on": article.published_on.isoformat() if article.published_on else None,
        "date_confidence": article.date_confidence,
        "source": {"slug": article.source.slug, "name": article.source.name} if article.source else None,
        "actors": [
            {"slug": m.actor.slug, "name": m.actor.name, "name_en": m.actor.name_en, "kind": m.actor.kind}
            | ({"count": m.count} if counts else {})
            for m in article.mentions.all()
        ],
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "original_url": article.url,
    }


def _error(code: str, errors: dict[str, list[str]], status: int) -> JsonResponse:
    """An error for programs (`code`, stable) and people (`errors`, in Arabic, by parameter)."""
    return JsonResponse({"code": code, "errors": errors}, status=status, json_dumps_params={"ensure_ascii": False})


def not_found() -> JsonResponse:
    """The API's answer for an address or an article it does not have."""
    return _error("not_found", {"path": [_("Nothing in the archive has this address.")]}, 404)


def server_error() -> JsonResponse:
    """The API's answer when the archive failed to answer."""
    return _error("server_error", {"server": [_("The archive could not answer this request; try again later.")]}, 500)


def request_refused() -> JsonResponse:
    """The API's answer to a request past Django's limits (too many parameters, too large)."""
    return _error("request_refused", {"request": [_("This request is too large for the archive to read.")]}, 400)


def api_endpoint(view):
    """An API view answered in JSON whatever happens: a method other than GET (or HEAD) and
    a missing article get JSON errors with their codes, like every other API error."""

    @wraps(view)
    def endpoint(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = _error("method_not_allowed", {"method": [_("Only GET is answered here.")]}, 405)
            response["Allow"] = "GET, HEAD"
            return response
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return not_found()

    return endpoint


def error_response(error: SearchError) -> JsonResponse:
    """A search's error as the API gives every error: JSON with its code, and, while the
    index is rebuilt, when to ask again."""
    response = _error(error.code, error.messages, error.status)
    if error.status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@api_endpoint
def articles(request):
    """GET /api/articles/: search results with facets; newest first when there is no q."""
    outcome = search_run(request.GET, lambda search: article_search(request=search))
    if outcome.error:
        return error_response(outcome.error)
    page = outcome.found
    return JsonResponse(
        {
            "count": page.total,
            "page": page.request.page,
            "num_pages": page.num_pages,
            "results": [
                _article_summary(hit.article, request)
                | {"snippet": str(hit.snippet)}
                | ({"group_size": hit.group_size} if page.request.collapse else {})
                for hit in page.hits
            ],
            "collapsed": page.request.collapse,
            "article_count": page.articles_total,
            "facets": page.facets,
            "suggestion": page.suggestion,
            "ranking_cut_short": page.ranking_cut_short,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@api_endpoint
def article_detail(request, pk: int):
    """GET /api/articles/<id>/: everything about one article, body included."""
    article = get_object_or_404(Article.objects.with_listing_data(), pk=pk)
    data = _article_summary(article, request, counts=True)
    data |= {
        "body": article.body,
        "date_source": article.date_source,
        "date_note": article.date_note,
        "original": {
            "filename": article.original_filename,
            "encoding": article.original_encoding,
            "sha256": article.checksum,
            "url": request.build_absolute_uri(reverse("archive:article-original-text", args=[article.pk])),
        },
        "story": article.story_id,
        "republished": [_story_member(other) for other in article_republications(article=article)],
        "created_at": article.created_at.isoformat(),
        "updated_at": article.updated_at.isoformat(),
        "citation": article_citation(article=article, permalink=data["url"], accessed_on=timezone.localdate()).as_json(),
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _story_member(article: Article) -> dict:
    return {
        "id": article.pk,
        "title": article.title,
        "source": {"slug": article.source.slug, "name": article.source.name} if article.source else None,
        "published_on": article.published_on.isoformat() if article.published_on else None,
        "date_confidence": article.date_confidence,
    }


@api_endpoint
def stories(request):
    """GET /api/stories/: the stories several articles ran, the latest found first, each with
    its articles in the order they were published; ?page= pages through them."""
    page = stories_listing(page=request.GET.get("page"))
    return JsonResponse(
        {
            "count": page.paginator.count,
            "page": page.number,
            "num_pages": page.paginator.num_pages,
            "results": [
                {"id": story.pk, "size": len(story.ordered), "articles": [_story_member(a) for a in story.ordered]}
                for story in page.object_list
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@api_endpoint
def story_detail(request, pk: int):
    """GET /api/stories/<id>/: one story's articles, the first published first."""
    story = get_object_or_404(Story, pk=pk)
    members = story_articles(story=story)
    return JsonResponse(
        {"id": story.pk, "size": len(members), "articles": [_story_member(a) for a in members]},
        json_dumps_params={"ensure_ascii": False},
    )


@api_endpoint
def article_similar_view(request, pk: int):
    """GET /api/articles/<id>/similar/: the most similar articles."""
    article = get_object_or_404(Article, pk=pk)
    return JsonResponse(
        {"results": [_article_summary(a, request) for a in article_similar(article=article)]},
        json_dumps_params={"ensure_ascii": False},
    )


@api_endpoint
def actors(request):
    """GET /api/actors/?q=: actors by any of their names, Arabic or English."""
    found = actors_matching(text=request.GET.get("q", ""))
    return JsonResponse(
        {
            "results": [
                {
                    "slug": actor.slug,
                    "name": actor.name,
                    "name_en": actor.name_en,
                    "kind": actor.kind,
                    "aliases": [alias.text for alias in actor.aliases.all() if alias.role != "exclude"],
                    "article_count": actor.article_count,
                }
                for actor in found
            ]
        },
        json_dumps_params={"ensure_ascii": False},
    )


@api_endpoint
def export(request, format_name: str):
    """GET /search/export.csv, /search/export-excel.csv, /search/export.jsonl: every result of
    a search (the search page's parameters) streamed in that format (`archive.exports`), when
    there are at most settings.ARCHIVE_EXPORT_MAX_ROWS. A bad search, or one finding more, is
    refused before anything is streamed: in JSON with its code, or, to a browser, on the page
    archive/export_refused.html (context: reasons, command, back)."""
    export_format = FORMATS[format_name]
    cap = settings.ARCHIVE_EXPORT_MAX_ROWS
    outcome = search_run(request.GET, lambda search: article_ids_found(request=search, limit=cap))
    if outcome.error:
        if _from_browser(request):
            return _refusal_page(request, [outcome.error.text], outcome.error.status)
        return error_response(outcome.error)
    found, data = outcome.found, outcome.form.cleaned_data
    filename = export_filename(data=data, export_format=export_format, today=timezone.localdate())
    if found.total > cap:
        reasons = too_many_message(total=found.total, cap=cap)
        command = export_command(data=data, export_format=export_format, filename=filename)
        if _from_browser(request):
            return _refusal_page(request, reasons, 400, command=command)
        return JsonResponse(
            {"code": "too_many_results", "errors": {"export": reasons}, "count": found.total, "max_rows": cap, "command": command},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    articles = articles_by_ids(ids=found.ids)
    chunks = export_chunks(articles, export_format, lambda article: request.build_absolute_uri(article.get_absolute_url()))
    response = StreamingHttpResponse(chunks, content_type=export_format.content_type)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def _refusal_page(request, reasons: list[str], status: int, command: str = ""):
    back = f"{reverse('archive:search')}?{request.GET.urlencode()}"
    return render(request, "archive/export_refused.html", {"reasons": reasons, "command": command, "back": back}, status=status)


def _from_browser(request) -> bool:
    """Whether a person asked in a browser (which names HTML among what it accepts), who
    reads a refusal best as a page; a program gets JSON."""
    return "text/html" in request.headers.get("Accept", "")


# Keyword in context, and outlets compared ----------------------------------------------

# The concordance's columns, in its CSV and (but for the article's fields) its JSON.
CONCORDANCE_COLUMNS = (
    ("article_id", gettext_lazy("article number")),
    ("title", gettext_lazy("title")),
    ("source", gettext_lazy("source")),
    ("source_slug", gettext_lazy("source (slug)")),
    ("published_on", gettext_lazy("publication date")),
    ("date_confidence", gettext_lazy("date confidence (code)")),
    ("left", gettext_lazy("words before")),
    ("match", gettext_lazy("keyword")),
    ("right", gettext_lazy("words after")),
    ("left_start", gettext_lazy("words before: first character")),
    ("start", gettext_lazy("keyword: first character")),
    ("end", gettext_lazy("keyword: end")),
    ("right_end", gettext_lazy("words after: end")),
    ("url", gettext_lazy("archive permalink")),
)


def _concordance_row(entry: ConcordanceEntry, request) -> dict:
    """One concordance line with its article's id, title, source, date and address, and its
    offsets in the article's body."""
    article, line = entry.article, entry.line
    return {
        "article_id": article.pk,
        "title": article.title,
        "source": article.source.name if article.source else None,
        "source_slug": article.source.slug if article.source else None,
        "published_on": article.published_on.isoformat() if article.published_on else None,
        "date_confidence": article.date_confidence,
        "left": line.left,
        "match": line.match,
        "right": line.right,
        "left_start": line.left_start,
        "start": line.start,
        "end": line.end,
        "right_end": line.right_end,
        "url": request.build_absolute_uri(article.get_absolute_url()),
    }


def _concordance_run(request):
    return search_run(request.GET, lambda search: concordance_of_search(request=search), form_class=ConcordanceForm)


@api_endpoint
def concordance(request):
    """GET /api/concordance/: a search's keyword-in-context lines (the /api/articles/
    parameters; sort: newest, oldest or outlet), up to CONCORDANCE_MAX_LINES."""
    outcome = _concordance_run(request)
    if outcome.error:
        return error_response(outcome.error)
    found = outcome.found
    return JsonResponse(
        {
            "count": len(found.entries),
            "sort": found.sort,
            "articles_found": found.articles_found,
            "articles_read": found.articles_read,
            "cut_short": found.cut_short,
            "max_lines": CONCORDANCE_MAX_LINES,
            "results": [_concordance_row(entry, request) for entry in found.entries],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@api_endpoint
def concordance_csv(request):
    """GET /concordance/export.csv: the lines of /api/concordance/ as CSV, written as the
    downloads write theirs (`archive.exports`: a byte-order mark, Arabic labels over machine
    names, formula-looking cells behind an apostrophe, a file name saying what and when)."""
    outcome = _concordance_run(request)
    if outcome.error:
        return error_response(outcome.error)
    filename = export_filename(
        data=outcome.form.cleaned_data, export_format=FORMATS["csv"], today=timezone.localdate(), kind="concordance"
    )
    rows = [[_concordance_row(entry, request)[name] for name, _ in CONCORDANCE_COLUMNS] for entry in outcome.found.entries]
    response = HttpResponse(csv_head(CONCORDANCE_COLUMNS) + csv_rows(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition(filename)
    return response


@api_endpoint
def compare(request):
    """GET /api/compare/: a search's articles outlet by outlet (the /api/articles/
    parameters): for the outlets with most of them, their count, counts by month and the
    actors each names most alongside."""
    outcome = search_run(request.GET, lambda search: outlets_compared(request=search))
    if outcome.error:
        return error_response(outcome.error)
    found = outcome.found
    return JsonResponse(
        {
            "count": found.total,
            "outlets_found": found.outlets_found,
            "without_source": found.without_outlet,
            "max_outlets": COMPARE_MAX_OUTLETS,
            "outlets": [
                {
                    "slug": outlet.source.slug,
                    "name": outlet.source.name,
                    "total": outlet.total,
                    "undated": outlet.undated,
                    "months": [{"month": month, "count": count} for month, count in outlet.months],
                    "actors": [_co_mention(item) for item in outlet.co_mentions],
                }
                for outlet in found.outlets
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _co_mention(item: CoMention) -> dict:
    actor = item.actor
    return {"slug": actor.slug, "name": actor.name, "name_en": actor.name_en, "kind": actor.kind, "count": item.count}


@api_endpoint
def actor_co_mentions_view(request, slug: str):
    """GET /api/actors/<slug>/co-mentions/: the actors most often named in the same articles
    as this one, with how many articles name both."""
    actor = get_object_or_404(Actor, slug=slug)
    return JsonResponse(
        {
            "actor": {"slug": actor.slug, "name": actor.name, "name_en": actor.name_en, "kind": actor.kind},
            "results": [_co_mention(item) for item in actor_co_mentions(actor=actor)],
        },
        json_dumps_params={"ensure_ascii": False},
    )

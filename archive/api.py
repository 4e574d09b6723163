"""The JSON API and CSV export, with the search page's query semantics."""

import csv
from functools import wraps

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Article
from .searching import RETRY_AFTER_SECONDS, SearchError, search_run
from .selectors import actors_matching, article_search, article_similar, articles_found

# An export stops here; narrow the search to export more.
CSV_MAX_ROWS = 10_000


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
            "results": [_article_summary(hit.article, request) | {"snippet": str(hit.snippet)} for hit in page.hits],
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
        "created_at": article.created_at.isoformat(),
        "updated_at": article.updated_at.isoformat(),
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


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
def export_csv(request):
    """GET /search/export.csv: every result of a search (up to CSV_MAX_ROWS) as CSV, UTF-8
    with a BOM for Excel."""
    outcome = search_run(request.GET, lambda search: articles_found(request=search, limit=CSV_MAX_ROWS))
    if outcome.error:
        return error_response(outcome.error)
    found = outcome.found
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="archive-search.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["id", "title", "published_on", "date_confidence", "source", "actors", "url", "original_url"])
    for article in found:
        writer.writerow(
            [
                spreadsheet_safe(value)
                for value in (
                    article.pk,
                    article.title,
                    article.published_on.isoformat() if article.published_on else "",
                    article.date_confidence,
                    article.source.name if article.source else "",
                    "; ".join(m.actor.name for m in article.mentions.all()),
                    request.build_absolute_uri(article.get_absolute_url()),
                    article.url,
                )
            ]
        )
    return response


# A cell a spreadsheet would run as a formula begins with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    """`value` as a CSV cell no spreadsheet runs as a formula: a text beginning like one
    (an uploaded title «=HYPERLINK(…)», «-1») is kept, behind an apostrophe."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text

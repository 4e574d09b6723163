"""The JSON API and CSV export, with the search page's query semantics."""

import csv

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .forms import SearchForm
from .models import Article
from .search.engine import QueryHasNoTerms, SearchUnavailable
from .selectors import actors_matching, article_search, article_similar, articles_found
from .text.query import QuerySyntaxError
from .translation import translated

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


def _search(request):
    """Run the request's search; return (page, None) or (None, error response)."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return None, _invalid(form)
    try:
        return article_search(request=form.search_request()), None
    except (QuerySyntaxError, QueryHasNoTerms) as error:
        return None, _bad_query(error)
    except SearchUnavailable:
        return None, _unavailable()


def _error(code: str, errors: dict[str, list[str]], status: int) -> JsonResponse:
    """An error for programs (`code`, stable) and people (`errors`, in Arabic, by parameter)."""
    return JsonResponse({"code": code, "errors": errors}, status=status, json_dumps_params={"ensure_ascii": False})


def _invalid(form: SearchForm) -> JsonResponse:
    return _error("invalid_parameters", {name: [str(message) for message in messages] for name, messages in form.errors.items()}, 400)


def _bad_query(error: QuerySyntaxError | QueryHasNoTerms) -> JsonResponse:
    return _error(error.code, {"q": [translated(error)]}, 400)


# Seconds a client is asked to wait before asking again while the index is rebuilt.
RETRY_AFTER_SECONDS = 30


def _unavailable() -> JsonResponse:
    message = _("Search is not available now: the search index is being rebuilt. Try again in a minute.")
    response = _error("search_unavailable", {"search": [message]}, 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@require_GET
def articles(request):
    """GET /api/articles/: search results with facets; newest first when there is no q."""
    page, error = _search(request)
    if error:
        return error
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


@require_GET
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


@require_GET
def article_similar_view(request, pk: int):
    """GET /api/articles/<id>/similar/: the most similar articles."""
    article = get_object_or_404(Article, pk=pk)
    return JsonResponse(
        {"results": [_article_summary(a, request) for a in article_similar(article=article)]},
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
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


@require_GET
def export_csv(request):
    """GET /search/export.csv: every result of a search (up to CSV_MAX_ROWS) as CSV, UTF-8
    with a BOM for Excel."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return _invalid(form)
    try:
        found = articles_found(request=form.search_request(), limit=CSV_MAX_ROWS)
    except (QuerySyntaxError, QueryHasNoTerms) as error:
        return _bad_query(error)
    except SearchUnavailable:
        return _unavailable()
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

"""The one path from a request's parameters to a search, shared by the search page, the API,
the exports and the feeds: validate the parameters, run the read, turn what can go wrong into
a message for the person asking (and a stable code for programs)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.http import QueryDict
from django.utils.translation import gettext as _

from .forms import SearchForm
from .search.engine import QueryHasNoTerms, SearchRequest, SearchUnavailable
from .text.query import QuerySyntaxError
from .translation import translated

T = TypeVar("T")

# Seconds a client is asked to wait before asking again while the index is rebuilt.
RETRY_AFTER_SECONDS = 30


@dataclass(frozen=True)
class SearchError:
    """Why a search could not run: a stable `code`, the messages by parameter (in the site's
    language) and the HTTP status that says it."""

    code: str
    messages: dict[str, list[str]]
    status: int

    @property
    def text(self) -> str:
        """Every message in one line, for a page."""
        return " ".join(message for messages in self.messages.values() for message in messages)

    @property
    def for_page(self) -> dict:
        """What a page's template shows: `unavailable` while the index is rebuilt (its own
        notice), else the `error` message."""
        unavailable = self.status == 503
        return {"unavailable": unavailable, "error": None if unavailable else self.text}


@dataclass(frozen=True)
class SearchOutcome(Generic[T]):
    """The form as the request filled it, and either what the read returned or the error."""

    form: SearchForm
    found: T | None = None
    error: SearchError | None = None


def search_run(
    params: QueryDict, read: Callable[[SearchRequest], T], *, form_class: type[SearchForm] = SearchForm
) -> SearchOutcome[T]:
    """Validate `params` as a search (with `form_class`, a SearchForm that may ask more of
    them) and run `read` on it; a bad parameter, a query that cannot run and an index being
    rebuilt come back as the outcome's error, never as an exception."""
    form = form_class(params)
    if not form.is_valid():
        messages = {name: [str(message) for message in errors] for name, errors in form.errors.items()}
        return SearchOutcome(form, error=SearchError("invalid_parameters", messages, 400))
    try:
        return SearchOutcome(form, found=read(form.search_request()))
    except (QuerySyntaxError, QueryHasNoTerms) as error:
        return SearchOutcome(form, error=SearchError(error.code, {"q": [translated(error)]}, 400))
    except SearchUnavailable:
        message = _("Search is not available now: the search index is being rebuilt. Try again in a minute.")
        return SearchOutcome(form, error=SearchError("search_unavailable", {"search": [message]}, 503))

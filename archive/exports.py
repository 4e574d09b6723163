"""Articles written out for other programs: CSV, a CSV safe to open in a spreadsheet, and
JSON Lines, built a chunk of rows at a time from articles read a chunk at a time, so that an
export of any size holds one chunk in memory. The search page's downloads (`api.export`) and
`manage.py export_articles` both write through here.

The formats differ only where a spreadsheet needs them to:

- ``csv``: RFC 4180 (rows end in CRLF; a cell holding a line break, a comma or a quote is
  quoted), UTF-8 with a byte-order mark, two header rows (Arabic labels, then the machine
  names); a cell a spreadsheet would run as a formula (one beginning with = + - @, a tab or a
  carriage return) is kept behind an apostrophe, as any CSV may end up opened in one;
- ``excel-csv``: the same, except that a cell longer than a spreadsheet cell holds (Excel:
  32,767 characters) is cut there, ending in «…», so that every row opens whole;
- ``jsonl``: one JSON object per article and per line (LF), UTF-8 without a byte-order mark,
  the machine names as keys, the source and actors as objects, every value exact: for programs.
"""

import csv
import io
import json
import re
import shlex
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .models import Article

# Rows written per chunk of the stream: a few hundred kilobytes of article text.
ROWS_PER_CHUNK = 200
BYTE_ORDER_MARK = "\ufeff"
# A cell a spreadsheet would run as a formula begins with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The most characters an Excel cell holds: a longer one does not open whole.
SPREADSHEET_CELL_MAX = 32_767
# A file name says what was searched in at most this many characters.
NAME_MAX = 80


# The columns of the CSV exports: machine name (the second header row, and the JSON Lines
# keys where they are flat) and Arabic label (the first header row).
COLUMNS = (
    ("id", gettext_lazy("article number")),
    ("title", gettext_lazy("title")),
    ("body", gettext_lazy("body")),
    ("published_on", gettext_lazy("publication date")),
    ("date_confidence", gettext_lazy("date confidence (code)")),
    ("date_confidence_label", gettext_lazy("date confidence")),
    ("date_source", gettext_lazy("date found in (code)")),
    ("source_name", gettext_lazy("source")),
    ("source_slug", gettext_lazy("source (slug)")),
    ("actors", gettext_lazy("actors")),
    ("actor_slugs", gettext_lazy("actors (slugs)")),
    ("url", gettext_lazy("archive permalink")),
    ("original_url", gettext_lazy("original URL")),
)


@dataclass(frozen=True)
class ExportFormat:
    """A way of writing articles out: its name in addresses and commands, the file's
    extension and media type, and whether cells are made safe for a spreadsheet."""

    name: str
    extension: str
    content_type: str
    for_spreadsheets: bool = False


FORMATS = {
    export_format.name: export_format
    for export_format in (
        ExportFormat("csv", "csv", "text/csv; charset=utf-8"),
        ExportFormat("excel-csv", "csv", "text/csv; charset=utf-8", for_spreadsheets=True),
        ExportFormat("jsonl", "jsonl", "application/jsonl; charset=utf-8"),
    )
}


def spreadsheet_safe(value) -> str:
    """`value` as a cell no spreadsheet runs as a formula: a text beginning like one (an
    uploaded title «=HYPERLINK(…)», «-1») is kept, behind an apostrophe."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _spreadsheet_cell(value) -> str:
    text = spreadsheet_safe(value)
    return text if len(text) <= SPREADSHEET_CELL_MAX else text[: SPREADSHEET_CELL_MAX - 1] + "…"


def article_record(article: Article, permalink: str) -> dict:
    """An article as the JSON Lines export writes it (machine names, exact values)."""
    return {
        "id": article.pk,
        "title": article.title,
        "body": article.body,
        "published_on": article.published_on.isoformat() if article.published_on else None,
        "date_confidence": article.date_confidence,
        "date_source": article.date_source,
        "source": {"slug": article.source.slug, "name": article.source.name} if article.source else None,
        "actors": [{"slug": m.actor.slug, "name": m.actor.name} for m in article.mentions.all()],
        "url": permalink,
        "original_url": article.url,
    }


def article_row(article: Article, permalink: str) -> list:
    """An article as a row of the CSV exports, in the order of COLUMNS."""
    actors = [m.actor for m in article.mentions.all()]
    return [
        article.pk,
        article.title,
        article.body,
        article.published_on.isoformat() if article.published_on else "",
        article.date_confidence,
        article.get_date_confidence_display(),
        article.date_source,
        article.source.name if article.source else "",
        article.source.slug if article.source else "",
        "; ".join(actor.name for actor in actors),
        "; ".join(actor.slug for actor in actors),
        permalink,
        article.url,
    ]


def export_chunks(articles: Iterable[Article], export_format: ExportFormat, permalink: Callable[[Article], str]) -> Iterator[bytes]:
    """The export of `articles` in `export_format`, as UTF-8 chunks of ROWS_PER_CHUNK rows
    each (the CSVs open with the byte-order mark and their two header rows); `permalink`
    gives each article's address in the archive."""
    if export_format.name == "jsonl":

        def text_of(chunk: list[Article]) -> str:
            return "".join(json.dumps(article_record(a, permalink(a)), ensure_ascii=False) + "\n" for a in chunk)

    else:
        cell = _spreadsheet_cell if export_format.for_spreadsheets else spreadsheet_safe
        yield csv_head(COLUMNS).encode("utf-8")

        def text_of(chunk: list[Article]) -> str:
            return _csv_text([[cell(value) for value in article_row(a, permalink(a))] for a in chunk])

    chunk = []
    for article in articles:
        chunk.append(article)
        if len(chunk) == ROWS_PER_CHUNK:
            yield text_of(chunk).encode("utf-8")
            chunk = []
    if chunk:
        yield text_of(chunk).encode("utf-8")


def csv_head(columns) -> str:
    """The start of every CSV the archive writes: the byte-order mark, then the columns'
    labels (in the site's language) and their machine names, two header rows."""
    return BYTE_ORDER_MARK + _csv_text([[str(label) for _, label in columns], [name for name, _ in columns]])


def csv_rows(rows: list[list]) -> str:
    """Rows of a CSV, every cell kept from running as a formula."""
    return _csv_text([[spreadsheet_safe("" if value is None else value) for value in row] for row in rows])


def _csv_text(rows: list[list]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def export_filename(*, data: dict, export_format: ExportFormat, today: date, kind: str = "archive") -> str:
    """A file name saying what was searched and when, from a search's cleaned parameters:
    «archive_قره-باغ_russia_from-2020-01-01_2026-12-06.csv»; «archive_all_…» for everything
    (`kind` names what the file holds: the articles, or a concordance's lines)."""
    searched = [
        re.sub(r"\W+", "-", data.get("q") or "").strip("-"),
        *(data.get("actor") or []),
        data.get("source") or "",
        f"from-{data['from'].isoformat()}" if data.get("from") else "",
        f"to-{data['to'].isoformat()}" if data.get("to") else "",
        "one-per-story" if data.get("collapse") else "",
    ]
    what = "_".join(part for part in searched if part)[:NAME_MAX].strip("-_") or "all"
    spreadsheet = "_excel" if export_format.for_spreadsheets else ""
    return f"{kind}_{what}_{today.isoformat()}{spreadsheet}.{export_format.extension}"


def content_disposition(filename: str) -> str:
    """A download's Content-Disposition: the name in ASCII (what is not ASCII left out) for
    old clients, and in full as RFC 5987's UTF-8 `filename*`."""
    plain = re.sub(r'[^\x20-\x7e]|["\\]', "", filename)
    plain = re.sub(r"[-_]{2,}", "_", plain)
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename)}"


def export_command(*, data: dict, export_format: ExportFormat, filename: str) -> str:
    """The `manage.py export_articles` line that writes a search's results without a cap."""
    words = ["python", "manage.py", "export_articles", "--format", export_format.name]
    if data.get("q"):
        words += ["--q", data["q"]]
    for slug in data.get("actor") or []:
        words += ["--actor", slug]
    if data.get("source"):
        words += ["--source", data["source"]]
    for name in ("from", "to"):
        if data.get(name):
            words += [f"--{name}", data[name].isoformat()]
    if data.get("sort"):
        words += ["--sort", data["sort"]]
    if data.get("collapse"):
        words.append("--collapse")
    return shlex.join([*words, "--output", filename])


def too_many_message(*, total: int, cap: int) -> list[str]:
    """Why a search's download is refused, and what to do instead, in the site's language."""
    numbers = {"total": intcomma(total), "cap": intcomma(cap)}
    return [
        ngettext(
            "This search finds %(total)s article; a download from the site holds at most %(cap)s.",
            "This search finds %(total)s articles; a download from the site holds at most %(cap)s.",
            total,
        )
        % numbers,
        _("Narrow the search (by dates, a source or an actor), or ask the archive's administrator to export all of it with this command:"),
    ]

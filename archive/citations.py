"""How to cite an article of the archive: one citation, shown on the article's page and
given by the JSON API.

The style is the Chicago Manual of Style's note for an unsigned news article, adapted to
Arabic: the outlet stands in the author's place (Chicago 17th ed., 14.207), the title is
between Arabic quotation marks, parts are separated by the Arabic comma and the date is
written as Arabic readers write it (day_label). The archived copy follows, as Chicago cites an
archived web page: its permanent address and the day it was read («تاريخ الاطلاع»).

    الوفد، «عنوان المقال»، 29 أيلول/سبتمبر 2023، https://alwafd.news/…، محفوظ في أرشيف
    تغطية النزاع: https://archive.example/articles/3/، تاريخ الاطلاع: 6 كانون الأول/ديسمبر 2026.

What the archive does not know is not made up: no outlet, no original address, no date
(«بلا تاريخ», Chicago's n.d.) are left out or said; a date the archive inferred rather than
read as the outlet's own or checked by an editor carries its confidence in brackets.
"""

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.utils.translation import gettext as _

from .models import Article
from .text.calendars import day_label

STYLE = "chicago-note-ar"


class Piece(NamedTuple):
    """A stretch of a citation's text, and whether it is a web address (which a page shows
    isolated, left to right, so that a right-to-left line does not reorder its parts)."""

    text: str
    address: bool = False


@dataclass(frozen=True)
class Citation:
    """An article's citation: its text in pieces, the style's code, the archive's permanent
    address of the article and the day it was read."""

    pieces: tuple[Piece, ...]
    style: str
    permalink: str
    accessed_on: date

    @property
    def text(self) -> str:
        """The citation as one line of plain text."""
        return "".join(piece.text for piece in self.pieces)

    def as_json(self) -> dict:
        """The citation as the JSON API gives it."""
        return {"style": self.style, "text": self.text, "permalink": self.permalink, "accessed_on": self.accessed_on.isoformat()}


def article_citation(*, article: Article, permalink: str, accessed_on: date) -> Citation:
    """The citation of `article`, kept at the absolute address `permalink`, read on `accessed_on`."""
    parts = [[Piece(article.source.name)]] if article.source else []
    parts.append([Piece(f"«{article.title}»")])
    if article.published_on is None:
        parts.append([Piece(_("undated"))])
    elif article.date_is_sure:
        parts.append([Piece(day_label(article.published_on))])
    else:
        parts.append([Piece(f"{day_label(article.published_on)} ({article.get_date_confidence_display()})")])
    if article.url:
        parts.append([Piece(article.url, address=True)])
    parts.append([Piece(_("kept in the %(archive)s:") % {"archive": _("Conflict coverage archive")} + " "), Piece(permalink, address=True)])
    parts.append([Piece(_("accessed %(day)s") % {"day": day_label(accessed_on)})])
    pieces = [piece for number, part in enumerate(parts) for piece in ([Piece("، ")] if number else []) + part]
    return Citation((*pieces, Piece(".")), STYLE, permalink, accessed_on)

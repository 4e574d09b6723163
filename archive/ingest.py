"""From a raw upload to a parsed article, with no database in sight.

`Parser` reads what arrives from a news site (plain text as scraped, a saved HTML page, or
one record of an import file), removes everything that is not the article, and returns a
`ParsedArticle`: title, body, publication date with its provenance, source, URL and the
actors it names. The Django side builds a `Parser` from the database (gazetteer, sources,
markers) and decides what to save; this module only reads.
"""

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath

import trafilatura

from .text.actors import Gazetteer
from .text.dates import (
    DateConfidence,
    DateSource,
    PublicationDate,
    find_dates,
    infer_publication_date,
    is_date_label,
    is_date_line,
)
from .text.decode import UnreadableInput, decode_bytes, has_enough_arabic, require_arabic
from .text.normalize import normalize
from .text.segment import RemovedLine, Segmenter
from .text.tokenize import words

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_HTML_START = re.compile(r"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta)", re.IGNORECASE)
# Words that say "from the wires" rather than name an outlet (المصدر: وكالات).
GENERIC_SOURCES = frozenset(
    normalize(name)
    for name in ("وكالات", "وكالات الأنباء", "مواقع", "مواقع إلكترونية", "متابعات", "صحف", "الصحافة", "وسائل إعلام", "مصادر")
)
# Words that may stand before an outlet's name without being part of it.
SOURCE_PREFIXES = frozenset(normalize(word) for word in ("موقع", "صحيفة", "جريدة", "وكالة", "قناة", "شبكة", "مجلة"))
TITLE_FALLBACK_WORDS = 12
MAX_SOURCE_WORDS = 5
_DATELINE_SEPARATORS = re.compile(r"[/|–—\-۔()]+")


@dataclass(frozen=True)
class SourceName:
    """A known outlet: its slug and every name it is written under."""

    slug: str
    name: str
    aliases: tuple[str, ...] = ()


class SourceDirectory:
    """Looks up a written outlet name among the known sources."""

    def __init__(self, sources: list[SourceName]):
        self._by_name: dict[str, SourceName] = {}
        for source in sources:
            for name in (source.name, source.slug, *source.aliases):
                for key in _source_keys(name):
                    self._by_name.setdefault(key, source)

    def lookup(self, written: str) -> SourceName | None:
        """Return the known source written as `written`, if any."""
        for key in _source_keys(written):
            if key in self._by_name:
                return self._by_name[key]
        return None


def _source_keys(name: str) -> list[str]:
    tokens = words(name)
    keys = [" ".join(tokens)]
    if len(tokens) > 1 and tokens[0] in SOURCE_PREFIXES:
        keys.append(" ".join(tokens[1:]))
    return [key for key in keys if key]


@dataclass(frozen=True)
class ArticleRecord:
    """One article from an import file: fields already separated by whoever made the file."""

    title: str
    body: str
    date: str | None = None
    source: str | None = None
    url: str = ""
    # The date is when a crawler saw the page, which bounds the publication date.
    date_is_crawl_time: bool = False


@dataclass
class ParsedArticle:
    """What the parser made of one upload, for review before anything is saved."""

    title: str
    body: str
    publication: PublicationDate
    source_name: str | None
    source_slug: str | None
    url: str
    actors: Counter[str]
    original_text: str
    original_filename: str
    original_encoding: str
    checksum: str
    # A hash of the normalised words of the body: equal for copies of one article.
    body_fingerprint: str
    removed: list[RemovedLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def body_fingerprint(body: str) -> str:
    """Hash the normalised words of `body`, so copies differing only in spelling or spacing meet."""
    return _fingerprint(words(body))


def _fingerprint(body_words: list[str]) -> str:
    return hashlib.sha256(" ".join(body_words).encode()).hexdigest()


def checksum(data: bytes) -> str:
    """The SHA-256 of an upload's bytes, as hex."""
    return hashlib.sha256(data).hexdigest()


class Parser:
    """Turns raw uploads into `ParsedArticle`s using a gazetteer, known sources and markers."""

    def __init__(self, *, gazetteer: Gazetteer, sources: SourceDirectory, segmenter: Segmenter | None = None):
        self.gazetteer = gazetteer
        self.sources = sources
        self.segmenter = segmenter or Segmenter()

    def parse_upload(self, data: bytes, *, filename: str) -> ParsedArticle:
        """Parse an uploaded file (.txt as scraped, or a saved .html page).

        Raises `UnreadableInput` with a message for the uploader when the bytes hold no article.
        """
        decoded = decode_bytes(data, check_arabic=False)
        is_html = PurePath(filename).suffix.lower() in HTML_SUFFIXES or bool(_HTML_START.match(decoded.text[:500]))
        if is_html:
            parsed = self._parse_html(decoded.text)
        else:
            require_arabic(decoded)
            parsed = self._parse_plain(decoded.text)
        return self._finish(parsed, original=decoded.text, filename=filename, encoding=decoded.encoding, raw=data)

    def parse_record(self, record: ArticleRecord, *, original: str, filename: str) -> ParsedArticle:
        """Parse one record of an import file; `original` is the record as it stood in the file."""
        if not has_enough_arabic(record.title + "\n" + record.body):
            raise UnreadableInput("The record holds no Arabic article text.")
        title = record.title.strip()
        segments = self.segmenter.split(record.body, title=title or None, is_header_line=is_date_line)
        title = title or segments.title
        publication = _record_date(record) or infer_publication_date(
            header=segments.header, body=segments.body, trailer=segments.trailer
        )
        draft = _Draft(
            title=title,
            body=segments.body,
            removed=segments.removed,
            publication=publication,
            source_written=record.source,
            url=record.url,
        )
        return self._finish(draft, original=original, filename=filename, encoding="utf-8", raw=original.encode())

    def _parse_plain(self, text: str, *, metadata_date: date | None = None, site_name: str | None = None, url: str = "") -> "_Draft":
        segments = self.segmenter.split(text, is_header_line=is_date_line)
        publication = infer_publication_date(
            header=segments.header, body=segments.body, trailer=segments.trailer, metadata=metadata_date
        )
        return _Draft(
            title=segments.title,
            body=segments.body,
            removed=segments.removed,
            publication=publication,
            source_written=self._source_from_page(segments.header, segments.trailer, site_name),
            url=url,
        )

    def _parse_html(self, html: str) -> "_Draft":
        document = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
        text = (document.text or "").strip() if document else ""
        if not text or not has_enough_arabic(text):
            raise UnreadableInput("No Arabic article text was found in this HTML page.")
        title = (document.title or "").strip()
        if title and not normalize(text).startswith(normalize(title)):
            text = title + "\n" + text
        return self._parse_plain(
            text,
            metadata_date=_iso_date(document.date),
            site_name=document.sitename,
            url=document.url or "",
        )

    def _source_from_page(self, header: list[str], trailer: list[str], site_name: str | None) -> str | None:
        """The outlet a page names: its `المصدر:` line, a known outlet in its dateline, the
        site name in its metadata, or else the first name in its dateline."""
        for line in trailer:
            label, colon, rest = line.partition(":")
            if colon and words(label) == [normalize("المصدر")]:
                name = _clean_source(rest)
                if name:
                    return name
        parts = [
            part
            for line in header
            if not is_date_label(line)
            for part in map(_clean_source, _DATELINE_SEPARATORS.split(line))
            if part and len(words(part)) <= MAX_SOURCE_WORDS
        ]
        known = [part for part in parts if self.sources.lookup(part)]
        if known:
            return known[0]
        if site_name:
            return site_name
        return parts[0] if parts else None

    def _finish(self, draft: "_Draft", *, original: str, filename: str, encoding: str, raw: bytes) -> ParsedArticle:
        body_words = words(draft.body)
        if not body_words:
            raise UnreadableInput("No article text was left after removing the page's boilerplate.")
        warnings = []
        title = draft.title
        if not title:
            title = " ".join(draft.body.split()[:TITLE_FALLBACK_WORDS]) + " …"
            warnings.append("The text has no title line; the first words of the body stand in for it.")
        source = self.sources.lookup(draft.source_written) if draft.source_written else None
        actors = self.gazetteer.count_words(words(title) + body_words)
        return ParsedArticle(
            title=title,
            body=draft.body,
            publication=draft.publication,
            source_name=source.name if source else draft.source_written,
            source_slug=source.slug if source else None,
            url=draft.url,
            actors=actors,
            original_text=original,
            original_filename=filename,
            original_encoding=encoding,
            checksum=checksum(raw),
            body_fingerprint=_fingerprint(body_words),
            removed=draft.removed,
            warnings=warnings,
        )


@dataclass
class _Draft:
    """What a page's parts yield before the shared finishing (fallback title, actors, checksum)."""

    title: str
    body: str
    removed: list[RemovedLine]
    publication: PublicationDate
    source_written: str | None
    url: str


def _clean_source(text: str) -> str | None:
    for mention in find_dates(text):
        text = text.replace(mention.text, " ")
    text = re.sub(r"[\d:\"«»“”'.,،؛]+", " ", text)
    name = " ".join(text.split())
    if not name or normalize(name) in GENERIC_SOURCES or not words(name):
        return None
    return name


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _record_date(record: ArticleRecord) -> PublicationDate | None:
    """The publication date an import record states, or None to look in its text."""
    if not record.date:
        return None
    value = _iso_date(record.date)
    if value is None:
        mentions = [m for m in find_dates(record.date) if m.to_date()]
        value = mentions[0].to_date() if mentions else None
    if value is None:
        return None
    if record.date_is_crawl_time:
        return PublicationDate(
            value,
            DateSource.METADATA,
            DateConfidence.LOW,
            "تاريخ جمع الصفحة؛ نُشر المقال في هذا التاريخ أو قبله.",
        )
    return PublicationDate(value, DateSource.METADATA, DateConfidence.HIGH, "ورد في سجل الاستيراد.")

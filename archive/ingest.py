"""From a raw upload to a parsed article, with no database in sight.

`Parser` reads what arrives from a news site (plain text as scraped, a saved HTML page, or
one record of an import file), removes everything that is not the article, and returns a
`ParsedArticle`: title, body, publication date with its provenance, source, URL and the
actors it names. The Django side builds a `Parser` from the database (gazetteer, sources,
markers) and decides what to save; this module only reads.
"""

import hashlib
import html
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from urllib.parse import urlsplit

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
    not_after,
    read_timestamp,
)
from .text.decode import UnreadableInput, decode_bytes, has_enough_arabic, require_arabic, unify_line_ends
from .text.html import PageMetadata, read_metadata, strip_site_name, visible_text
from .text.normalize import normalize
from .text.messages import Message, gettext_noop
from .text.page import is_credit
from .text.segment import RemovedLine, Segmenter, Segments
from .text.tokenize import line_key, words

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_HTML_START = re.compile(r"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta)", re.IGNORECASE)
# Words that say "from the wires" rather than name an outlet (المصدر: وكالات).
GENERIC_SOURCES = frozenset(
    normalize(name)
    for name in ("وكالات", "وكالات الأنباء", "مواقع", "مواقع إلكترونية", "متابعات", "صحف", "الصحافة", "وسائل إعلام", "مصادر")
)
# Words that may stand before an outlet's name without being part of it.
SOURCE_PREFIXES = frozenset(normalize(word) for word in ("موقع", "صحيفة", "جريدة", "وكالة", "قناة", "شبكة", "مجلة"))
# Words that follow an outlet's name to name its Arabic service, one as good as another.
ARABIC_SERVICE_WORDS = tuple(
    word for written in ("عربي", "عربية", "العربية", "بالعربية", "Arabic", "Arabia", "Arabi") for word in words(written)
)
TITLE_FALLBACK_WORDS = 12
MAX_SOURCE_WORDS = 5
_DATELINE_SEPARATORS = re.compile(r"[/|–—\-۔()]+")


@dataclass(frozen=True)
class SourceName:
    """A known outlet: its slug, every name it is written under and its web domains."""

    slug: str
    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every name of the outlet, its main one first."""
        return (self.name, *self.aliases)


class SourceDirectory:
    """Looks up outlets by a written name or a web address among the known sources."""

    def __init__(self, sources: list[SourceName]):
        self._by_name: dict[str, SourceName] = {}
        # host -> [(path prefix, source)], longest prefix first; "" covers the whole host.
        self._by_domain: dict[str, list[tuple[str, SourceName]]] = {}
        for source in sources:
            for name in (source.name, source.slug, *source.aliases):
                for key in _source_keys(name):
                    self._by_name.setdefault(key, source)
            for domain in source.domains:
                host, path = _host_and_path(domain)
                self._by_domain.setdefault(host, []).append((path, source))
        for entries in self._by_domain.values():
            entries.sort(key=lambda entry: -len(entry[0]))

    def lookup(self, written: str) -> SourceName | None:
        """Return the known source written as `written`, if any. A name ending in a word for
        an outlet's Arabic service (عربي، بالعربية، Arabic…) is also looked up with the others:
        «CNN عربي» is the «CNN بالعربية» the directory lists."""
        for key in _source_keys(written):
            if key in self._by_name:
                return self._by_name[key]
            head, _, last = key.rpartition(" ")
            if head and last in ARABIC_SERVICE_WORDS:
                for other in ARABIC_SERVICE_WORDS:
                    if other != last and f"{head} {other}" in self._by_name:
                        return self._by_name[f"{head} {other}"]
        return None

    def lookup_address(self, address: str) -> SourceName | None:
        """Return the known source whose domain serves `address` (a URL or a bare host):
        the host itself or any domain above it (`arabic.cnn.com` under `cnn.com`), and
        where a domain names a section of a site (`bbc.com/arabic`), only under it."""
        host, path = _host_and_path(address)
        while "." in host:
            for prefix, source in self._by_domain.get(host, ()):
                if path == prefix or path.startswith(prefix + "/") or not prefix:
                    return source
            host = host.partition(".")[2]
        return None


def _host_and_path(address: str) -> tuple[str, str]:
    """The host (without `www.`) and the path (without its slashes at either end) of an
    address given with or without its scheme."""
    address = address.strip()
    parts = urlsplit(address if "//" in address else "//" + address)
    host = (parts.hostname or "").removeprefix("www.")
    return host, parts.path.strip("/").lower()


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
    warnings: list[Message] = field(default_factory=list)
    # Which of the page's signals gave the title and the source (shown at review).
    title_signal: str = ""
    source_signal: str = ""


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

    def __init__(
        self,
        *,
        gazetteer: Gazetteer,
        sources: SourceDirectory,
        segmenter: Segmenter | None = None,
        recurring: Mapping[str, frozenset[str]] | None = None,
    ):
        """`recurring` gives, per source slug, the lines that recur across that outlet's
        pages in the archive (`text.page.recurring_lines`): boilerplate of its own."""
        self.gazetteer = gazetteer
        self.sources = sources
        self.segmenter = segmenter or Segmenter()
        self.recurring = recurring or {}

    def parse_upload(self, data: bytes, *, filename: str, today: date | None = None) -> ParsedArticle:
        """Parse an uploaded file (.txt as scraped, or a saved .html page) received on `today`.

        Raises `UnreadableInput` with a message for the uploader when the bytes hold no article.
        """
        decoded = decode_bytes(data, check_arabic=False)
        is_html = PurePath(filename).suffix.lower() in HTML_SUFFIXES or bool(_HTML_START.match(decoded.text[:500]))
        today = today or date.today()
        if is_html:
            parsed = self._parse_html(decoded.text, today=today)
        else:
            require_arabic(decoded)
            parsed = self._parse_plain(decoded.text, today=today)
        return self._finish(parsed, original=decoded.text, filename=filename, encoding=decoded.encoding, raw=data)

    def parse_record(
        self, record: ArticleRecord, *, original: str, filename: str, today: date | None = None
    ) -> ParsedArticle:
        """Parse one record of an import file, imported on `today`; `original` is the record
        as it stood in the file.

        HTML entities (`&quot;`) that the exporting site left in the fields are decoded, and
        line ends unified as an upload's are.
        """
        title, body = unify_line_ends(html.unescape(record.title)).strip(), unify_line_ends(html.unescape(record.body))
        if not has_enough_arabic(title + "\n" + body):
            raise UnreadableInput("no_arabic_record", gettext_noop("The record holds no Arabic article text."))
        segments = self.segmenter.split(body, title=title or None, is_header_line=is_date_line)
        today = today or date.today()
        stated = _record_date(record)
        publication = (
            not_after(stated, today)
            if stated
            else infer_publication_date(header=segments.header, body=segments.body, comments=segments.comments, today=today)
        )
        source = self.sources.lookup(record.source) if record.source else None
        draft = _Draft(
            title=title or segments.title,
            title_signal=gettext_noop("import record") if title else gettext_noop("page text"),
            body=segments.body,
            removed=segments.removed,
            publication=publication,
            # A source an import file names is the importer's explicit choice, known or not.
            source=(source.name if source else record.source.strip(), source.slug if source else None, gettext_noop("import record"))
            if record.source and record.source.strip()
            else None,
            url=record.url,
        )
        return self._finish(draft, original=original, filename=filename, encoding="utf-8", raw=original.encode())

    def _parse_plain(
        self,
        text: str,
        *,
        today: date,
        page: PageMetadata | None = None,
        title: tuple[str, str] | None = None,
        comments: list[str] = (),
        page_text: Callable[[], str] | None = None,
    ) -> "_Draft":
        page = page or PageMetadata()
        known_titles = (title[1],) if title else ()
        segments = self.segmenter.split(text, is_header_line=is_date_line, known_titles=known_titles)
        source = self._source_from_page(segments, page, text)
        if source and self.recurring.get(source[1]):
            # Once the outlet is known, its own recurring lines are set aside and the page read again.
            segments = self.segmenter.split(
                text, is_header_line=is_date_line, known_titles=known_titles, recurring=self.recurring[source[1]]
            )
        if comments:
            segments.trailer += comments
            segments.comments += comments
            segments.removed += [RemovedLine(line, gettext_noop("comment section")) for line in comments]
        header = segments.header
        if page_text and not any(m.year for line in header for m in find_dates(line)):
            # The extractor kept no dateline; the page's own visible header may show one (the
            # page is parsed again for its visible text only then).
            header = header + self.segmenter.split(page_text(), is_header_line=is_date_line, known_titles=known_titles).header
        timestamps = [stamp for stamp in map(read_timestamp, page.published) if stamp]
        # A timestamp in the site's own zone says the site's calendar day; one in UTC may not.
        metadata = next((stamp for stamp in timestamps if stamp.zone_known), timestamps[0] if timestamps else None)
        publication = infer_publication_date(
            header=header,
            body=segments.body,
            comments=segments.comments,
            metadata=metadata,
            above=_lines_above(text, segments.title),
            today=today,
        )
        title_text, title_signal = segments.title, gettext_noop("page text")
        if title and (not title_text or line_key(title_text) != line_key(title[1])):
            title_text, title_signal = title[1], title[0]
        elif title:
            title_signal = title[0]
        unknown_sites = [name for name in page.site_names if not self.sources.lookup(name)]
        return _Draft(
            title=title_text,
            title_signal=title_signal if title_text else "",
            body=segments.body,
            removed=segments.removed,
            publication=publication,
            source=source,
            url=page.url,
            warnings=[
                Message(
                    gettext_noop(
                        "The page calls its site «%(name)s», an outlet the archive does not know; "
                        "type it as the source to add it."
                    ),
                    {"name": unknown_sites[0]},
                )
            ]
            if unknown_sites and not source
            else [],
        )

    def _parse_html(self, page_html: str, *, today: date) -> "_Draft":
        # trafilatura without comments sometimes drops an article's lead with them; with
        # comments it keeps the lead and appends the comment section. Both runs are read:
        # what only the second adds after the article's last line is the comment section.
        document = trafilatura.bare_extraction(
            page_html,
            with_metadata=True,
            include_comments=True,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
        text = (document.text or "").strip() if document else ""
        if not text or not has_enough_arabic(text):
            raise UnreadableInput("no_arabic_page", gettext_noop("No Arabic article text was found in this HTML page."))
        main = trafilatura.extract(page_html, include_comments=False, include_tables=False) or ""
        text, comments = _split_comment_section(text, main)
        page = read_metadata(page_html)
        if document.date and not page.published:
            page.published.append(document.date)
        if not page.url and document.url:
            page.url = document.url
        title = self._title_from_metadata(page)
        if title and not normalize(text).startswith(normalize(title[1])):
            text = title[1] + "\n" + text
        return self._parse_plain(text, today=today, page=page, title=title, comments=comments, page_text=lambda: visible_text(page_html))

    def _title_from_metadata(self, page: PageMetadata) -> tuple[str, str] | None:
        """The headline most of a page's signals agree on, without the site's name, and the
        signal that gave it."""
        known = self.sources.lookup_address(page.domain) if page.domain else None
        site_names = [*page.site_names, *(known.names if known else ())]
        site_keys = {line_key(name) for name in site_names}
        texts = [text for _, text in page.titles]
        stripped = [
            (signal, strip_site_name(text, site_names, [other for other in texts if other != text]))
            for signal, text in page.titles
        ]
        stripped = [(signal, text) for signal, text in stripped if line_key(text) and line_key(text) not in site_keys]
        if not stripped:
            return None
        votes = Counter(line_key(text) for _, text in stripped)
        best = max(votes.values())
        return next((signal, text) for signal, text in stripped if votes[line_key(text)] == best)

    def _source_from_page(
        self, segments: Segments, page: PageMetadata, text: str = ""
    ) -> tuple[str, str | None, str] | None:
        """The known outlet a page comes from, and what said so: its web address, the site
        name in its metadata, its `المصدر:` line, its dateline, its copyright line (even one
        that breaks after «لـ» and names the holder on the next line), or a masthead at the
        top of the page naming an outlet's Arabic service («CNN عربي»). (Any other line
        above the headline that is an outlet's name is not enough: menus hold section names
        such as الشرق الأوسط that are also newspapers.)

        Only outlets in the source directory are proposed: a weekday, a city or a reporter's
        name in a dateline is never taken for an outlet, nor is a photo agency in a credit.
        """
        found = self.sources.lookup_address(page.domain) if page.domain else None
        if found:
            return found.name, found.slug, gettext_noop("web address")
        for name in page.site_names:
            found = self.sources.lookup(name)
            if found:
                return found.name, found.slug, gettext_noop("site name in the page's metadata")
        for line in segments.trailer:
            label, colon, rest = line.partition(":")
            if colon and words(label) == [normalize("المصدر")]:
                found = self._known_outlet_in(rest)
                if found:
                    return found.name, found.slug, gettext_noop("source line")
        opening = _OPENING_DATELINE.match(segments.paragraphs[0]) if segments.paragraphs else None
        for line in segments.header + ([opening.group("dateline")] if opening else []):
            if is_date_label(line) or is_credit(line):
                continue
            found = self._known_outlet_in(line)
            if found:
                return found.name, found.slug, gettext_noop("dateline")
        # The page's lines after its article (footers say who holds the copyright; a © inside
        # the article is a photo credit, never the outlet).
        lines = [line for line in text.splitlines() if words(line)]
        last = line_key(segments.paragraphs[-1]) if segments.paragraphs else None
        end = max((index for index, line in enumerate(lines) if line_key(line) == last), default=-1)
        around = lines[end + 1 :] if end >= 0 else segments.trailer
        for line, following in zip(around, [*around[1:], ""]):
            if not _COPYRIGHT.match(line):
                continue
            holder = _copyright_holder(line)
            found = self.sources.lookup(holder) if holder else None
            if not found and following and _HOLDER_FOLLOWS.search(line):
                found = self.sources.lookup(_copyright_holder(f"{line} {following}") or "")
            if found:
                return found.name, found.slug, gettext_noop("copyright line")
        masthead = next((line for line in text.splitlines() if words(line)), "")
        for part in _DATELINE_SEPARATORS.split(masthead):
            name = _clean_source(part)
            tokens = words(name) if name else []
            if 1 < len(tokens) <= MAX_SOURCE_WORDS and tokens[-1] in ARABIC_SERVICE_WORDS:
                found = self.sources.lookup(name)
                if found:
                    return found.name, found.slug, gettext_noop("outlet's name at the top of the page")
        return None

    def _known_outlet_in(self, line: str) -> SourceName | None:
        for part in _DATELINE_SEPARATORS.split(line):
            name = _clean_source(part)
            if name and len(words(name)) <= MAX_SOURCE_WORDS:
                found = self.sources.lookup(name)
                if found:
                    return found
        return None

    def _finish(self, draft: "_Draft", *, original: str, filename: str, encoding: str, raw: bytes) -> ParsedArticle:
        body_words = words(draft.body)
        if not body_words:
            raise UnreadableInput("only_boilerplate", gettext_noop("No article text was left after removing the page's boilerplate."))
        warnings = list(draft.warnings)
        title, title_signal = draft.title, draft.title_signal
        if not title:
            title = " ".join(draft.body.split()[:TITLE_FALLBACK_WORDS]) + " …"
            title_signal = gettext_noop("first words of the body")
            warnings.append(Message(gettext_noop("The text has no title line; the first words of the body stand in for it.")))
        source_name, source_slug, source_signal = draft.source or (None, None, "")
        actors = self.gazetteer.count_words(words(title) + body_words)
        return ParsedArticle(
            title=title,
            body=draft.body,
            publication=draft.publication,
            source_name=source_name,
            source_slug=source_slug,
            url=draft.url,
            actors=actors,
            original_text=original,
            original_filename=filename,
            original_encoding=encoding,
            checksum=checksum(raw),
            body_fingerprint=_fingerprint(body_words),
            removed=draft.removed,
            warnings=warnings,
            title_signal=title_signal,
            source_signal=source_signal,
        )


@dataclass
class _Draft:
    """What a page's parts yield before the shared finishing (fallback title, actors, checksum)."""

    title: str
    title_signal: str
    body: str
    removed: list[RemovedLine]
    publication: PublicationDate
    # (name, slug or None, the signal that named it)
    source: tuple[str, str | None, str] | None
    url: str
    warnings: list[Message] = field(default_factory=list)


def _lines_above(text: str, title: str) -> list[str]:
    """The page's lines above its headline, nearest first (none when it shows no headline)."""
    lines = [line for line in text.splitlines() if line.strip()]
    key = line_key(title) if title else ""
    end = next((index for index, line in enumerate(lines) if key and line_key(line) == key), 0)
    return lines[:end][::-1]


def _split_comment_section(text: str, main: str) -> tuple[str, list[str]]:
    """Split `text` (an extraction with comments) after the last line of `main` (the same
    page without them): the article and, after it, the comment section."""
    main_lines = [line for line in main.splitlines() if words(line)]
    lines = text.splitlines()
    if not main_lines:
        return text, []
    last = line_key(main_lines[-1])
    for index in range(len(lines) - 1, -1, -1):
        if line_key(lines[index]) == last:
            return "\n".join(lines[: index + 1]), [line for line in lines[index + 1 :] if line.strip()]
    return text, []


# A first paragraph opening with a few words before «:-» or a dash: «المدينة نيوز :- بلغت …».
_OPENING_DATELINE = re.compile(r"^\s*(?P<dateline>[^\n:\-–—.،]{2,40}?)\s*(?::\s*-|[-–—]+|:)\s")
_COPYRIGHT = re.compile(
    r"^\s*(?:©|\(c\)|copyright\b|جميع الحقوق محفوظة|حقوق النشر محفوظة|كل الحقوق محفوظة)", re.IGNORECASE
)
_COPYRIGHT_WORDS = re.compile(
    r"©|\(c\)|copyright|all rights reserved|جميع الحقوق محفوظة|حقوق النشر محفوظة|كل الحقوق محفوظة|\bل(?:ـ|\s)|\d+", re.IGNORECASE
)


# A copyright line that stops at «لـ» (or «لصالح», «to»), its holder on the next line.
_HOLDER_FOLLOWS = re.compile(r"(?:(?:^|\s)لـ?|لصالح|\bto)\s*$", re.IGNORECASE)


def _copyright_holder(line: str) -> str | None:
    """The holder a copyright line names (`© 2020 صدى البلد`), or None for any other line."""
    if not _COPYRIGHT.match(line):
        return None
    return _clean_source(_COPYRIGHT_WORDS.sub(" ", line))


def _clean_source(text: str) -> str | None:
    for mention in find_dates(text):
        text = text.replace(mention.text, " ")
    text = re.sub(r"[\d:\"«»“”'.,،؛]+", " ", text)
    name = " ".join(text.split())
    if not name or normalize(name) in GENERIC_SOURCES or not words(name):
        return None
    return name


def _record_date(record: ArticleRecord) -> PublicationDate | None:
    """The publication date an import record states, or None to look in its text."""
    if not record.date:
        return None
    stamp = read_timestamp(record.date)
    if stamp is None:
        return None
    value = stamp.value
    if record.date_is_crawl_time:
        return PublicationDate(
            value,
            DateSource.METADATA,
            DateConfidence.LOW,
            "تاريخ جمع الصفحة؛ نُشر المقال في هذا التاريخ أو قبله.",
        )
    return PublicationDate(value, DateSource.METADATA, DateConfidence.HIGH, "ورد في سجل الاستيراد.")

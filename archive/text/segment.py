"""Cutting a scraped page down to its article: title, header lines, body and trailer.

A page copied from a news site carries more than the article: section labels before the
title, image captions printed twice, related-link lines inside the body, a source line,
tag lines, reader comments and sometimes a second article glued on after the first. The
segmenter removes them with two mechanisms:

- *markers*: phrases an archivist recognises (`اقرأ أيضا:`, `التعليقات (#)`, `Tags:`), each
  with a kind that says what to do with the line. The defaults below cover the outlets seen
  so far; an admin adds more for new outlets without touching code.
- *layout rules* that need no phrase: a short label line before the title, a line repeated
  back to back (a caption), a long run of words with no punctuation (a row of related
  headlines), and a dateline in mid-body such as `أنقرة (زمان التركية) –` that opens another
  article.

Every removed line is kept with its reason, so the admin's review shows what was cut.
"""

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from .normalize import normalize
from .messages import gettext_noop
from .page import TITLE_MAX_WORDS, ends_sentence, is_credit, is_prose, locate_article
from .tokenize import line_key
from .tokenize import words as _words

# The segmenter looks at each line several times (title, markers, captions, datelines).
words = lru_cache(maxsize=4096)(_words)


class MarkerKind(StrEnum):
    """What a marker line means."""

    END = "end"  # the article is over: this line and all after it are trailer
    RELATED = "related"  # a related-links label: drop its line; alone on its line, it ends the article
    DROP = "drop"  # drop this line only
    SECTION = "section"  # a section label, recognised only before the title


@dataclass(frozen=True)
class Marker:
    """A phrase that identifies a boilerplate line.

    In `pattern`, `*` stands for any words and `#` for a number; letters are compared in
    normalised form, so hamza, tanween and Persian letters do not matter. With
    `whole_line` the line must be the pattern and nothing else (punctuation aside);
    otherwise the line must start with it.
    """

    pattern: str
    kind: MarkerKind
    whole_line: bool = False

    def compile(self) -> re.Pattern[str]:
        """Return the regular expression that recognises this marker on a normalised line."""
        parts = []
        for piece in re.findall(r"\*|#|[^\W_]+|[^\w\s]", normalize(self.pattern)):
            if piece == "*":
                parts.append(r".*?")
            elif piece == "#":
                parts.append(r"\d+")
            else:
                parts.append(re.escape(piece))
        body = r"\s*".join(parts)
        tail = r"[\W_]*$" if self.whole_line else r"(?![^\W_])"
        return re.compile(rf"^[\W_]*{body}{tail}")


def _markers(kind: MarkerKind, whole_line: bool, *patterns: str) -> list[Marker]:
    return [Marker(pattern, kind, whole_line) for pattern in patterns]


# Lines that open a section of reader comments, whose timestamps bound the article's date.
COMMENT_SECTION_MARKERS: tuple[Marker, ...] = tuple(
    _markers(
        MarkerKind.END,
        True,
        "التعليقات",
        "التعليقات (#)",
        "تعليقات",
        "تعليقات القراء",
        "تعليقات القراء (#)",
        "# تعليقات",
        "# تعليق",
        "كل التعليقات",
    )
)


DEFAULT_MARKERS: tuple[Marker, ...] = COMMENT_SECTION_MARKERS + tuple(
    _markers(
        MarkerKind.END,
        True,
        "أضف تعليقا",
        "اترك تعليقا",
        "أفكارك وتعليقاتك",
        "اخترنا لك",
        "قد يعجبك أيضا",
        "ربما يعجبك أيضا",
        "مواضيع ذات صلة",
        "أخبار ذات صلة",
        "مقالات ذات صلة",
        "الأكثر قراءة",
        "الأكثر مشاهدة",
        "المزيد من الأخبار",
        "شارك",
        "شارك المقال",
        "شارك الخبر",
    )
    + _markers(
        MarkerKind.END,
        False,
        "المصدر:",
        "مصدر الخبر:",
        "كلمات دلالية:",
        "الكلمات الدلالية:",
        "كلمات مفتاحية:",
        "الوسوم:",
        "وسوم:",
        "Tags:",
        "لمزيد من * اضغط هنا",
        "تابعونا على",
        "جميع الحقوق محفوظة",
        "حقوق النشر محفوظة",
    )
    + _markers(
        MarkerKind.RELATED,
        False,
        "اقرأ أيضا:",
        "اقرأ أيضا",
        "اقرأ كذلك:",
        "اقرأ المزيد:",
        "طالع أيضا:",
        "شاهد أيضا:",
        "ذات صلة:",
    )
    + _markers(MarkerKind.DROP, True, "(تستمر)", "(يتبع)", "إعلان", "Advertisement", "صورة أرشيفية")
    + _markers(
        MarkerKind.SECTION,
        True,
        "سياسة",
        "سياسة دولية",
        "عربي ودولي",
        "أخبار عربية",
        "أخبار العالم",
        "أخبار دولية",
        "دولي",
        "عالمي",
        "اقتصاد",
        "رياضة",
        "منوعات",
        "تقارير",
        "محليات",
    )
)

# A section label that is in no marker list: a line this short before a longer title.
SECTION_LABEL_MAX_WORDS = 3
# A line of at least this many words with no punctuation at all is a row of headlines.
HEADLINE_ROW_MIN_WORDS = 12
# A "read also" box inside an article lists at most this many lines (headlines and their dates).
RELATED_BOX_MAX_LINES = 8
_SENTENCE_PUNCTUATION = re.compile(r"[.،,؛;:!؟?\"«»“”'()\[\]…]")
# `City (Outlet) –` or `(Outlet / Agency - date)` opening a paragraph.
_DATELINE_PREFIX = re.compile(
    r"^\s*(?:\((?P<paren>[^()\n]{3,160})\)|(?P<city>[^\s().،,:]{2,25}(?:\s[^\s().،,:]{2,25}){0,2})\s*\((?P<outlet>[^()\n]{2,60})\))"
    r"\s*[-–—:]?\s*"
)


@dataclass
class RemovedLine:
    """A line the segmenter took out of the article, and why."""

    text: str
    reason: str


PAGE_HEADER_REASON = gettext_noop("page header: menu, ticker or banner")
SITE_NOTICE_REASON = gettext_noop("site notice after the article: comments, policy, disclaimer")
# What a site says about its own comment section and policies, in any outlet's words. A
# paragraph after the article naming two of these, one of them a policy or disclaimer term,
# is the site's notice (on 31,030 corpus articles no last paragraph is taken for one).
COMMENT_TERMS = ("تعليق", "تعليقات", "التعليقات", "التعليق", "تعليقك", "تعليقاتكم", "النقاش")
POLICY_TERMS = (
    "سياسة الخصوصية", "الخصوصية", "شروط الاستخدام", "شروط استخدام", "إرشادات الاستخدام", "مشاركاتك",
    "الآراء الواردة", "لا تعبر عن رأي", "لا تعبر بالضرورة", "رأي الموقع", "رأي الصحيفة", "بريدك الإلكتروني",
    "الحقول الإلزامية", "المشرفين", "جميع الحقوق محفوظة", "حقوق النشر",
)
@dataclass
class Segments:
    """A page split into the article and what surrounds it."""

    title: str = ""
    header: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    trailer: list[str] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)
    # The trailer's reader comments, from the line that opens them.
    comments: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        """The article text, paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)


class Segmenter:
    """Splits scraped text into title, header lines, body and trailer."""

    def __init__(self, markers: tuple[Marker, ...] | list[Marker] = DEFAULT_MARKERS):
        self._compiled = [(marker.compile(), marker.kind) for marker in markers]
        self._comment_patterns = [marker.compile() for marker in COMMENT_SECTION_MARKERS]

    def marker_kind(self, line: str) -> tuple[MarkerKind, re.Match[str]] | None:
        """Return the kind of the first marker that recognises `line`, with its match."""
        text = normalize(line).strip()
        for pattern, kind in self._compiled:
            match = pattern.match(text)
            if match:
                return kind, match
        return None

    def split(
        self,
        text: str,
        *,
        title: str | None = None,
        is_header_line=lambda line: False,
        known_titles: tuple[str, ...] = (),
        recurring: frozenset[str] = frozenset(),
    ) -> Segments:
        """Split `text` into its parts.

        With `title`, the text is the body of an article whose title is already known (an
        import record); otherwise the title is found in the text, helped by `known_titles`
        (headlines a page's metadata gives). `is_header_line` says whether a line is a
        dateline or date label (the date finder knows; this module does not parse dates).
        Lines whose comparison form is in `recurring` recur across the outlet's other pages
        (`page.recurring_lines`) and are set aside first.
        """
        lines = [_clean(line) for line in text.split("\n")]
        lines = [line for line in lines if line]
        segments = Segments()
        if recurring:
            kept = [line for line in lines if line_key(line) not in recurring]
            segments.removed += [RemovedLine(line, gettext_noop("recurs on the outlet's other pages")) for line in lines if line_key(line) in recurring]
            lines = kept
        after: list[str] = []
        if title is not None:
            segments.title, position = _clean(title), 0
        else:
            span = locate_article(
                lines,
                is_date_line=is_header_line,
                is_boilerplate=lambda line: self.marker_kind(line) is not None,
                known_titles=known_titles,
            )
            if span is None or span.title is None:
                position = self._take_title(lines, segments)
            else:
                position = self._take_located(lines, span, segments, is_header_line)
                after = lines[span.body_end + 1 :]
                lines = lines[: span.body_end + 1]
        self._take_body(lines[position:], segments, is_header_line, trusted=title is not None)
        notices = _trailing_site_notices(segments.paragraphs)
        if notices:
            del segments.paragraphs[-len(notices) :]
            segments.removed += [RemovedLine(line, SITE_NOTICE_REASON) for line in notices]
            segments.trailer = notices + segments.trailer
        if after:
            if not segments.trailer:
                segments.removed.extend(RemovedLine(line, gettext_noop("after the article's last paragraph")) for line in after)
            segments.trailer += after
        segments.comments = self._comments(segments.trailer)
        return segments

    def _take_located(self, lines: list[str], span, segments: Segments, is_header_line) -> int:
        """Keep the located headline; set aside what stands before it and, between it and the
        first paragraph, keep datelines and credits as header lines. Return where the body starts."""
        segments.title = lines[span.title]
        for index, line in enumerate(lines[: span.title]):
            found = self.marker_kind(line)
            label = (found and found[0] is MarkerKind.SECTION) or (
                index == span.title - 1 and len(words(line)) <= SECTION_LABEL_MAX_WORDS
            )
            segments.removed.append(RemovedLine(line, gettext_noop("section label") if label else PAGE_HEADER_REASON))
        between = lines[span.title + 1 : span.body_start]
        keys = [line_key(line) for line in between]
        for index, line in enumerate(between):
            if is_header_line(line) or is_credit(line):
                segments.header.append(line)
            elif keys[index] == line_key(segments.title):
                segments.removed.append(RemovedLine(line, gettext_noop("repeats the title")))
            elif keys[index] in keys[index - 1 : index] + keys[index + 1 : index + 2]:
                segments.removed.append(RemovedLine(line, gettext_noop("caption printed twice")))
            else:
                segments.removed.append(RemovedLine(line, gettext_noop("between the title and the article: caption, byline or buttons")))
        return span.body_start

    def _comments(self, trailer: list[str]) -> list[str]:
        for index, line in enumerate(trailer):
            text = normalize(line).strip()
            if any(pattern.match(text) for pattern in self._comment_patterns):
                return trailer[index + 1 :]
        return []

    def _take_title(self, lines: list[str], segments: Segments) -> int:
        for index, line in enumerate(lines):
            found = self.marker_kind(line)
            label_like = (
                len(words(line)) <= SECTION_LABEL_MAX_WORDS
                and not _SENTENCE_PUNCTUATION.search(line)
                and index + 1 < len(lines)
                and len(words(line)) < len(words(lines[index + 1])) <= TITLE_MAX_WORDS
                and not ends_sentence(lines[index + 1])
            )
            if found and found[0] in (MarkerKind.END, MarkerKind.RELATED):
                return index  # no title: the page is boilerplate from here
            if (found and found[0] in (MarkerKind.SECTION, MarkerKind.DROP)) or label_like:
                segments.removed.append(RemovedLine(line, gettext_noop("section label")))
                continue
            if len(words(line)) > TITLE_MAX_WORDS:
                return index
            segments.title = line
            return index + 1
        return len(lines)

    def _take_body(self, lines: list[str], segments: Segments, is_header_line, *, trusted: bool = False) -> None:
        """Take the paragraphs from `lines`; a `trusted` text (an import record's body) keeps
        every line a figure or a suggested story would otherwise take with it."""
        in_header = True
        # Whether the line before was taken out as a figure or a suggested story: the short
        # date and dated headline that follow such a line are that story's, not the article's.
        interrupted = False
        title_key = previous_key = line_key(segments.title)
        keys = [line_key(line) for line in lines] + [None]
        index = 0
        while index < len(lines):
            line = lines[index]
            key, following_key = keys[index], keys[index + 1]
            found = self.marker_kind(line)
            kind = found[0] if found else None
            if not key:
                segments.removed.append(RemovedLine(line, gettext_noop("no words")))
            elif key == title_key:
                segments.removed.append(RemovedLine(line, gettext_noop("repeats the title")))
            elif key == previous_key:
                segments.removed.append(RemovedLine(line, gettext_noop("repeats the line before")))
            elif key == following_key:
                segments.removed.append(RemovedLine(line, gettext_noop("caption printed twice")))
                segments.removed.append(RemovedLine(lines[index + 1], gettext_noop("caption printed twice")))
                index += 1
            elif in_header and (is_header_line(line) or kind is MarkerKind.SECTION):
                segments.header.append(line)
            elif interrupted and is_header_line(line) and len(words(line)) <= DATE_ONLY_MAX_WORDS and not is_prose(line):
                # A short date line right after a figure or a suggested story is that story's.
                segments.removed.append(RemovedLine(line, gettext_noop("date of another story inside the article")))
            elif (
                interrupted
                and _is_headline(line)
                and not is_prose(line)
                and index + 1 < len(lines)
                and is_header_line(lines[index + 1])
                and not is_prose(lines[index + 1])
            ):
                # A headline with its own date, among the paragraphs: a suggested story.
                segments.removed.append(RemovedLine(line, gettext_noop("another story's headline inside the article")))
            elif kind is MarkerKind.END:
                segments.trailer = lines[index:]
                return
            elif kind is MarkerKind.RELATED:
                # The match was made on the normalised line; what follows it is measured there too.
                rest = normalize(line).strip()[found[1].end() :]
                if words(rest) or not segments.paragraphs:
                    segments.removed.append(RemovedLine(line, gettext_noop("related link")))
                else:
                    resume = self._continuation_after(lines, index + 1, is_header_line)
                    if resume is None:
                        segments.trailer = lines[index:]
                        return
                    segments.removed.extend(RemovedLine(text, gettext_noop("related links inside the article")) for text in lines[index:resume])
                    index, previous_key, interrupted = resume, None, False
                    continue
            elif kind is MarkerKind.DROP:
                segments.removed.append(RemovedLine(line, gettext_noop("boilerplate line")))
            elif is_credit(line):
                if segments.paragraphs and segments.paragraphs[-1] == lines[index - 1] and _is_headline(lines[index - 1]) and not is_prose(lines[index - 1]):
                    # The line above a credit is the photo's caption, not a paragraph.
                    segments.paragraphs.pop()
                    segments.removed.append(RemovedLine(lines[index - 1], gettext_noop("caption above a photo credit")))
                segments.removed.append(RemovedLine(line, gettext_noop("photo credit")))
                if index + 1 < len(lines) and _is_headline(lines[index + 1]) and not is_prose(lines[index + 1]):
                    segments.removed.append(RemovedLine(lines[index + 1], gettext_noop("caption or suggested story after a photo credit")))
                    index += 1
            elif _is_headline_row(line):
                segments.removed.append(RemovedLine(line, gettext_noop("row of related headlines")))
            elif len(segments.paragraphs) >= 2 and self._opens_another_article(lines, index):
                start = index - 1 if _is_headline(lines[index - 1]) and segments.paragraphs[-1] == lines[index - 1] else index
                if start < index:
                    segments.paragraphs.pop()
                segments.trailer = lines[start:]
                return
            else:
                if in_header:
                    line = self._split_dateline(line, segments)
                in_header = False
                segments.paragraphs.append(line)
            previous_key = key
            interrupted = not trusted and bool(segments.removed) and segments.removed[-1].text == lines[index] and segments.removed[-1].reason in INTERRUPTIONS
            index += 1

    def _continuation_after(self, lines: list[str], start: int, is_header_line) -> int | None:
        """Where the article resumes after a lone "read also" label: the first prose line
        after a short run of headlines and dates, unless a marker, a dateline opening another
        article or the end of the text comes first."""
        for index in range(start, min(len(lines), start + RELATED_BOX_MAX_LINES + 1)):
            line = lines[index]
            if self.marker_kind(line) is not None:
                return None
            if is_prose(line):
                return None if self._opens_another_article(lines, index) else index
            if not (_is_headline(line) or is_header_line(line)):
                return None
        return None

    @staticmethod
    def _split_dateline(line: str, segments: Segments) -> str:
        match = _DATELINE_PREFIX.match(line)
        if match and words(line[match.end() :]):
            segments.header.append(match.group().strip())
            return line[match.end() :].strip()
        return line

    @staticmethod
    def _opens_another_article(lines: list[str], index: int) -> bool:
        match = _DATELINE_PREFIX.match(lines[index])
        return bool(match and match.group("city") and len(words(lines[index])) > len(words(match.group())) + 3)


# What a figure or a suggested story inside the article is taken out as.
INTERRUPTIONS = frozenset(
    {
        gettext_noop("photo credit"),
        gettext_noop("caption or suggested story after a photo credit"),
        gettext_noop("another story's headline inside the article"),
        gettext_noop("date of another story inside the article"),
    }
)
# A date line of a suggested story: the date, perhaps a weekday and a time, nothing more.
DATE_ONLY_MAX_WORDS = 6


def _clean(line: str) -> str:
    return " ".join(line.replace("\u00a0", " ").split())


def _is_headline(line: str) -> bool:
    return len(words(line)) <= 15 and not ends_sentence(line)


def _is_headline_row(line: str) -> bool:
    return len(words(line)) >= HEADLINE_ROW_MIN_WORDS and not _SENTENCE_PUNCTUATION.search(line)


def _phrase_keys(phrases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f" {' '.join(words(phrase))} " for phrase in phrases)


_COMMENT_KEYS = _phrase_keys(COMMENT_TERMS)
_POLICY_KEYS = _phrase_keys(POLICY_TERMS)


def _trailing_site_notices(paragraphs: list[str]) -> list[str]:
    """The paragraphs at the end of the body that are the site's notices, in order."""
    count = 0
    while count < len(paragraphs) - 1:
        text = f" {' '.join(words(paragraphs[-1 - count]))} "
        policy = sum(key in text for key in _POLICY_KEYS)
        if not policy or policy + sum(key in text for key in _COMMENT_KEYS) < 2:
            break
        count += 1
    return paragraphs[len(paragraphs) - count :] if count else []

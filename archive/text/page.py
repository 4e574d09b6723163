"""Finding the article in the whole visible text of a page.

A scraper that saves a page's text keeps everything: menus, tickers, the site's clock,
breadcrumbs, share buttons, related headlines, comment forms and the footer. The article is
the one stretch of prose among them, and its headline is the headline-shaped line above that
stretch. `locate_article` finds both from the shape of the lines alone; it names no outlet
and no phrase:

- *prose* is a line of several words that reads as sentences (a sentence end, or commas in a
  long line); menus, tickers, related headlines and form labels are not;
- the article's *paragraphs* are the heaviest block of consecutive prose lines, joined with
  the blocks beside it when only a few lines separate them (a caption, a "read also" box, a
  subheading) and the neighbour is substantial; an isolated short prose line after the
  article (comment rules, a footer blurb) is not joined;
- an opening paragraph however short is joined across a figure (a caption and its credit), a
  "read also" line and a list of dated suggested stories, but not across a headline of its
  own: a teaser above the article stays out;
- the *headline* is chosen among the headline-shaped lines shortly before the paragraphs:
  one that a date or a byline follows, one the page repeats (tickers, breadcrumbs, the
  HTML title) or that the page's metadata names, and a longer one win; a line standing in a
  list of similar lines (a menu, a ticker) loses.
"""

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from .normalize import normalize
from .tokenize import line_key
from .tokenize import words as _words

words = lru_cache(maxsize=8192)(_words)

# A prose line has at least this many words and ends a sentence, or is long and punctuated.
PROSE_MIN_WORDS = 8
LONG_PROSE_MIN_WORDS = 15
# Blocks of prose separated by at most this many other lines may be one article ...
MAX_GAP_LINES = 6
# ... when the block to join holds at least this many words (or a single line separates them).
MIN_JOINED_BLOCK_WORDS = 15
# A figure or a "read also" box parting the article's paragraphs takes at most this many lines.
MAX_INTERRUPTION_LINES = 8
# The headline is looked for among this many lines above the first paragraph.
TITLE_WINDOW = 16
TITLE_MIN_WORDS = 3
TITLE_MAX_WORDS = 30
# A line the page repeats elsewhere is a headline only if it has this many words (not «شاهد الكل»).
REPEATED_TITLE_MIN_WORDS = 4
# A date or byline this close below a line marks it as the headline.
DATELINE_REACH = 4

_ENDS_SENTENCE = re.compile(r"[.!؟?…:]['\"»”’)\]]*\s*$")
# Commas, semicolons and full stops: a row of headlines strung together has colons, not these.
_INNER_PUNCTUATION = re.compile(r"[،,؛;.]")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
# Words that open a byline: «كتب فلان», «بقلم», «إعداد».
BYLINE_OPENERS = frozenset(
    normalize(word)
    for word in (
        "كتب", "كتبت", "بقلم", "إعداد", "اعداد", "تحرير", "بواسطة", "حوار", "ترجمة", "متابعة", "تقرير", "By",
    )
)
BYLINE_MAX_WORDS = 7
# «فلان الفلاني - القاهرة», «فلان الفلاني، خاص»: a name of two to four words, a dash or a
# comma, then one or two words (a place, or «خاص»), nothing else on the line.
_NAME_AND_PLACE = re.compile(r"^\s*(?P<name>[^\-–—،,:.!؟?«»\"()\d|/]+?)\s*[-–—،,]\s*(?P<place>[^\-–—،,:.!؟?«»\"()\d|/]+?)\s*$")
BYLINE_NAME_WORDS = range(2, 5)
# Prepositions no person's name holds.
NAME_BREAKING_WORDS = frozenset(normalize(word) for word in ("في", "من", "على", "إلى", "عن", "مع", "بعد", "قبل", "حول", "ضد"))
BYLINE_PLACE_WORDS = range(1, 3)


# A line is an outlet's boilerplate when it recurs in this many of its pages ...
RECURRING_MIN_PAGES = 3
# ... and in at least this share of the pages looked at.
RECURRING_MIN_SHARE = 0.25


def recurring_lines(pages: list[str]) -> frozenset[str]:
    """The lines (in comparison form) that recur across one outlet's `pages`: its menus,
    tickers, slogans and labels, whatever words they use. Prose is never among them: a
    background paragraph a wire repeats from story to story is still part of each story."""
    counts = Counter(
        key for page in pages for key in {line_key(line) for line in page.splitlines() if not is_prose(line)} if key
    )
    needed = max(RECURRING_MIN_PAGES, RECURRING_MIN_SHARE * len(pages))
    return frozenset(key for key, count in counts.items() if count >= needed)


@dataclass(frozen=True)
class ArticleSpan:
    """Where the article stands among a page's lines: the headline's index (None when the
    page shows none) and the first and last lines of its paragraphs."""

    title: int | None
    body_start: int
    body_end: int


def ends_sentence(line: str) -> bool:
    """Whether `line` ends as a sentence does: a full stop, question or exclamation mark,
    ellipsis or colon, perhaps inside closing quotes or brackets."""
    return bool(_ENDS_SENTENCE.search(line))


def is_prose(line: str) -> bool:
    """Whether `line` reads as sentences of an article rather than a menu, a headline or a label."""
    count = len(words(line))
    if count < PROSE_MIN_WORDS or not _mostly_arabic(line):
        return False
    return bool(_ENDS_SENTENCE.search(line)) or (count >= LONG_PROSE_MIN_WORDS and bool(_INNER_PUNCTUATION.search(line)))


def is_byline(line: str) -> bool:
    """Whether `line` names the writer (`كتب فلان`, `بقلم …`)."""
    line_words = words(line)
    return bool(line_words) and len(line_words) <= BYLINE_MAX_WORDS and line_words[0] in BYLINE_OPENERS


def is_name_and_place(line: str) -> bool:
    """Whether `line` has the shape of a reporter's name and where the report comes from
    (`فلان الفلاني - القاهرة`, `فلان الفلاني، خاص`). Short headlines have it too («قمة
    بوتين وأردوغان - سوتشي»): it marks a byline only right below a longer headline."""
    match = _NAME_AND_PLACE.match(line)
    return bool(match) and (
        len(words(match.group("place"))) in BYLINE_PLACE_WORDS and _reads_as_a_name(words(match.group("name")))
    )


def _reads_as_a_name(name: list[str]) -> bool:
    """Whether these words can be a person's name: two to four of them, the first without the
    article, none a preposition, none after the first joined by «و» (قمة بوتين وأردوغان,
    انفجار في مرفأ بيروت and الدوري المصري are not names)."""
    return (
        len(name) in BYLINE_NAME_WORDS
        and not name[0].startswith("ال")
        and not any(word in NAME_BREAKING_WORDS for word in name)
        and not any(word.startswith("و") for word in name[1:])
    )


def is_credit(line: str) -> bool:
    """Whether `line` is a photo credit: a copyright sign, or agency names in capitals
    (`REUTERS / …`, `AFP`)."""
    stripped = line.strip()
    if stripped.startswith("©"):
        return True
    letters = [char for char in stripped if char.isalpha()]
    return bool(letters) and not _ARABIC_LETTER.search(stripped) and all(not c.islower() for c in letters)


def locate_article(
    lines: list[str],
    *,
    is_date_line: Callable[[str], bool],
    is_boilerplate: Callable[[str], bool],
    known_titles: tuple[str, ...] = (),
) -> ArticleSpan | None:
    """Find the article's paragraphs and headline among `lines`, or None when no line reads
    as prose. `is_boilerplate` says whether a line is a known marker (never a headline);
    `known_titles` are headlines the page's metadata gives."""
    blocks = _prose_blocks(lines)
    if not blocks:
        return None
    heaviest = max(range(len(blocks)), key=lambda index: blocks[index][2])
    first = last = heaviest
    while first > 0 and _joins(blocks[first - 1], blocks[first][0] - blocks[first - 1][1] - 1):
        first -= 1
    while last + 1 < len(blocks) and _joins(blocks[last + 1], blocks[last + 1][0] - blocks[last][1] - 1):
        last += 1
    # The article's opening paragraphs may stand above a figure (a caption and its credit) or a
    # "read also" line however short they are: the prose goes on after the interruption.
    while first > 0 and _interrupted(lines, blocks[first - 1], blocks[first], is_date_line, is_boilerplate):
        first -= 1
    body_start, body_end = blocks[first][0], blocks[last][1]
    title = _find_title(lines, body_start, is_date_line, is_boilerplate, known_titles)
    return ArticleSpan(title, body_start, body_end)


def _interrupted(lines, before, after, is_date_line, is_boilerplate) -> bool:
    """Whether the prose block `before` is the same article as `after`, parted from it only
    by a figure (a caption with its photo credit) or a "read also" line, with perhaps a list
    of suggested stories after them (each a headline with its date). A headline standing
    right above `after`, or a single dated headline, is the start of another article: a
    teaser above it is not joined."""
    gap = lines[before[1] + 1 : after[0]]
    if not before[3] or not gap or len(gap) > MAX_INTERRUPTION_LINES:
        return False
    if not any(is_credit(line) or is_boilerplate(line) for line in gap):
        return False
    dates = [index for index, line in enumerate(gap) if is_date_line(line)]
    if dates and len(dates) < 2:
        return False
    if _headline_shaped(gap[-1]) and not is_date_line(gap[-1]):
        return False
    return all(
        is_credit(line) or is_boilerplate(line) or (len(words(line)) <= TITLE_MAX_WORDS and not is_prose(line))
        for line in gap
    )


def _prose_blocks(lines: list[str]) -> list[tuple[int, int, int, bool]]:
    """(first line, last line, words, whether a line of it ends a sentence) of each run of
    consecutive prose lines."""
    blocks: list[tuple[int, int, int, bool]] = []
    for index, line in enumerate(lines):
        if not is_prose(line):
            continue
        count, ends = len(words(line)), bool(_ENDS_SENTENCE.search(line))
        if blocks and blocks[-1][1] == index - 1:
            start, _, total, ended = blocks[-1]
            blocks[-1] = (start, index, total + count, ended or ends)
        else:
            blocks.append((index, index, count, ends))
    return blocks


def _joins(block: tuple[int, int, int, bool], gap: int) -> bool:
    """Whether `block` belongs with the article `gap` lines away: next to it, or a few lines
    away when it is substantial and reads as sentences (not a row of headlines)."""
    return gap <= 1 or (gap <= MAX_GAP_LINES and block[2] >= MIN_JOINED_BLOCK_WORDS and block[3])


def _find_title(lines, body_start, is_date_line, is_boilerplate, known_titles) -> int | None:
    known = [line_key(title) for title in known_titles if line_key(title)]
    keys = [line_key(line) for line in lines]
    window = range(max(0, body_start - TITLE_WINDOW), body_start)
    candidates = {
        index
        for index in window
        if _headline_shaped(lines[index]) and not is_date_line(lines[index]) and not is_boilerplate(lines[index])
    }
    # A line printed twice back to back is a caption, unless nothing headline-shaped precedes
    # it (then it is the headline printed twice).
    first = min(candidates, default=None)
    candidates = {
        index
        for index in candidates
        if index == first or not any(keys[index] == keys[other] for other in (index - 1, index + 1) if other != first)
    }
    # A line shaped as a reporter's name and city right below a longer headline-shaped line is
    # that headline's byline; below a shorter one (a breadcrumb) it may be the headline.
    bylines = {
        index
        for index in candidates
        if is_name_and_place(lines[index])
        and index - 1 in candidates
        and not is_name_and_place(lines[index - 1])
        and len(words(lines[index - 1])) > len(words(lines[index]))
    }
    candidates -= bylines
    byline_lines = {lines[index] for index in bylines}
    candidate_lines = {lines[index] for index in candidates}
    best, best_score = None, float("-inf")
    for index in sorted(candidates):
        key = keys[index]
        score = min(len(key.split()), 20) - (body_start - index) / 4
        if any(key == title or key in title or title in key for title in known):
            score += 30
        elif len(key.split()) >= REPEATED_TITLE_MIN_WORDS and any(key in keys[other] and not is_prose(lines[other]) for other in range(len(lines)) if other not in window):
            # Tickers, breadcrumbs and related lists repeat headlines; a paragraph quoting a caption does not count.
            score += 10
        # A date or byline belongs to the nearest headline-shaped line above it.
        below = list(itertools.takewhile(lambda line: line not in candidate_lines, lines[index + 1 : min(body_start, index + 1 + DATELINE_REACH)]))
        if any(is_prose(line) for line in lines[index + 1 : body_start]):
            # Prose between it and the article: it heads that prose (a teaser), not the article.
            score -= 10
        if _dated_in_a_list(lines, index, candidates, is_date_line):
            # A date among other dated headlines belongs to its own story: a list of related
            # stories, whatever else the page repeats of them.
            score -= 30
        elif any(is_date_line(line) for line in below):
            score += 8
        elif any(is_byline(line) or line in byline_lines for line in below):
            score += 4
        if index - 1 in candidates and index + 1 in candidates:
            score -= 8
        if score > best_score:
            best, best_score = index, score
    return best


def _dated_in_a_list(lines, index, candidates, is_date_line) -> bool:
    """Whether the headline at `index`, followed by its date, stands beside another headline
    followed by its date (a block of related stories, each with its own)."""

    def dated(at: int) -> bool:
        return at in candidates and at + 1 < len(lines) and is_date_line(lines[at + 1])

    return dated(index) and (dated(index + 2) or dated(index - 2))


def _headline_shaped(line: str) -> bool:
    count = len(words(line))
    return (
        TITLE_MIN_WORDS <= count <= TITLE_MAX_WORDS
        and _mostly_arabic(line)
        and not line.rstrip().endswith(".")
        and not is_byline(line)
        and not is_credit(line)
    )


def _mostly_arabic(line: str) -> bool:
    return len(_ARABIC_LETTER.findall(line)) > 2 * len(_LATIN_LETTER.findall(line))



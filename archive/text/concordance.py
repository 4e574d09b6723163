"""Keyword in context: each occurrence of a keyword with the words around it, as the article
wrote them.

A concordance line is the words before a match, the match and the words after it, a fixed
number of words on each side, cut where the match's paragraph ends: a line break ends a
paragraph, and a context never runs from one paragraph into the next. Each part keeps its
offsets in the text, so a line can always be checked against the article; its whitespace is
shown as single spaces, so a context reads as one line of a table.
"""

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from .tokenize import WORD_PATTERN

# Words of context on each side of a match: enough to read how a sentence frames the
# keyword, few enough for a line to sit on one row of a table.
CONTEXT_WORDS = 8

_SPACES = re.compile(r"\s+")
# Between two matches, only this joins them into one keyword: the words of a phrase, or an
# actor's name beside a searched word, read as one.
_SAME_LINE_GAP = re.compile(r"[^\S\n]*")


@dataclass(frozen=True)
class ConcordanceLine:
    """One occurrence: `left` (the text from `left_start` to the match), `match` (from
    `start` to `end`) and `right` (from the match to `right_end`), offsets into the text;
    the contexts with their whitespace shown as single spaces, trimmed."""

    left: str
    match: str
    right: str
    left_start: int
    start: int
    end: int
    right_end: int


def concordance_lines(text: str, spans: Iterable[tuple[int, int]], *, words: int = CONTEXT_WORDS) -> list[ConcordanceLine]:
    """The concordance lines of `text` for the character `spans` of its matches, in text order.

    A span cutting a word is widened to the whole word, as the article wrote it (a search's
    stem marks «بصواريخ» whole); matches that overlap, or stand side by side on one line
    with only spaces between them, become one line. Each context takes up to `words` words
    and the punctuation attached to them (an opening quotation mark, a final full stop)."""
    bounds = [match.span() for match in WORD_PATTERN.finditer(text)]
    starts = [start for start, _ in bounds]
    ends = [end for _, end in bounds]
    lines = []
    for start, end in _whole_matches(text, spans, starts, ends):
        paragraph_start = text.rfind("\n", 0, start) + 1
        paragraph_end = text.find("\n", end)
        paragraph_end = len(text) if paragraph_end == -1 else paragraph_end
        # The words wholly inside the paragraph before the match, and after it.
        before = range(bisect_left(starts, paragraph_start), bisect_right(ends, start))
        after = range(bisect_left(starts, end), bisect_right(ends, paragraph_end))
        left_start = starts[before[max(0, len(before) - words)]] if before and words else start
        right_end = ends[after[min(len(after), words) - 1]] if after and words else end
        while left_start > paragraph_start and not text[left_start - 1].isspace():
            left_start -= 1
        while right_end < paragraph_end and not text[right_end].isspace():
            right_end += 1
        lines.append(
            ConcordanceLine(
                left=_readable(text[left_start:start]),
                match=_readable(text[start:end]),
                right=_readable(text[end:right_end]),
                left_start=left_start,
                start=start,
                end=end,
                right_end=right_end,
            )
        )
    return lines


def _whole_matches(text: str, spans: Iterable[tuple[int, int]], starts: list[int], ends: list[int]) -> list[tuple[int, int]]:
    """The spans widened to whole words, sorted, and joined when they overlap or only spaces
    on one line part them."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if start >= end:
            continue
        first = bisect_right(starts, start) - 1
        if first >= 0 and ends[first] > start:
            start = starts[first]
        last = bisect_left(ends, end)
        if last < len(starts) and starts[last] < end:
            end = ends[last]
        if merged and (start <= merged[-1][1] or _SAME_LINE_GAP.fullmatch(text, merged[-1][1], start)):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _readable(text: str) -> str:
    return _SPACES.sub(" ", text).strip()

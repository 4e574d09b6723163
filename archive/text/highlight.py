"""Highlighting the words a search matched, as the article wrote them.

The index holds stems; a reader wants to see the words. Each word of the text is analysed
the way the index analysed it, and marked when its stem is one the query matched, so a
search for صواريخ marks «بصواريخ» and «الصواريخ» where they stand. Output is escaped HTML
with <mark> around the matches.

A result page highlights many long articles, so the text is scanned once without making
token objects, and only the passage a snippet shows is split into words.
"""

from bisect import bisect_right
from html import escape
from itertools import islice
from typing import Callable, Iterable

from .tokenize import WORD_PATTERN, tokenize

ELLIPSIS = "…"
# Characters a word of news prose takes with its space, generously: a snippet of N words is
# looked for within N times this many characters around its matches.
CHARS_PER_WORD = 10


def matching_spans(
    text: str, *, terms: Iterable[str], term_of: Callable[[str], str], extra: Iterable[tuple[int, int]] = ()
) -> list[tuple[int, int]]:
    """Character spans of the words of `text` whose index term (`term_of(word as written)`)
    is in `terms`, merged with `extra` spans (actor mentions), sorted and without overlaps."""
    wanted = set(terms)
    spans = [match.span() for match in WORD_PATTERN.finditer(text) if term_of(match.group()) in wanted] if wanted else []
    merged: list[tuple[int, int]] = []
    for start, end in sorted([*spans, *extra]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def marked_html(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` as escaped HTML with each span wrapped in <mark>."""
    parts, position = [], 0
    for start, end in spans:
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    parts.append(escape(text[position:]))
    return "".join(parts)


def snippet_html(text: str, spans: list[tuple[int, int]], *, words: int = 40) -> str:
    """A passage of about `words` words of `text` around the densest run of `spans` (the
    matches, sorted), as escaped HTML; without matches, the opening words."""
    if not spans:
        opening = list(islice(tokenize(text), words))
        if not opening:
            return ""
        end = opening[-1].end
        return escape(text[:end]) + (ELLIPSIS if end < len(text) else "")
    reach = words * CHARS_PER_WORD
    starts = [start for start, _ in spans]
    # The densest stretch of `reach` characters opening at a match gives the region to split
    # into words; the passage is then chosen among those words.
    densest = max(range(len(starts)), key=lambda i: (bisect_right(starts, starts[i] + reach) - i, -i))
    region_start = max(0, starts[densest] - reach // 2)
    region_end = min(len(text), starts[densest] + reach + reach // 2)
    tokens = list(tokenize(text, region_start, region_end))
    # Words the region's edges cut in two are left out.
    if tokens and tokens[0].start == region_start and WORD_PATTERN.fullmatch(text, region_start - 1, tokens[0].end):
        tokens = tokens[1:]
    if tokens and tokens[-1].end == region_end < len(text) and WORD_PATTERN.fullmatch(text, tokens[-1].start, region_end + 1):
        tokens = tokens[:-1]
    if not tokens:
        return ""
    ends = [token.end for token in tokens]
    match_tokens = [bisect_right(ends, start) for start in starts if tokens[0].start <= start < ends[-1]]
    # Candidate passages open a quarter of their words before a match; the one holding most matches wins.
    first, best = 0, -1
    for candidate in sorted({max(0, index - words // 4) for index in match_tokens}):
        count = sum(1 for index in match_tokens if candidate <= index < candidate + words)
        if count > best:
            first, best = candidate, count
    last = min(len(tokens), first + words) - 1
    start, end = tokens[first].start, tokens[last].end
    inside = [(max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start]
    return (ELLIPSIS if start > 0 else "") + marked_html(text[start:end], inside) + (ELLIPSIS if end < len(text) else "")

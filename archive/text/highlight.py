"""Highlighting the words a search matched, as the article wrote them.

The index holds stems; a reader wants to see the words. Each word of the text is analysed
the way the index analysed it, and marked when its stem is one the query matched, so a
search for صواريخ marks «بصواريخ» and «الصواريخ» where they stand. Output is escaped HTML
with <mark> around the matches.
"""

from bisect import bisect_right
from html import escape
from typing import Callable, Iterable

from .stem import is_stop_word
from .tokenize import Token

ELLIPSIS = "…"


def matching_spans(
    tokens: list[Token], *, terms: Iterable[str], stem: Callable[[str], str], extra: Iterable[tuple[int, int]] = ()
) -> list[tuple[int, int]]:
    """Character spans of the words (the text's `tokens`) whose stem is in `terms`, merged
    with `extra` spans (actor mentions), sorted and without overlaps."""
    wanted = set(terms)
    spans = [
        (token.start, token.end)
        for token in tokens
        if wanted and not is_stop_word(token.norm) and stem(token.norm) in wanted
    ]
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


def snippet_html(text: str, tokens: list[Token], spans: list[tuple[int, int]], *, words: int = 40) -> str:
    """A passage of about `words` words of `text` (whose `tokens` are given) around the
    densest run of matches, as escaped HTML."""
    if not tokens:
        return ""
    if not spans:
        end = tokens[min(words, len(tokens)) - 1].end
        return escape(text[:end]) + (ELLIPSIS if end < len(text) else "")
    # Candidate windows open a little before each match; the one holding most matches wins.
    ends = [token.end for token in tokens]
    match_tokens = [bisect_right(ends, start) for start, _ in spans if start < ends[-1]]
    best_first, best_count = 0, -1
    for candidate in sorted({max(0, index - words // 4) for index in match_tokens}):
        count = sum(1 for index in match_tokens if candidate <= index < candidate + words)
        if count > best_count:
            best_first, best_count = candidate, count
    first = best_first
    last = min(len(tokens), first + words) - 1
    start, end = tokens[first].start, tokens[last].end
    inside = [(max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start]
    return (ELLIPSIS if start > 0 else "") + marked_html(text[start:end], inside) + (ELLIPSIS if end < len(text) else "")

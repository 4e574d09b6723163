"""Word tokenisation that keeps Arabic words whole and remembers where they were.

Whoosh's default tokenizer cuts a vowelled word at each diacritic (أُسدل -> أ + سدل). Here a
word is a run of letters and digits in which combining marks, tatweel and zero-width or
direction marks may appear anywhere but at the start, so a fully vowelled name stays one
token. Each token carries its character offsets in the original text, for highlighting.
"""

import re
from typing import Iterator, NamedTuple

from .normalize import COMBINING_MARKS, INVISIBLE_MARKS, TATWEEL, normalize

WORD_PATTERN = re.compile(rf"[^\W_](?:[^\W_]|[{COMBINING_MARKS}{INVISIBLE_MARKS}{TATWEEL}])*")


# News repeats its words, so each spelling is normalised once per process; the bound keeps a
# long import from growing the cache without end.
NORM_CACHE_LIMIT = 300_000
_norms: dict[str, str] = {}


class Token(NamedTuple):
    """One word of a text: as written, its search form, and where it stands."""

    text: str
    norm: str
    start: int
    end: int


def normalize_word(word: str) -> str:
    """`normalize(word)`, remembered per spelling."""
    norm = _norms.get(word)
    if norm is None:
        if len(_norms) >= NORM_CACHE_LIMIT:
            _norms.clear()
        norm = _norms[word] = normalize(word)
    return norm


def tokenize(text: str, start: int = 0, end: int | None = None) -> Iterator[Token]:
    """Yield the words of `text` (of `text[start:end]`, offsets still counted from the
    beginning) with their normalised form and character offsets."""
    for match in WORD_PATTERN.finditer(text, start, len(text) if end is None else end):
        norm = normalize_word(match.group())
        if norm:
            yield Token(match.group(), norm, match.start(), match.end())


def words(text: str) -> list[str]:
    """Return the normalised words of `text`."""
    return [norm for word in WORD_PATTERN.findall(text) if (norm := normalize_word(word))]


def line_key(text: str) -> str:
    """The comparison form of a line or title: its normalised words, so punctuation, bullets,
    spacing and spelling differences do not matter."""
    return " ".join(words(text))

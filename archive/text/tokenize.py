"""Word tokenisation that keeps Arabic words whole and remembers where they were.

Whoosh's default tokenizer cuts a vowelled word at each diacritic (أُسدل -> أ + سدل). Here a
word is a run of letters and digits in which combining marks, tatweel and zero-width or
direction marks may appear anywhere but at the start, so a fully vowelled name stays one
token. Each token carries its character offsets in the original text, for highlighting.
"""

import re
from dataclasses import dataclass
from typing import Iterator

from .normalize import COMBINING_MARKS, INVISIBLE_MARKS, TATWEEL, normalize

_WORD = re.compile(rf"[^\W_](?:[^\W_]|[{COMBINING_MARKS}{INVISIBLE_MARKS}{TATWEEL}])*")


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text: as written, its search form, and where it stands."""

    text: str
    norm: str
    start: int
    end: int


def tokenize(text: str) -> Iterator[Token]:
    """Yield the words of `text` with their normalised form and character offsets."""
    for match in _WORD.finditer(text):
        word = match.group()
        norm = normalize(word)
        if norm:
            yield Token(word, norm, match.start(), match.end())


def words(text: str) -> list[str]:
    """Return the normalised words of `text`."""
    return [token.norm for token in tokenize(text)]

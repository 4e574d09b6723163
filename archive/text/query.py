"""The search box's query language, parsed into a small tree before any engine sees it.

    روسيا تركيا              both words (all words must match by default)
    "حفظ السلام"             the words in this order
    روسيا OR تركيا           either (also written أو)
    -أوكرانيا                not this word (or "-phrase")

OR binds tighter than the implicit AND: `روسيا OR تركيا قره باغ` asks for (روسيا or تركيا)
and قره and باغ. A query that cannot be read raises `QuerySyntaxError` with a message that
says what to change.
"""

import re
from dataclasses import dataclass

from .messages import UserError, gettext_noop


class QuerySyntaxError(UserError):
    """The query cannot be read; the message tells the user how to fix it."""


@dataclass(frozen=True)
class Word:
    """One word, matched in any of its inflected or prefixed forms."""

    text: str


@dataclass(frozen=True)
class Phrase:
    """Words that must appear together, in order."""

    text: str


@dataclass(frozen=True)
class AnyOf:
    """At least one of these must match."""

    options: tuple["Word | Phrase", ...]


@dataclass(frozen=True)
class ParsedQuery:
    """What every matching article must contain, and what it must not."""

    required: tuple["Word | Phrase | AnyOf", ...]
    excluded: tuple["Word | Phrase", ...]
    text: str = ""  # the query as typed


OR_WORDS = {"OR", "أو", "او"}
# A search reads at most this many words: each costs index look-ups, and no real query needs more.
MAX_QUERY_WORDS = 30
_TOKEN = re.compile(r'\s*(?:(?P<neg>-)?"(?P<phrase>[^"]*)"|(?P<quote>")|(?P<word>-?[^\s"]+))')


def parse_query(text: str) -> ParsedQuery:
    """Parse the search box's text; raise QuerySyntaxError when it cannot be read."""
    if text.count('"') % 2:
        raise QuerySyntaxError("unclosed_quote", gettext_noop('A quotation mark is not closed: put phrases between two " marks.'))
    count = sum(1 for word in text.replace('"', " ").split() if word not in OR_WORDS and word != "-")
    if count > MAX_QUERY_WORDS:
        raise QuerySyntaxError(
            "too_many_words",
            gettext_noop("The search has %(count)d words; search with at most %(limit)d."),
            count=count,
            limit=MAX_QUERY_WORDS,
        )
    items: list[tuple[str, object]] = []  # ("or", None) | ("+", clause) | ("-", clause)
    for match in _TOKEN.finditer(text):
        if match.group("phrase") is not None:
            phrase = " ".join(match.group("phrase").split())
            if not phrase:
                raise QuerySyntaxError("empty_phrase", gettext_noop("A phrase between quotation marks is empty."))
            items.append(("-" if match.group("neg") else "+", Phrase(phrase)))
        elif match.group("word"):
            word = match.group("word")
            if word in OR_WORDS:
                items.append(("or", None))
            elif word.startswith("-") and len(word) > 1:
                items.append(("-", Word(word[1:])))
            elif word != "-":
                items.append(("+", Word(word)))
    return _combine(items, text)


def _combine(items: list[tuple[str, object]], text: str) -> ParsedQuery:
    required: list = []
    excluded: list = []
    index = 0
    while index < len(items):
        kind, clause = items[index]
        if kind == "or":
            raise QuerySyntaxError("or_without_sides", gettext_noop("OR must stand between two words or phrases."))
        if kind == "-":
            excluded.append(clause)
            index += 1
            if index < len(items) and items[index][0] == "or":
                raise QuerySyntaxError("excluded_in_or", gettext_noop("An excluded word (-word) cannot be one side of OR."))
            continue
        options = [clause]
        while index + 1 < len(items) and items[index + 1][0] == "or":
            if index + 2 >= len(items) or items[index + 2][0] != "+":
                raise QuerySyntaxError("or_without_sides", gettext_noop("OR must stand between two words or phrases."))
            options.append(items[index + 2][1])
            index += 2
        required.append(options[0] if len(options) == 1 else AnyOf(tuple(options)))
        index += 1
    if excluded and not required:
        raise QuerySyntaxError("only_exclusions", gettext_noop("A search cannot only exclude words: add a word to look for."))
    return ParsedQuery(tuple(required), tuple(excluded), text)

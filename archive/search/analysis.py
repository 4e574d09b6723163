"""The Whoosh analyzer for Arabic text, built on the archive's own text package.

Whoosh's default tokenizer splits a vowelled word at each diacritic and its English
stemmer mangles Arabic. This analyzer emits one token per word: normalised, stop words
dropped, light-stemmed with the gazetteer's names protected, and carrying the word's
character offsets in the original text.
"""

import threading
import time
from contextlib import contextmanager
from typing import Callable

from whoosh.analysis import Filter, Tokenizer
from whoosh.analysis import Token as WhooshToken

from archive.text.actors import Gazetteer
from archive.text.stem import Stemmer, is_stop_word

# Whoosh passes a keyword argument named `tokenize`, hence the other names here.
from archive.text.tokenize import normalize_word, words
from archive.text.tokenize import tokenize as split_words

# Change this whenever tokens come out differently (normalisation, stop words, stemming) or
# the schema changes: `bootstrap_archive` then rebuilds an index made the previous way.
ANALYSIS_VERSION = "2026-12-05.3"

# How long a process trusts its copy of the gazetteer (whose names the stemmer protects);
# services that change the gazetteer reset it at once in their own process.
GAZETTEER_TTL_SECONDS = 30.0

# How many distinct words the analyzer remembers per thread before starting afresh.
TERM_MEMORY_LIMIT = 300_000

_state = threading.local()
_gazetteer_override: Gazetteer | None = None
# Where the gazetteer comes from (the database, through the selectors); given at app start,
# so this module needs nothing of the layers above it.
_gazetteer_loader: Callable[[], Gazetteer] | None = None


def load_gazetteer_with(loader: Callable[[], Gazetteer]) -> None:
    """Read the gazetteer with `loader` from now on (the app gives the database's)."""
    global _gazetteer_loader
    _gazetteer_loader = loader


def current_gazetteer() -> Gazetteer:
    """The gazetteer as the database held it at most GAZETTEER_TTL_SECONDS ago."""
    loaded_at = getattr(_state, "loaded_at", None)
    if loaded_at is None or time.monotonic() - loaded_at > GAZETTEER_TTL_SECONDS:
        if _gazetteer_override is not None:
            _state.gazetteer = _gazetteer_override
        elif _gazetteer_loader is not None:
            _state.gazetteer = _gazetteer_loader()
        else:
            raise RuntimeError("No gazetteer: the archive app gives one at start (ArchiveConfig.ready).")
        protected = frozenset(_state.gazetteer.terms)
        # Keep the stemmer, and what it remembers, while the protected names are the same.
        if getattr(_state, "stemmer", None) is None or _state.stemmer.protected != protected:
            _state.stemmer = Stemmer(protected)
            _state.terms, _state.written_terms = {}, {}
        _state.loaded_at = time.monotonic()
    return _state.gazetteer


def stemmer() -> Stemmer:
    """The stemmer with the current gazetteer's words protected."""
    current_gazetteer()
    return _state.stemmer


def _index_terms() -> dict[str, str]:
    """The current stemmer's memory of normalised words to index terms ("" for a stop word),
    filled by the analyzer: an index of news meets the same words again and again."""
    current_gazetteer()
    if len(_state.terms) >= TERM_MEMORY_LIMIT or len(_state.written_terms) >= TERM_MEMORY_LIMIT:
        _state.terms.clear()
        _state.written_terms.clear()
    return _state.terms


def index_term_of() -> Callable[[str], str]:
    """A function giving the index term of a word as written ("" for a stop word), as the
    analyzer makes it; for marking matches in many words at once."""
    terms, current = _index_terms(), stemmer()
    written = _state.written_terms

    def term_of(word: str) -> str:
        term = written.get(word)
        if term is None:
            term = written[word] = _term(normalize_word(word), terms, current)
        return term

    return term_of


def _term(norm: str, terms: dict[str, str], current: Stemmer) -> str:
    term = terms.get(norm)
    if term is None:
        term = terms[norm] = "" if is_stop_word(norm) else current.stem(norm)
    return term


def reset_analysis(gazetteer: Gazetteer | None = None) -> None:
    """Forget the cached gazetteer; with `gazetteer`, use it instead of the database's
    (for indexes built outside Django, such as the benchmarks)."""
    global _gazetteer_override
    _gazetteer_override = gazetteer
    _state.loaded_at = None


@contextmanager
def gazetteer_pinned():
    """Analyse with the current gazetteer until the block ends, never reloading it from the
    database: writer processes forked inside the block inherit it and need no connection."""
    global _gazetteer_override
    previous = _gazetteer_override
    _gazetteer_override = current_gazetteer()
    try:
        yield
    finally:
        _gazetteer_override = previous
        _state.loaded_at = None


def analyze(text: str) -> list[str]:
    """The index terms of `text`, as the analyzer makes them."""
    return [token.text for token in _ANALYZER(text)]


class ArabicTokenizer(Tokenizer):
    """Splits text into normalised words, keeping combining marks inside the word."""

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token
            return
        if not chars and not keeporiginal:
            # Indexing and querying need neither offsets nor the written form: skip making them.
            for position, norm in enumerate(words(value)):
                token.text = norm
                token.boost = 1.0
                token.stopped = False
                if positions:
                    token.pos = start_pos + position
                yield token
            return
        for position, word in enumerate(split_words(value)):
            token.text = word.norm
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = word.text
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar = start_char + word.start
                token.endchar = start_char + word.end
            yield token


class ArabicStemFilter(Filter):
    """Drops stop words and light-stems the rest, leaving actor names whole."""

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def __call__(self, tokens):
        terms = _index_terms()
        current = stemmer()
        for token in tokens:
            term = _term(token.text, terms, current)
            if not term:
                if token.removestops:
                    continue
                token.stopped = True
            else:
                token.text = term
            yield token


class ArabicStopFilter(Filter):
    """Drops stop words and leaves every other word as written (normalised, not stemmed)."""

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def __call__(self, tokens):
        for token in tokens:
            if is_stop_word(token.text):
                if token.removestops:
                    continue
                token.stopped = True
            yield token


def arabic_analyzer():
    """The analyzer of the article's text: normalised, light-stemmed words."""
    return ArabicTokenizer() | ArabicStemFilter()


def surface_analyzer():
    """The analyzer of the text's words as written (normalised, not stemmed): a match on the
    form a reader typed ranks above a match on its relatives only."""
    return ArabicTokenizer() | ArabicStopFilter()


# Analyzers hold no state of their own (the stemmer is looked up per call), so one serves all queries.
_ANALYZER = arabic_analyzer()

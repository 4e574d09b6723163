"""The Whoosh analyzer for Arabic text, built on the archive's own tokeniser.

Whoosh's default tokenizer splits a vowelled word at each diacritic and its English
stemmer mangles Arabic. This analyzer emits one token per word, in the archive's
normalised form, with the word's character offsets in the original text so that
highlighting can mark the words as the article wrote them.
"""

from whoosh.analysis import Token as WhooshToken
from whoosh.analysis import Tokenizer

# Whoosh passes a keyword argument named `tokenize`, hence the other name here.
from archive.text.tokenize import tokenize as split_words


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


def arabic_analyzer():
    """The analyzer used for every Arabic text field of the index."""
    return ArabicTokenizer()

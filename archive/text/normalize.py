"""Normalisation of Arabic text for matching and search.

One function, `normalize`, is used wherever two spellings of a word must compare equal:
the actor gazetteer, boilerplate markers, duplicate detection and (later) the search index.
It applies Lucene's ArabicNormalizer rules and the extra ones scraped web text needs
(see ../shared/docs/ARABIC.md):

- alef forms آ أ إ ٱ -> ا, alef maqsura ى -> ي, teh marbuta ة -> ه;
- hamza carried on waw or yeh (ؤ ئ) -> ء, so مسؤول and مسئول meet;
- Persian and Urdu letters (ی ک ہ ۃ ە گ) -> their Arabic counterparts;
- Arabic-Indic and Persian digits -> ASCII digits;
- harakat, shadda, sukun, superscript alef, Quranic marks and tatweel removed;
- presentation forms (lam-alef ligatures and the like) unfolded by NFKC;
- zero-width and direction marks removed.
"""

import re
import unicodedata

# Marks that sit on a letter without being one: harakat, shadda, sukun, superscript alef,
# Quranic annotation signs. Tokenisers treat them as part of the word.
COMBINING_MARKS = (
    "\u0610-\u061a"  # Quranic honorifics and small high letters
    "\u064b-\u065f"  # tanween, harakat, shadda, sukun, hamza above/below
    "\u0670"  # superscript (dagger) alef
    "\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"  # Quranic annotation
)
# Invisible characters that may sit inside a word in scraped text.
INVISIBLE_MARKS = "\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\u00ad"
TATWEEL = "\u0640"

_DROP = re.compile(f"[{COMBINING_MARKS}{INVISIBLE_MARKS}{TATWEEL}]")
# Every character _DROP matches, for a translate table that deletes them in the same pass.
_DROPPED = {
    code: None
    for code in range(0x00A0, 0x10000)
    if _DROP.fullmatch(chr(code))
}

_DIGITS = {chr(0x0660 + d): str(d) for d in range(10)} | {chr(0x06F0 + d): str(d) for d in range(10)}
_DIGIT_TABLE = str.maketrans(_DIGITS)

_LETTER_TABLE = str.maketrans(
    {
        "آ": "ا",
        "أ": "ا",
        "إ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "ء",
        "ئ": "ء",
        "ی": "ي",  # Farsi yeh
        "ې": "ي",
        "ۍ": "ي",
        "ک": "ك",  # keheh
        "ڪ": "ك",
        "گ": "ك",  # gaf: Arabic writes the g sound with ك, ج or غ; the gazetteer lists all three
        "ہ": "ه",  # Urdu heh goal
        "ۃ": "ه",
        "ە": "ه",
        "ھ": "ه",
        "ۀ": "ه",
        "۔": ".",  # Urdu full stop
    }
    | _DIGITS
    | _DROPPED
)


def fold_digits(text: str) -> str:
    """Return `text` with Arabic-Indic and Persian digits replaced by ASCII digits."""
    return text.translate(_DIGIT_TABLE)


def normalize(text: str) -> str:
    """Return the search form of `text`: one spelling for all the ways a word is written.

    Case is folded too, for the Latin words that appear in Arabic news (agency names, tags).
    The result can be shorter than the input, so offsets must be taken before normalising.
    """
    if not text:
        return ""
    if not text.isascii():
        # NFKC unfolds presentation forms (ﻻ -> لا) and full-width digits; the translate
        # table then maps and deletes in one pass.
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        text = text.translate(_LETTER_TABLE)
    return text.lower()


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalise `text` and return, for each character of the result, its index in `text`.

    Slower than `normalize`; for code that searches the normal form and must quote the
    original spelling back.
    """
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        for folded in normalize(char):
            chars.append(folded)
            offsets.append(index)
    return "".join(chars), offsets

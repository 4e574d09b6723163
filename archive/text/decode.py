"""Turning uploaded bytes into text, or a clear reason why they are not an article.

Scraped Arabic text reaches the archive as UTF-8 (with or without a byte-order mark),
UTF-16 or UTF-32 with a mark, or Windows-1256 from older Arabic sites, with CRLF or CR line
ends. Anything else (binary files, empty files, text that is not Arabic, UTF-8 read once as
Latin-1 and saved again, a file half in one encoding and half in another) is refused with a
message the uploader can act on.
"""

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

from .messages import UserError, gettext_noop


class UnreadableInput(UserError):
    """The input cannot become an article; the message says why, for the uploader."""


@dataclass(frozen=True)
class DecodedText:
    """Text read from bytes, and the encoding it was read with."""

    text: str
    encoding: str


_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")
_LETTER = re.compile(r"[^\W\d_]")
# UTF-8 Arabic read as Windows-1252 or Latin-1 shows up as these pairs (روسيا -> Ø±ÙˆØ³ÙŠØ§).
_MOJIBAKE = re.compile(r"[ØÙÚÛ][\u0080-\u00ff\u0152-\u0178\u02c6-\u2122]")
# UTF-32's little-endian mark begins with UTF-16's: it is tried first.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Share of letters that must be Arabic for the text to count as an Arabic article.
MIN_ARABIC_SHARE = 0.3


def unify_line_ends(text: str) -> str:
    """`text` with every line ending in \\n: browsers send a text box's lines ending in \\r\\n,
    old Mac files in \\r, and paragraphs are told apart by blank lines."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_bytes(data: bytes, *, check_arabic: bool = True) -> DecodedText:
    """Decode an uploaded file and normalise its line ends to \\n.

    Raises `UnreadableInput` for empty, binary or mis-encoded input, and for input with
    no Arabic text unless `check_arabic` is off (HTML, whose markup is Latin, is checked
    after its text is extracted).
    """
    if not data.strip():
        raise UnreadableInput("empty", gettext_noop("The file is empty."))
    encoding = _detect_encoding(data)
    text = data.decode(encoding)
    text = unify_line_ends(text)
    if _MOJIBAKE.search(text) and len(_MOJIBAKE.findall(text)) > len(_ARABIC_LETTER.findall(text)):
        raise UnreadableInput(
            "garbled",
            gettext_noop(
                "The text is garbled (UTF-8 that was once read as Latin-1 and saved again); "
                "save the page again as UTF-8 and upload that file."
            ),
        )
    if not text.strip():
        raise UnreadableInput("blank", gettext_noop("The file holds only white space."))
    decoded = DecodedText(text, encoding)
    if check_arabic:
        require_arabic(decoded)
    return decoded


def require_arabic(decoded: DecodedText) -> None:
    """Refuse decoded text that is not an Arabic article."""
    if not has_enough_arabic(decoded.text):
        raise UnreadableInput(
            "not_arabic",
            gettext_noop(
                "No Arabic text found when reading the file as %(encoding)s; "
                "the archive takes Arabic articles in UTF-8, UTF-16 or Windows-1256."
            ),
            encoding=decoded.encoding,
        )


def has_enough_arabic(text: str) -> bool:
    """Whether Arabic letters make up enough of `text` for it to be an Arabic article."""
    letters = len(_LETTER.findall(text))
    return letters > 0 and len(_ARABIC_LETTER.findall(text)) / letters >= MIN_ARABIC_SHARE


def _detect_encoding(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    if b"\x00" in data:
        raise UnreadableInput("binary", gettext_noop("This is a binary file, not text: upload the article as .txt or .html."))
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    changed_at = _encoding_change(data)
    if changed_at:
        raise UnreadableInput(
            "mixed_encodings",
            gettext_noop(
                "The file mixes two encodings: line %(line)d is not in the encoding of the lines before it "
                "(part UTF-8, part Windows-1256, as when texts saved differently are pasted together). "
                "Save the whole file in one encoding, UTF-8, and upload it again."
            ),
            line=changed_at,
        )
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = ""
    if text and _ARABIC_LETTER.search(text) and not _looks_binary(text):
        return "cp1256"
    best = charset_normalizer.from_bytes(data).best()
    if best is None or _looks_binary(str(best)):
        raise UnreadableInput("unknown_encoding", gettext_noop("This is a binary file or an unknown encoding, not readable text."))
    return best.encoding


def _encoding_change(data: bytes) -> int | None:
    """The number of the first line whose encoding differs from the lines before it, when
    some lines are UTF-8 with Arabic (or other non-ASCII) text and others are not UTF-8."""
    first_kind = None
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            kind = "utf-8"
        except UnicodeDecodeError:
            kind = "other"
        if first_kind is None:
            first_kind = kind
        elif kind != first_kind:
            return number
    return None


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text if ch < " " and ch not in "\n\r\t\f")
    return controls > max(2, len(text) // 100)

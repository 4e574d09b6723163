import codecs

import pytest

from archive.text.decode import UnreadableInput, decode_bytes

from ..seeds import SEEDS

TEXT = SEEDS[0].path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("cp1256"), "cp1256"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-32"), "utf-32"),  # its mark begins with UTF-16's
        (codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"), "utf-32"),
    ],
)
def test_encodings_news_sites_use(data, encoding):
    decoded = decode_bytes(data)
    assert decoded.encoding == encoding
    assert decoded.text.lstrip("\ufeff") == TEXT


def test_line_ends_are_unified():
    decoded = decode_bytes(TEXT.replace("\n", "\r\n").encode("cp1256"))
    assert "\r" not in decoded.text
    assert decoded.text == TEXT


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b" \n\t\n", "empty"),
        (bytes(range(256)) * 8, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),
        (TEXT.encode("utf-8").decode("latin-1").encode("utf-8"), "garbled"),
        (b"Just an English sentence about the weather.", "No Arabic text"),
    ],
)
def test_unreadable_input_is_refused_with_a_reason(data, message):
    with pytest.raises(UnreadableInput, match=message):
        decode_bytes(data)


def test_html_markup_may_skip_the_arabic_check():
    page = "<html><body><p>روسيا</p></body></html>".encode()
    assert decode_bytes(page, check_arabic=False).text.startswith("<html>")


def test_a_file_half_in_one_encoding_and_half_in_another_is_refused_at_the_line_that_changes():
    lines = TEXT.split("\n")
    mixed = "\n".join(lines[:4]).encode("utf-8") + b"\n" + "\n".join(lines[4:]).encode("cp1256")
    first_changed = 4 + next(number for number, line in enumerate(lines[4:], start=1) if not line.isascii())
    with pytest.raises(UnreadableInput, match=f"line {first_changed} is not in the encoding"):
        decode_bytes(mixed)

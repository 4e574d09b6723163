import pytest

from archive.text.normalize import fold_digits, normalize, normalize_with_offsets


@pytest.mark.parametrize(
    "written, plain",
    [
        ("أذربيجان", "اذربيجان"),
        ("إقرأ", "اقرا"),
        ("آذار", "اذار"),
        ("ٱلله", "الله"),
        ("على", "علي"),
        ("الجمعة", "الجمعه"),
        ("أُسدل", "اسدل"),  # harakat
        ("تامّ", "تام"),  # shadda
        ("دعَوا", "دعوا"),
        ("أيضاً", "ايضا"),  # tanween
        ("الرحمـــن", "الرحمن"),  # tatweel
        ("هٰذا", "هذا"),  # superscript alef
        ("ناغورنی", "ناغورني"),  # Farsi yeh, seed 002's keywords
        ("کاراباخ", "كاراباخ"),  # keheh
        ("مسؤول", "مسءول"),
        ("مسئول", "مسءول"),
        ("١٤٤٢", "1442"),
        ("۲۰۲۱", "2021"),
        ("ﻻ", "لا"),  # lam-alef ligature
        ("قره\u200cباغ", "قرهباغ"),  # ZWNJ inside a word
        ("\u200fروسيا\u200e", "روسيا"),  # direction marks
        ("AFP", "afp"),
    ],
)
def test_spellings_meet(written, plain):
    assert normalize(written) == plain


def test_different_words_stay_different():
    assert normalize("روسيا") != normalize("روسية")
    assert normalize("مصر") != normalize("مصير")


def test_fold_digits_keeps_letters():
    assert fold_digits("الـ٩ من ٢٠٢٠ و۳") == "الـ9 من 2020 و3"


def test_offsets_point_back_to_the_original():
    text = "قال أمسِ الجمعةِ"
    norm, offsets = normalize_with_offsets(text)
    assert norm == normalize(text)
    start = norm.index("الجمعه")
    assert text[offsets[start] : offsets[start + len("الجمعه") - 1] + 1] == "الجمعة"

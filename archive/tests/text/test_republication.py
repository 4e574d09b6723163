"""One story in several articles: signatures, buckets and the likeness of real Arabic reports."""

import json
from pathlib import Path

import pytest

from archive.text.republication import (
    BANDS,
    MIN_SHINGLES,
    PERMUTATIONS,
    alike,
    buckets,
    shingles,
    signatures,
    similarity,
    story_words,
)

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
SEED_BODIES = [record["body"] for record in json.loads((FIXTURES / "seed_articles.json").read_text(encoding="utf-8"))["articles"]]

# Two cables of the same formula, the form Saudi outlets ran several times a week in 2015:
# one announcement each, not one story.
CABLE_JAMAICA = (
    "بعث خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود برقية تهنئة لفخامة الرئيس باتريك ألين "
    "حاكم عام جامايكا بمناسبة ذكرى استقلال بلاده. وأعرب الملك المفدى باسمه واسم شعب وحكومة المملكة العربية "
    "السعودية عن أصدق التهاني وأطيب التمنيات بالصحة والسعادة لفخامته ولحكومة وشعب جامايكا الصديق اطراد التقدم والازدهار."
)
CABLE_SINGAPORE = (
    "بعث خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود برقية تهنئة لفخامة الرئيس توني تان كنق يام "
    "رئيس جمهورية سنغافورة بمناسبة ذكرى اليوم الوطني لبلاده. وأعرب الملك المفدى باسمه واسم شعب وحكومة المملكة العربية "
    "السعودية عن أصدق التهاني وأطيب التمنيات بالصحة والسعادة لفخامته ولحكومة وشعب سنغافورة الصديق اطراد التقدم والازدهار."
)


def _signed(text: str) -> tuple[bytes, int]:
    stored, count = signatures([text])[0]
    assert stored is not None
    return stored, count


def _republished(body: str) -> str:
    """An outlet's copy of an agency report: its own lead, a few words changed, the last
    paragraph cut."""
    paragraphs = body.split("\n\n")
    kept = paragraphs[: max(2, len(paragraphs) - 1)]
    kept[0] = kept[0].replace("اليوم الجمعة", "الجمعة").replace("أكدت", "قالت")
    return "\n\n".join(["موسكو – وكالات: في تطور جديد للأزمة في جنوب القوقاز، صدرت تصريحات روسية لافتة.", *kept])


def test_story_words_are_normalised_stemmed_and_without_stop_words():
    analysed = story_words("أكدت روسيا، اليوم الجمعة، أنها ستقرر مع أذربيجان")
    assert "مع" not in analysed and "اليوم" not in analysed
    assert "روسيا" in analysed or "روسي" in analysed
    # Hamza and alef forms written differently are one word.
    assert story_words("أذربيجان") == story_words("اذربيجان")


def test_an_outlets_edited_copy_of_a_report_is_alike():
    original = SEED_BODIES[2]
    assert alike(_signed(original), _signed(_republished(original)))


def test_the_same_text_has_the_same_signature_and_buckets():
    first, second = signatures([SEED_BODIES[3], SEED_BODIES[3]])
    assert first == second
    assert similarity(first[0], second[0]) == 1.0
    keys = buckets(first[0])
    assert len(keys) == BANDS and len(set(keys)) == BANDS
    assert all(-(2**63) <= key < 2**63 for key in keys)
    assert len(first[0]) == PERMUTATIONS * 4


def test_reports_on_the_same_conflict_written_apart_are_not_alike():
    signed = [_signed(body) for body in SEED_BODIES]
    for i, first in enumerate(signed):
        for second in signed[i + 1 :]:
            assert not alike(first, second)
            assert similarity(first[0], second[0]) < 0.2


def test_two_announcements_of_one_formula_are_not_one_story():
    jamaica, singapore = _signed(CABLE_JAMAICA), _signed(CABLE_SINGAPORE)
    assert not alike(jamaica, singapore)
    assert alike(jamaica, _signed(CABLE_JAMAICA.replace("آل سعود ", "")))


@pytest.mark.parametrize("text", ["", "روسيا تنشر قواتها في قره باغ", "عاجل: " * 5])
def test_a_text_too_short_to_compare_gets_no_signature(text):
    [(stored, count)] = signatures([text])
    assert stored is None and count < MIN_SHINGLES
    assert count == len(shingles(text))

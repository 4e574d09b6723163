import json
import re

from archive.text.concordance import concordance_lines
from archive.text.tokenize import WORD_PATTERN

from ..conftest import FIXTURES

# Two paragraphs of the first seed article, as it was saved.
TEXT = (
    "أكملت روسيا نقل قواتها إلى إقليم قره باغ، فيما أعلن وزير الخارجية الروسية سيرغي لافروف عن محاولات "
    "لعرقلة اتفاق وقف إطلاق النار بين أرمينيا وأذربيجان.\n\n"
    "ووصل وفد حكومي روسي، السبت، العاصمة الأرمينية يريفان، لإجراء محادثات حول الوضع في المنطقة، بعد أيام "
    "من إبرام اتفاق وقف لإطلاق النار بين أذربيجان وأرمينيا."
)


def span_of(text: str, word: str, nth: int = 0) -> tuple[int, int]:
    start = [m.start() for m in re.finditer(re.escape(word), text)][nth]
    return start, start + len(word)


def readable(text: str) -> str:
    return " ".join(text.split())


def assert_true_to_the_text(text: str, lines) -> None:
    """Every part of every line is the text at its offsets, and no context leaves its paragraph."""
    for line in lines:
        assert line.match == readable(text[line.start : line.end])
        assert line.left == readable(text[line.left_start : line.start])
        assert line.right == readable(text[line.end : line.right_end])
        assert "\n" not in text[line.left_start : line.start] and "\n" not in text[line.end : line.right_end]


def test_each_line_is_the_text_around_its_match():
    lines = concordance_lines(TEXT, [span_of(TEXT, "سيرغي لافروف")], words=4)
    assert_true_to_the_text(TEXT, lines)
    [line] = lines
    assert (line.left, line.match, line.right) == ("أعلن وزير الخارجية الروسية", "سيرغي لافروف", "عن محاولات لعرقلة اتفاق")
    assert TEXT[line.left_start : line.right_end] == "أعلن وزير الخارجية الروسية سيرغي لافروف عن محاولات لعرقلة اتفاق"


def test_contexts_stop_at_the_paragraph_end():
    first = span_of(TEXT, "أرمينيا")
    second = span_of(TEXT, "ووصل")
    lines = concordance_lines(TEXT, [first, second])
    assert_true_to_the_text(TEXT, lines)
    assert lines[0].right == "وأذربيجان."  # the full stop comes with its word; the next paragraph does not
    assert lines[1].left == "" and lines[1].right.startswith("وفد حكومي روسي،")
    assert len(WORD_PATTERN.findall(lines[1].right)) == 8


def test_a_match_inside_a_word_is_shown_as_the_whole_word():
    start, end = span_of(TEXT, "أذربيجان", nth=0)  # inside «وأذربيجان»
    [line] = concordance_lines(TEXT, [(start, end)])
    assert line.match == TEXT[line.start : line.end] == "وأذربيجان"


def test_a_phrase_is_one_keyword_but_a_line_break_parts_matches():
    phrase = [span_of(TEXT, word) for word in ("وقف", "إطلاق", "النار")]
    [line] = concordance_lines(TEXT, phrase, words=3)
    assert (line.left, line.match, line.right) == ("محاولات لعرقلة اتفاق", "وقف إطلاق النار", "بين أرمينيا وأذربيجان.")
    text = "قصفت روسيا\nروسيا تنفي"
    lines = concordance_lines(text, [span_of(text, "روسيا"), span_of(text, "روسيا", nth=1)])
    assert [(line.left, line.right) for line in lines] == [("قصفت", ""), ("", "تنفي")]
    assert_true_to_the_text(text, lines)


def test_quotation_marks_and_spacing_are_kept_readable():
    text = 'وقال  لافروف\t"أجرينا مفاوضات  شاملة".'
    [line] = concordance_lines(text, [span_of(text, "أجرينا")], words=2)
    assert (line.left, line.match, line.right) == ('وقال لافروف "', "أجرينا", 'مفاوضات شاملة".')
    assert text[line.left_start : line.start] == 'وقال  لافروف\t"'
    assert_true_to_the_text(text, [line])


def test_every_spelling_of_an_actor_in_a_seed_article(gazetteer):
    """Lavrov's lines in a real article: each as the article spells it, each true to the text."""
    articles = json.loads((FIXTURES / "seed_articles.json").read_text(encoding="utf-8"))["articles"]
    for article in articles:
        body = article["body"]
        mentions = [(m.start, m.end) for m in gazetteer.find(body) if m.actor == "sergey-lavrov"]
        lines = concordance_lines(body, mentions)
        assert len(lines) == len(mentions)
        assert_true_to_the_text(body, lines)
        for line in lines:
            assert len(WORD_PATTERN.findall(line.left)) <= 8 and len(WORD_PATTERN.findall(line.right)) <= 8
    body = articles[1]["body"]
    spellings = {line.match for line in concordance_lines(body, [(m.start, m.end) for m in gazetteer.find(body) if m.actor == "sergey-lavrov"])}
    assert {"سيرغي لافروف", "لافروف"} <= spellings


def test_no_spans_no_lines():
    assert concordance_lines(TEXT, []) == []
    assert concordance_lines("", [(0, 0)]) == []

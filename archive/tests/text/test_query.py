import pytest

from archive.text.query import AnyOf, Phrase, QuerySyntaxError, Word, parse_query


def test_words_are_all_required():
    assert parse_query("روسيا  تركيا").required == (Word("روسيا"), Word("تركيا"))


def test_phrases_or_and_exclusions():
    parsed = parse_query('"حفظ السلام" روسيا OR تركيا -"الأمم المتحدة" -أوكرانيا')
    assert parsed.required == (Phrase("حفظ السلام"), AnyOf((Word("روسيا"), Word("تركيا"))))
    assert parsed.excluded == (Phrase("الأمم المتحدة"), Word("أوكرانيا"))
    assert parsed.text == '"حفظ السلام" روسيا OR تركيا -"الأمم المتحدة" -أوكرانيا'


def test_arabic_or_word():
    assert parse_query("روسيا أو تركيا").required == (AnyOf((Word("روسيا"), Word("تركيا"))),)


def test_chained_or():
    assert parse_query("أ OR ب OR ج").required == (AnyOf((Word("أ"), Word("ب"), Word("ج"))),)


@pytest.mark.parametrize(
    "text, message",
    [
        ('"حفظ السلام', "not closed"),
        ('"" روسيا', "empty"),
        ("OR روسيا", "between two"),
        ("روسيا OR", "between two"),
        ("روسيا OR -تركيا", "between two"),
        ("-روسيا", "only exclude"),
        ("-روسيا OR تركيا", "cannot be one side"),
    ],
)
def test_unreadable_queries_say_what_to_fix(text, message):
    with pytest.raises(QuerySyntaxError, match=message):
        parse_query(text)


def test_a_lone_dash_is_ignored():
    assert parse_query("روسيا - تركيا").required == (Word("روسيا"), Word("تركيا"))

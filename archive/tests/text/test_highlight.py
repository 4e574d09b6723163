from archive.text.highlight import marked_html, matching_spans, snippet_html
from archive.text.normalize import normalize
from archive.text.stem import Stemmer, is_stop_word

STEM = Stemmer().stem


def term_of(word: str) -> str:
    norm = normalize(word)
    return "" if is_stop_word(norm) else STEM(norm)


def test_stemmed_matches_mark_the_words_as_written():
    text = "اعترف باستخدام صواريخ إسكندر، واستخدم الجيش الصواريخ بصواريخ أخرى."
    spans = matching_spans(text, terms={"صواريخ", "بصواريخ"}, term_of=term_of)
    assert [text[s:e] for s, e in spans] == ["صواريخ", "الصواريخ", "بصواريخ"]


def test_vowelled_word_is_marked_whole():
    text = "أُسدل الستار"
    spans = matching_spans(text, terms={STEM(normalize("أسدل"))}, term_of=term_of)
    assert marked_html(text, spans) == "<mark>أُسدل</mark> الستار"


def test_html_is_escaped_around_marks():
    text = '<b>روسيا</b> & "تركيا"'
    spans = matching_spans(text, terms={"روسيا"}, term_of=term_of)
    assert marked_html(text, spans) == "&lt;b&gt;<mark>روسيا</mark>&lt;/b&gt; &amp; &quot;تركيا&quot;"


def test_extra_spans_merge_with_word_spans():
    text = "قال فلاديمير بوتين اليوم"
    spans = matching_spans(text, terms={"بوتين"}, term_of=term_of, extra=[(4, 18)])
    assert spans == [(4, 18)]


def test_snippet_centres_on_the_matches():
    words = ["كلمة"] * 100 + ["كاراباخ"] + ["كلمة"] * 100
    text = " ".join(words)
    spans = matching_spans(text, terms={"كاراباخ"}, term_of=term_of)
    snippet = snippet_html(text, spans, words=20)
    assert "<mark>كاراباخ</mark>" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet.split()) == 20
    # A quarter of the words stand before the match.
    assert snippet.split().index("<mark>كاراباخ</mark>") == 5


def test_snippet_takes_the_densest_run_of_matches():
    text = " ".join(["روسيا"] + ["كلمة"] * 200 + ["تركيا", "كلمة", "تركيا", "كلمة", "تركيا"] + ["كلمة"] * 200)
    spans = matching_spans(text, terms={"روسيا", "تركيا"}, term_of=term_of)
    snippet = snippet_html(text, spans, words=20)
    assert snippet.count("<mark>تركيا</mark>") == 3 and "روسيا" not in snippet


def test_snippet_never_starts_or_ends_inside_a_word():
    # Long words make the passage's region edges fall inside words.
    text = " ".join(["استراتيجيات"] * 60 + ["كاراباخ"] + ["والمفاوضات"] * 60)
    spans = matching_spans(text, terms={"كاراباخ"}, term_of=term_of)
    snippet = snippet_html(text, spans, words=40)
    inner = snippet.strip("…").split()
    assert set(inner) <= {"استراتيجيات", "<mark>كاراباخ</mark>", "والمفاوضات"}


def test_snippet_without_matches_is_the_opening():
    text = "أول ثاني ثالث"
    assert snippet_html(text, [], words=2) == "أول ثاني…"
    assert snippet_html(text, [], words=5) == text

from archive.text.highlight import marked_html, matching_spans, snippet_html
from archive.text.normalize import normalize
from archive.text.tokenize import tokenize
from archive.text.stem import Stemmer

STEM = Stemmer().stem


def test_stemmed_matches_mark_the_words_as_written():
    text = "اعترف باستخدام صواريخ إسكندر، واستخدم الجيش الصواريخ بصواريخ أخرى."
    spans = matching_spans(list(tokenize(text)), terms={"صواريخ", "بصواريخ"}, stem=STEM)
    assert [text[s:e] for s, e in spans] == ["صواريخ", "الصواريخ", "بصواريخ"]


def test_vowelled_word_is_marked_whole():
    text = "أُسدل الستار"
    spans = matching_spans(list(tokenize(text)), terms={STEM(normalize("أسدل"))}, stem=STEM)
    assert marked_html(text, spans) == "<mark>أُسدل</mark> الستار"


def test_html_is_escaped_around_marks():
    text = '<b>روسيا</b> & "تركيا"'
    spans = matching_spans(list(tokenize(text)), terms={"روسيا"}, stem=STEM)
    assert marked_html(text, spans) == "&lt;b&gt;<mark>روسيا</mark>&lt;/b&gt; &amp; &quot;تركيا&quot;"


def test_extra_spans_merge_with_word_spans():
    text = "قال فلاديمير بوتين اليوم"
    spans = matching_spans(list(tokenize(text)), terms={"بوتين"}, stem=STEM, extra=[(4, 18)])
    assert spans == [(4, 18)]


def test_snippet_centres_on_the_matches():
    words = ["كلمة"] * 100 + ["كاراباخ"] + ["كلمة"] * 100
    text = " ".join(words)
    spans = matching_spans(list(tokenize(text)), terms={"كاراباخ"}, stem=STEM)
    snippet = snippet_html(text, list(tokenize(text)), spans, words=20)
    assert "<mark>كاراباخ</mark>" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet.split()) <= 22


def test_snippet_without_matches_is_the_opening():
    text = "أول ثاني ثالث"
    assert snippet_html(text, list(tokenize(text)), [], words=2) == "أول ثاني…"

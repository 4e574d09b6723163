from archive.text.tokenize import tokenize, words


def test_vowelled_words_stay_whole():
    # Whoosh's default tokenizer cuts this at the damma: أ + سدل.
    tokens = list(tokenize("ويبدو أن الستار أُسدل بذلك"))
    assert [t.text for t in tokens] == ["ويبدو", "أن", "الستار", "أُسدل", "بذلك"]
    assert tokens[3].norm == "اسدل"


def test_offsets_cover_the_written_word():
    text = "دعا «فلاديمير بوتين» و إيمانويل ماكرون."
    for token in tokenize(text):
        assert text[token.start : token.end] == token.text


def test_punctuation_and_spaces_are_not_words():
    assert words("قال: «نعم»، ثم... (غادر)!") == ["قال", "نعم", "ثم", "غادر"]


def test_invisible_marks_inside_a_word_do_not_split_it():
    assert words("ناغورني\u200cقره باغ") == ["ناغورنيقره", "باغ"]
    assert words("رو\u200fسيا") == ["روسيا"]


def test_digits_and_latin_are_words():
    assert words("VGTRK و23 مركزاً") == ["vgtrk", "و23", "مركزا"]

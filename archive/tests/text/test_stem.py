import pytest

from archive.text.normalize import normalize
from archive.text.stem import Stemmer, is_stop_word, proclitic_variants


@pytest.fixture(scope="module")
def stem(gazetteer):
    stemmer = Stemmer(frozenset(gazetteer.terms))
    return lambda word: stemmer.stem(normalize(word))


# Word forms from the seeds that a search for any one of them must find.
CONFLATE = [
    ("المفاوضات", "مفاوضات"),
    ("القوات", "قوات"),  # a short plural keeps its stem
    ("الروسية", "الروسي", "روسية", "روسي"),
    ("الأرمينية", "الأرميني", "أرميني"),
    ("الأذربيجانية", "الأذربيجاني", "أذربيجاني"),
    ("والقوات", "القوات"),
    ("بالمنطقة", "المنطقة", "منطقة"),
    ("للمراقبة", "المراقبة", "مراقبة"),
    ("الاشتباكات", "اشتباكات"),
    ("محادثات", "المحادثات"),
    ("العسكرية", "العسكري", "عسكري"),
    ("الدولية", "الدولي", "دولي"),
    ("المسلحة", "مسلحة"),
    ("الانفصاليون", "الانفصاليين", "انفصالي"),
    ("صواريخ", "الصواريخ"),
    ("مسؤول", "مسئول"),
    ("أُسدل", "أسدل"),
]


@pytest.mark.parametrize("forms", CONFLATE, ids=lambda forms: forms[0])
def test_forms_conflate(stem, forms):
    assert len({stem(form) for form in forms}) == 1, {form: stem(form) for form in forms}


# Distinct words that must stay distinct.
APART = [
    ("قوات", "قو"),
    ("وزير", "زير"),
    ("وزارة", "زار"),
    ("وصل", "صل"),
    ("أذربيجان", "أذربيج"),
    ("بوتين", "بوت"),
    ("روسيا", "روسي"),  # the country and the adjective are found through the actor, not the stem
    ("كامل", "أمل"),
    ("سلام", "سلم"),
    ("السلطات", "سلطان"),  # the dual ending ان is not stripped
    ("قوات", "قوى"),
    ("الإعلان", "الإعلام"),
    ("تفاهم", "تفاهات"),  # a pronoun suffix is only stripped from a longer stem
]


@pytest.mark.parametrize("first, second", APART)
def test_different_words_stay_apart(stem, first, second):
    assert stem(first) != stem(second)


@pytest.mark.parametrize(
    "name", ["أذربيجان", "بوتين", "باشينيان", "فرنسا", "كاراباخ", "لاتشين", "ستيباناكيرت", "علييف", "ماكرون", "يريفان"]
)
def test_actor_names_are_not_stemmed(stem, name):
    assert stem(name) == normalize(name)
    assert stem("بال" + name) == stem("لل" + name) == normalize(name)
    # Behind a bare proclitic the name stays whole; queries reach it through proclitic_variants.
    assert stem("و" + name) == "و" + normalize(name)
    assert stem("و" + name) in proclitic_variants(normalize(name), stem)


def test_names_behind_the_article_are_protected(stem):
    assert stem("الكرملين") == stem("للكرملين") == normalize("الكرملين")[2:]


def test_waw_initial_words_are_kept_whole(stem):
    assert stem("وزير") == "وزير"
    assert stem("الوزير") == "وزير"
    assert stem("وزارة") == "وزار"


@pytest.mark.parametrize("word", ["في", "من", "إلى", "الى", "على", "أن", "إن", "التي", "هذا", "وكان"])
def test_stop_words(word):
    assert is_stop_word(normalize(word))


def test_content_words_are_not_stop_words():
    for word in ("أمني", "روسيا", "سلام", "حرب"):
        assert not is_stop_word(normalize(word))


def test_proclitic_variants_cover_prefixed_and_bare_forms(stem):
    assert {"بصواريخ", "لصواريخ", "وصواريخ", "وبصواريخ"} <= set(proclitic_variants("صواريخ", stem))
    assert "صواريخ" in proclitic_variants("بصواريخ", stem)
    assert "كامل" not in proclitic_variants("امل", stem)  # ك is only tried on longer stems


def test_proclitic_variants_are_stemmed_as_the_index_stems_each_form(stem):
    # A proclitic lets the stemmer strip more of an ending: وخلية -> وخل, but خلية -> خلي.
    assert stem(normalize("وخلية")) in proclitic_variants(normalize("خلية"), stem)
    assert stem(normalize("خلية")) in proclitic_variants(normalize("وخلية"), stem)


@pytest.mark.parametrize(
    "forms",
    [
        ("عام", "عاما", "عاماً", "العام"),
        ("دولار", "دولارا", "الدولار", "دولارات"),
        ("حكومة", "حكومته", "حكومتها", "حكومتهم", "حكومتنا", "الحكومة"),
        ("رئيس", "رئيسهم", "رئيسنا", "رئيسكم", "رئيسهما", "للرئيس", "وللرئيس", "وبالرئيس"),
        ("الأمم", "للأمم", "بالأمم"),
        ("تصويت", "تصويته", "التصويت"),  # a ت after a long vowel is the word's own
    ],
)
def test_inflections_of_one_word_meet(stem, forms):
    assert len({stem(normalize(form)) for form in forms}) == 1


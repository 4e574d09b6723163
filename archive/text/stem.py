"""Light stemming of Arabic words for search, in the spirit of Larkey's light10.

light10 strips one article-like prefix (ال وال بال كال فال لل) and then every matching
suffix of ها ان ات ون ين يه ه ي, leaving at least two letters. Its known faults, and what
this stemmer does about them:

- it over-stems و-initial words (وزير -> زير) and misses single-letter proclitics
  (بأذربيجان، لإطلاق، بصواريخ). Here the index keeps such words whole, and a query word is
  expanded at search time into its forms with and without proclitics, each stemmed as the
  index stems it, keeping those the index holds (`proclitic_variants`), so صواريخ finds
  بصواريخ and بصواريخ finds الصواريخ;
- it cuts short plurals to nothing (قوات -> قو): a suffix is only removed if three letters
  remain;
- it breaks names (أذربيجان -> اذربيج، بوتين -> بوت): words of the actor gazetteer are
  protected, as Lucene's keyword marker protects them;
- its dual ending ان merges nouns that end in ان with others (سلطان and السلطات both become
  سلط): it is not stripped here, so the dual is left to its own form;
- it keeps inflections of one word apart, which this stemmer joins: compound proclitics
  before the article (وللرئيس، وبالرئيس), the accusative ending (عاما، دولارا), the
  pronoun suffixes (رئيسهم، رئيسنا، رئيسكم، رئيسهما, on stems of four letters or more, so
  تفاهم and محاكم stay whole) and the feminine ending written ت before a pronoun (حكومته،
  حكومتهم -> حكوم, as حكومة; not after a long vowel, so تصويت and قوات keep their ت).

Words are expected in normalised form (`archive.text.normalize`).
"""

from functools import lru_cache
from typing import Callable

from .normalize import normalize

ARTICLE = "ال"
# Longest first. وكال is left out: it begins وكالة (agency) and its plural.
ARTICLE_PREFIXES = ("وبال", "فبال", "ولل", "فلل", "وال", "بال", "كال", "فال", "لل", "ال")
SUFFIXES = ("ها", "ات", "ون", "ين", "يه", "ه", "ي")
# Pronoun suffixes light10 does not know; they are only stripped from stems this long.
PRONOUN_SUFFIXES = ("هما", "هم", "كم", "نا")
PRONOUN_MIN_STEM = 4
# Suffixes after which a final ت is the feminine ending ة (حكومته).
FEMININE_BEFORE = frozenset({"ها", "ه", *PRONOUN_SUFFIXES})
LONG_VOWELS = "اوي"
MIN_STEM = 3
STEM_CACHE_SIZE = 200_000
# Proclitics a query word may carry in the index: conjunctions, prepositions and both.
PROCLITICS = ("و", "ف", "ب", "ل", "وب", "ول", "فب", "فل", "ك", "وك")
# ك is also the first letter of many words (كامل، كتاب): it is only tried on longer stems.
RARE_PROCLITIC_MIN_STEM = 4

# Function words that carry no meaning for search: Lucene's Arabic list and the forms
# news prose adds, in normalised spelling (so every hamza variant is covered).
STOP_WORDS = frozenset(
    normalize(word)
    for word in """
    من ومن منها منه منهم في وفي فيها فيه فيهم و ف ثم او أو ب بها به بهم ا أ اى اي أي أى لا ولا الا ألا إلا
    لكن ولكن ما وما كما فما مما عن وعن مع ومع اذا إذا ان أن إن انها أنها إنها انه أنه إنه بان بأن فان فأن
    وان وأن وإن لان لأن كأن التى التي الذى الذي الذين اللذين اللتين اللواتي الى الي إلى إلي على عليها عليه
    عليهم اما أما إما ايضا أيضا كل وكل لم ولم لن ولن هى هي هو وهى وهي وهو فهى فهي فهو هم وهم هما هن انت
    أنت انتم أنتم نحن لك لها له لهم لنا هذه هذا هذان هاتان هؤلاء تلك ذلك ذلكم أولئك هناك هنا كانت كان
    يكون تكون وكانت وكان كانوا غير بعض قد وقد لقد نحو بين وبين بينما منذ ضمن حيث الان الآن خلال بعد
    وبعد قبل وقبل حتى وحتى عند عندما لدى لدي جميع التي عدة عدم أي إذ اذ إذن اذن كذلك لذلك ذات سوى
    أمام امام تحت فوق دون حول ضد لو ولو كي لكي لما ولما كيف أين متى هل بل ليس ليست يا
    """.split()
)


class Stemmer:
    """A light Arabic stemmer that leaves `protected` words (actor names) whole."""

    def __init__(self, protected: frozenset[str] | set[str] = frozenset()):
        self.protected = protected
        # News repeats its vocabulary: each distinct word is stemmed once.
        self.stem = lru_cache(maxsize=STEM_CACHE_SIZE)(self._stem)

    def _stem(self, word: str) -> str:
        """Return the search stem of a normalised word (`stem` is this, remembered)."""
        for prefix in ARTICLE_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 2:
                rest = word[len(prefix) :]
                # A name listed with its article (الكرملين) is stemmed to the bare name, as
                # it is when reached through لل or بال.
                if rest in self.protected or ARTICLE + rest in self.protected:
                    return rest
                if word in self.protected:
                    return word
                word = rest
                break
        if word in self.protected:
            return word
        # A name behind a bare proclitic (وبوتين، بأذربيجان) stays whole, like every proclitic
        # form in the index; a query for the name finds it through `proclitic_variants`.
        if any(word.startswith(p) and word[len(p) :] in self.protected for p in PROCLITICS):
            return word
        # A nisba with an ending (الروسية، الروسيين) goes to the protected adjective (روسي).
        for suffix in sorted(SUFFIXES, key=len):
            if word.endswith(suffix) and word[: -len(suffix)] in self.protected:
                return word[: -len(suffix)]
        for suffix in PRONOUN_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= PRONOUN_MIN_STEM:
                word = _feminine(word[: -len(suffix)])
                break
        else:
            # The accusative ending (عاما، دولارا), not the alef of يا (سوريا، قضايا).
            if word.endswith("ا") and len(word) > MIN_STEM and word[-2] not in LONG_VOWELS + "ء":
                word = word[:-1]
                if word in self.protected:
                    return word
        for suffix in SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
                word = word[: -len(suffix)]
                if suffix in FEMININE_BEFORE:
                    word = _feminine(word)
                if word in self.protected:
                    return word
        return word


def _feminine(stem: str) -> str:
    """A stem whose ت was the feminine ending ة before a pronoun (حكومت -> حكوم), as the
    word without the pronoun is stemmed; a ت after a long vowel is the word's own (تصويت)."""
    if stem.endswith("ت") and len(stem) > PRONOUN_MIN_STEM - 1 and stem[-2] not in LONG_VOWELS:
        return stem[:-1]
    return stem


def is_stop_word(word: str) -> bool:
    """Whether the normalised `word` is too common to search for."""
    return word in STOP_WORDS


def proclitic_variants(word: str, term_of: Callable[[str], str]) -> list[str]:
    """The index terms a normalised query word may have: its own, and those of its forms
    behind a proclitic or without the proclitic it carries. Each form is made into a term by
    `term_of` exactly as the index makes terms, so a proclitic that changes how much of an
    ending the stemmer strips (وخلية -> وخل, خلية -> خلي) still meets. The caller keeps
    those the index holds."""
    cores = [word]
    for proclitic in sorted(PROCLITICS, key=len, reverse=True):
        if word.startswith(proclitic) and len(word) - len(proclitic) >= MIN_STEM:
            cores.append(word[len(proclitic) :])
    forms = []
    for core in cores:
        forms.append(core)
        for proclitic in PROCLITICS:
            if proclitic.endswith("ك") and len(core) < RARE_PROCLITIC_MIN_STEM:
                continue
            forms.append(proclitic + core)
    return [term for term in dict.fromkeys(map(term_of, forms)) if term]

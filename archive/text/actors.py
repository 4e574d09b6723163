"""Finding the actors an Arabic text names, however it spells them.

The archive's gazetteer lists each actor with every spelling real coverage uses. Matching
runs on normalised tokens (so hamza, ة/ه, diacritics and Persian letters do not matter) and
handles what Arabic attaches to a word:

- proclitics: و ف (and), ب ل ك (in, to, like) and the article ال, alone or stacked
  (وال بال لل وبال). A one-letter proclitic with no article is only stripped from names of
  four letters or more, so short names do not appear inside ordinary words;
- the gender and number endings of a nisba adjective (الروسي، الروسية، الروسيين), for the
  aliases marked as adjectives, which are only recognised bare or with the article;
- multi-word names, matched longest first, so ناغورني قره باغ is one mention, not two;
- surnames shared with other people (ميشيل، أكار), counted only in a text that also names
  the actor in full, the way a reader resolves them;
- exclusions: phrases that contain an alias but name someone else (نوفاك ديوكوفيتش), and
  a nisba used as a given name: bare, before a genealogy particle (تركي آل الشيخ، تركي بن
  طلال) or after a personal title (الأمير تركي), it names a person, not the country;
- spellings no list foresaw, for people's names (transliterations of foreign names): one
  long vowel dropped or added inside the name (بيسكوف/بسكوف/بيسكووف), and g written ج or غ
  (or ك/ق where the listed spelling has a g-letter). Only names of six letters or more are
  matched so (بوتين would meet بيتين and بوتان), never a word carrying the article, and only
  when no listed spelling matches the word.
"""

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import Iterable

from .tokenize import Token, tokenize, words
from .normalize import normalize


class AliasRole(StrEnum):
    """How an alias is used in matching."""

    NAME = "name"  # a name, matched as written (with proclitics)
    SURNAME = "surname"  # a short form shared with others: counts only beside a full name
    ADJECTIVE = "adjective"  # a nisba adjective, matched with its gender and number endings
    EXCLUDE = "exclude"  # a phrase that contains an alias but is not this actor


@dataclass(frozen=True)
class Alias:
    """One spelling of one actor, identified by the actor's slug."""

    actor: str
    text: str
    role: AliasRole = AliasRole.NAME
    # A transliterated foreign name (a person's): unlisted spellings of it are matched too.
    transliterated: bool = False


@dataclass(frozen=True)
class ActorMatch:
    """One mention of an actor in a text, with its character offsets."""

    actor: str
    start: int
    end: int
    text: str


ARTICLE = "ال"
# Conjunctions and prepositions that attach to the next word, longest first so that
# وبال is tried before و.
PROCLITICS_WITH_ARTICLE = ("وبال", "فبال", "وكال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال")
# ك (like) is left out: before a name it is rare, and it turns كارمن into ك + ارمن.
PROCLITICS = ("وب", "ول", "فب", "فل", "و", "ف", "ب", "ل")
ADJECTIVE_ENDINGS = ("", "ه", "ان", "ين", "ون", "تان", "تين", "ات")
# A name reached by stripping a proclitic that has no article must be at least this long.
MIN_LENGTH_AFTER_BARE_PROCLITIC = 4
# Distinct words whose look-ups are remembered; the cache starts afresh beyond this.
WORD_CACHE_LIMIT = 300_000
# Words beside a bare nisba that make it a person's name (تركي آل الشيخ، فهد بن تركي).
GENEALOGY_PARTICLES = frozenset({"ال", "بن", "ابن", "بنت", "ابو", "ابي"})
# Titles before a bare nisba that make it a given name (الأمير تركي).
PERSONAL_TITLES = frozenset(
    {
        "الامير", "الاميره", "الشيخ", "الشيخه", "السيد", "السيده", "الملك", "الدكتور", "الدكتوره",
        "المهندس", "الاستاذ", "اللواء", "الفريق", "العميد", "العقيد", "الفنان", "الفنانه", "المستشار", "الكابتن",
    }
)
# A listed spelling must have this many letters for unlisted variants of it to be matched:
# shorter names meet ordinary words once a vowel is dropped.
MIN_VARIANT_LENGTH = 6
# A shorter name, down to this many letters, is matched written with one long vowel fewer
# where the person is confirmed: after the listed first name (إلهام عليف) or after a title
# (الرئيس بوتن); never with a vowel more, which turns سلمان into سليمان.
CONFIRMED_VARIANT_LENGTH = 5
# Offices written right before a name, beside the personal titles.
NAME_TITLES = PERSONAL_TITLES | frozenset(
    normalize(title) for title in ("الرئيس", "الرئيسة", "الزعيم", "نظيره", "نظيرته", "الجنرال", "المستشارة")
)
LONG_VOWELS = "اوي"
# ج and غ both write the g of foreign names; ك and ق may too, but only where the listed
# spelling has a g-letter (ماكرون must not meet مقرن).
_G_LETTERS = str.maketrans({"ج": "G", "غ": "G"})
_G_LETTERS_WIDE = str.maketrans({"ج": "G", "غ": "G", "ك": "G", "ق": "G"})


@dataclass(frozen=True)
class _Entry:
    actor: str
    tokens: tuple[str, ...]
    role: AliasRole
    # Set on entries whose later words may be written another way: each token's shape
    # (g-letters made one).
    shapes: tuple[str, ...] | None = None
    # Whether the first word was matched as listed, which confirms the person: the later
    # words may then drop a long vowel down to CONFIRMED_VARIANT_LENGTH letters.
    confirmed: bool = False


def spelling_shape(word: str, *, wide: bool = False) -> str:
    """`word` with its g-letters made one: ج and غ, and ك and ق too when `wide`."""
    return word.translate(_G_LETTERS_WIDE if wide else _G_LETTERS)


def vowel_deletions(shape: str) -> set[str]:
    """`shape` without one of the long vowels inside it (never its first or last letter)."""
    return {shape[:i] + shape[i + 1 :] for i in range(1, len(shape) - 1) if shape[i] in LONG_VOWELS}


class Gazetteer:
    """A set of actor aliases, compiled for matching."""

    def __init__(self, aliases: Iterable[Alias]):
        self._by_first: dict[str, list[_Entry]] = {}
        self._adjectives: dict[str, str] = {}
        self._word_cache: dict[str, tuple[list[tuple[list[_Entry], bool]], str | None]] = {}
        self.terms: set[str] = set()
        # Words of multi-word names that several actors share (منظمة، وكالة) are ordinary words.
        shared: dict[str, set[str]] = {}
        aliases = list(aliases)
        for alias in aliases:
            for token in tokenize(alias.text):
                shared.setdefault(token.norm, set()).add(alias.actor)
        for alias in aliases:
            tokens = tuple(token.norm for token in tokenize(alias.text))
            if not tokens:
                continue
            if alias.role is AliasRole.ADJECTIVE:
                if len(tokens) != 1:
                    raise ValueError(f"An adjective alias must be one word: {alias.text!r}")
                self._adjectives[tokens[0]] = alias.actor
            else:
                # A person's name of several words: its first word as listed confirms the rest.
                spelled = alias.transliterated and alias.role in (AliasRole.NAME, AliasRole.SURNAME) and len(tokens) > 1
                shapes = tuple(spelling_shape(token) for token in tokens) if spelled else None
                self._by_first.setdefault(tokens[0], []).append(_Entry(alias.actor, tokens, alias.role, shapes, spelled))
            if alias.role is not AliasRole.EXCLUDE:
                self.terms.update(tokens if len(tokens) == 1 else (t for t in tokens if _name_word(t, shared)))
        # Keyed by the first word's shape and by that shape less one long vowel, so a text
        # word is found whether it drops a vowel (its shape is a key) or adds one (its shape
        # less a vowel is the listed shape).
        self._by_variant: dict[str, list[_Entry]] = {}
        # One-word names (not surnames) of five letters, keyed by their shape less one long
        # vowel: found so written after a title only.
        self._by_shortened: dict[str, list[_Entry]] = {}
        for alias in aliases:
            tokens = tuple(token.norm for token in tokenize(alias.text))
            if not (alias.transliterated and alias.role in (AliasRole.NAME, AliasRole.SURNAME) and tokens):
                continue
            shapes = tuple(spelling_shape(token) for token in tokens)
            if len(tokens[0]) >= MIN_VARIANT_LENGTH:
                entry = _Entry(alias.actor, tokens, alias.role, shapes)
                for key in {shapes[0], *vowel_deletions(shapes[0])}:
                    self._by_variant.setdefault(key, []).append(entry)
            elif len(tokens) == 1 and len(tokens[0]) >= CONFIRMED_VARIANT_LENGTH and alias.role is AliasRole.NAME:
                entry = _Entry(alias.actor, tokens, alias.role, shapes, confirmed=True)
                for key in vowel_deletions(shapes[0]):
                    self._by_shortened.setdefault(key, []).append(entry)
        for entries in (*self._by_first.values(), *self._by_variant.values()):
            # Longest first; at equal length an exclusion wins, so it can veto a name.
            entries.sort(key=lambda entry: (-len(entry.tokens), entry.role is not AliasRole.EXCLUDE))

    def find(self, text: str, tokens: list[Token] | None = None) -> list[ActorMatch]:
        """Return the actor mentions in `text`, in order, without overlaps; pass the text's
        `tokens` when they are already at hand."""
        tokens = list(tokenize(text)) if tokens is None else tokens
        found = []
        for index, length, actor in self._scan([token.norm for token in tokens]):
            first, last = tokens[index], tokens[index + length - 1]
            found.append(ActorMatch(actor, first.start, last.end, text[first.start : last.end]))
        return found

    def count(self, text: str) -> Counter[str]:
        """Return how many times each actor is mentioned in `text`."""
        return self.count_words(words(text))

    def count_words(self, norms: list[str]) -> Counter[str]:
        """`count` for a text already split into normalised words."""
        return Counter(actor for _, _, actor in self._scan(norms))

    def _scan(self, norms: list[str]) -> list[tuple[int, int, str]]:
        """(first word, number of words, actor) of each mention among normalised words."""
        matches: list[tuple[int, int, str, AliasRole]] = []
        index = 0
        while index < len(norms):
            entry_lists, adjective = self._lookups(norms[index])
            # Most words begin no name: skip them without looking further.
            found = self._match_at(norms, index, entry_lists, adjective) if entry_lists or adjective else None
            if found is None and index and norms[index - 1] in NAME_TITLES and not _has_article(norms[index]):
                found = self._shortened_at(norms[index])
            if found is None:
                index += 1
                continue
            actor, role, length = found
            if role is AliasRole.ADJECTIVE and _given_name(norms, index):
                index += 1
                continue
            if role is not AliasRole.EXCLUDE:
                matches.append((index, length, actor, role))
            index += length
        named_in_full = {actor for _, _, actor, role in matches if role is not AliasRole.SURNAME}
        return [
            (index, length, actor)
            for index, length, actor, role in matches
            if role is not AliasRole.SURNAME or actor in named_in_full
        ]

    @staticmethod
    def _match_at(norms: list[str], index: int, entry_lists, adjective) -> tuple[str, AliasRole, int] | None:
        best: tuple[str, AliasRole, int] | None = None
        for entries, bare_proclitic in entry_lists:
            for entry in entries:
                length = len(entry.tokens)
                if best and best[2] >= length:
                    break
                if bare_proclitic and len("".join(entry.tokens)) < MIN_LENGTH_AFTER_BARE_PROCLITIC:
                    continue
                following = tuple(norms[index + 1 : index + length])
                if entry.shapes is None:
                    matched = following == entry.tokens[1:]
                else:
                    matched = len(following) == length - 1 and all(
                        word == token
                        or (len(token) >= MIN_VARIANT_LENGTH and _spells(word, shape))
                        or (entry.confirmed and len(token) >= CONFIRMED_VARIANT_LENGTH and _shortens(word, shape))
                        for word, token, shape in zip(following, entry.tokens[1:], entry.shapes[1:])
                    )
                if matched:
                    best = (entry.actor, entry.role, length)
                    break
        if best is None and adjective:
            best = (adjective, AliasRole.ADJECTIVE, 1)
        return best

    def _lookups(self, word: str) -> tuple[list[tuple[list[_Entry], bool]], str | None]:
        """The alias entries `word` may begin (once its proclitics are stripped), and the
        actor it names as an adjective; remembered per word, since news repeats its words."""
        cached = self._word_cache.get(word)
        if cached is None:
            forms = _candidates(word)
            entry_lists = [(self._by_first[form], bare) for form, bare in forms if form in self._by_first]
            adjective = next((actor for form, bare in forms if not bare and (actor := self._adjective(form))), None)
            if not entry_lists and adjective is None and self._by_variant and not _has_article(word):
                entry_lists = self._variant_lookups(forms)
            if len(self._word_cache) >= WORD_CACHE_LIMIT:
                self._word_cache.clear()
            cached = self._word_cache[word] = (entry_lists, adjective)
        return cached

    def _variant_lookups(self, forms: list[tuple[str, bool]]) -> list[tuple[list[_Entry], bool]]:
        """Entries of transliterated names that one of `forms` spells another way."""
        found = []
        for form, bare in forms:
            keys = set()
            for shape in {spelling_shape(form), spelling_shape(form, wide=True)}:
                keys |= {shape, *vowel_deletions(shape)}
            entries = {
                id(entry): entry
                for key in keys
                for entry in self._by_variant.get(key, ())
                if _spells(form, entry.shapes[0])
            }
            if entries:
                found.append((sorted(entries.values(), key=lambda entry: -len(entry.tokens)), bare))
        return found

    def _shortened_at(self, word: str) -> tuple[str, AliasRole, int] | None:
        """The one-word name `word` writes with a long vowel fewer, read after a title."""
        for form, bare in _candidates(word):
            entries = self._by_shortened.get(spelling_shape(form), ())
            # A shortened form two actors' names could give confirms neither.
            if len({entry.actor for entry in entries}) == 1 and not (bare and len(form) < MIN_LENGTH_AFTER_BARE_PROCLITIC):
                return entries[0].actor, entries[0].role, 1
        return None

    def _adjective(self, word: str) -> str | None:
        for ending in ADJECTIVE_ENDINGS:
            if ending and not word.endswith(ending):
                continue
            stem = word[: len(word) - len(ending)] if ending else word
            if stem in self._adjectives:
                return self._adjectives[stem]
        return None


def _spells(word: str, shape: str) -> bool:
    """Whether `word` writes the name of listed `shape` with one long vowel fewer or more."""
    for candidate in {spelling_shape(word), spelling_shape(word, wide=True)}:
        if candidate == shape or candidate in vowel_deletions(shape) or shape in vowel_deletions(candidate):
            return True
    return False


def _shortens(word: str, shape: str) -> bool:
    """Whether `word` writes the name of listed `shape` with one long vowel fewer."""
    return spelling_shape(word) in vowel_deletions(shape)


def _has_article(word: str) -> bool:
    return any(word.startswith(prefix) for prefix in PROCLITICS_WITH_ARTICLE)


def _given_name(norms: list[str], index: int) -> bool:
    """Whether the nisba at `index` is a person's name: written bare (no article), next to a
    genealogy particle (تركي بن، بن تركي، آل تركي) or after a personal title (الأمير تركي)."""
    if _has_article(norms[index]):
        return False
    following = norms[index + 1] if index + 1 < len(norms) else ""
    preceding = norms[index - 1] if index > 0 else ""
    return following in GENEALOGY_PARTICLES or preceding in GENEALOGY_PARTICLES or preceding in PERSONAL_TITLES


def _name_word(token: str, shared: dict[str, set[str]]) -> bool:
    """Whether a word of a multi-word name is a name (ناغورني، بوتين), not an ordinary word
    that names are made of (الدولي، منظمة): those carry the article, with or without a
    proclitic before it (للأمم), recur across actors, or are such a word behind a proclitic
    (لمنظمة)."""
    if len(token) < 3 or len(shared.get(token, ())) >= 2:
        return False
    if any(token.startswith(prefix) for prefix in PROCLITICS_WITH_ARTICLE):
        return False
    return not any(token.startswith(p) and token[len(p) :] in shared for p in PROCLITICS)


def _candidates(word: str) -> list[tuple[str, bool]]:
    """The forms `word` may have had before its proclitics, each with whether the proclitic
    stripped to reach it was a bare one (no article).

    The word itself comes first. A proclitic ending in the article yields the form with
    and without it (للكرملين -> الكرملين, كرملين), because aliases are listed as written.
    """
    forms = [(word, False)]
    for prefix in PROCLITICS_WITH_ARTICLE:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            rest = word[len(prefix) :]
            forms.append((ARTICLE + rest, False))
            forms.append((rest, False))
            break
    for prefix in PROCLITICS:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            forms.append((word[len(prefix) :], True))
    return forms


def normalize_alias(text: str) -> str:
    """The normalised form of an alias, as stored for look-ups and uniqueness checks."""
    return " ".join(normalize(text).split())


# Keys of the gazetteer fixture's alias lists, and the role of each.
RECORD_ALIAS_KEYS = (
    ("aliases", AliasRole.NAME),
    ("surnames", AliasRole.SURNAME),
    ("adjectives", AliasRole.ADJECTIVE),
    ("exclude", AliasRole.EXCLUDE),
)


def aliases_from_records(records: list[dict]) -> list[Alias]:
    """The aliases of gazetteer records as fixtures/gazetteer.json holds them."""
    aliases = []
    for record in records:
        transliterated = record.get("kind") == "person"
        aliases.append(Alias(record["slug"], record["name"], transliterated=transliterated))
        for key, role in RECORD_ALIAS_KEYS:
            aliases.extend(Alias(record["slug"], text, role, transliterated) for text in record.get(key, []))
    return aliases

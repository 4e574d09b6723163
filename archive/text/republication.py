"""Finding one story in several articles: the same agency report run by several outlets with
small edits, a new lead or a different title.

An article's body becomes shingles of consecutive analysed words (normalised, stop words
dropped, lightly stemmed without any gazetteer, so that a signature depends on the text alone
and never changes with the actors' list); a MinHash signature of those shingles estimates how
much two bodies share (their Jaccard similarity) from a few hundred bytes. Locality-sensitive
hashing cuts each signature into bands: two articles whose bodies are alike share at least one
band's bucket with high probability, so the candidates for an article are found by looking its
buckets up, never by comparing it with the whole archive.
"""

import hashlib
import struct
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash

from .stem import Stemmer, is_stop_word
from .tokenize import words

# Consecutive analysed words per shingle: three words tell a sentence apart from the common
# phrases of a genre, and survive a changed word every few words.
SHINGLE_WORDS = 3
# Permutations of the signature; with 32 bands of 4 rows, two bodies sharing half their
# shingles meet in some bucket 87 times in 100, sharing 70% 99.9 times in 100.
PERMUTATIONS = 128
BANDS = 32
ROWS = PERMUTATIONS // BANDS
# The fixed seed of the permutations: signatures stored years apart must stay comparable.
SEED = 1
# Estimated shared shingles from which two bodies are one story. Reports of the same event
# written apart share far less (see BENCHMARKS.md for the sample checked by hand).
SAME_STORY = 0.5
# Below this many shingles (about 120 words without stop words) a text is formulaic enough (a
# cable of congratulation, a notice) that two of them must share far more to be one story.
SHORT_TEXT_SHINGLES = 120
SAME_STORY_SHORT = 0.7
# A body with fewer shingles than this is too short to tell a shared story from a shared
# formula (a one-line notice, a caption) and joins no story.
MIN_SHINGLES = 12

_stemmer = Stemmer()
_VALUE = struct.Struct(f"<{PERMUTATIONS}I")


def story_words(text: str) -> list[str]:
    """The analysed words of `text` a story is compared by: normalised, stop words dropped,
    light-stemmed with nothing protected."""
    return [_stemmer.stem(word) for word in words(text) if not is_stop_word(word)]


def shingles(text: str) -> set[bytes]:
    """The distinct runs of SHINGLE_WORDS analysed words of `text`."""
    analysed = story_words(text)
    return {" ".join(analysed[i : i + SHINGLE_WORDS]).encode() for i in range(len(analysed) - SHINGLE_WORDS + 1)}


def signatures(texts: Iterable[str]) -> list[tuple[bytes | None, int]]:
    """For each text, its MinHash signature as bytes to store (None when the text is too
    short to join a story) and its number of distinct shingles; the permutations are set up
    once for all of them."""
    sets = [shingles(text) for text in texts]
    long_enough = [list(found) for found in sets if len(found) >= MIN_SHINGLES]
    computed = iter(MinHash.bulk(long_enough, num_perm=PERMUTATIONS, seed=SEED) if long_enough else [])
    return [
        (_VALUE.pack(*(int(value) for value in next(computed).hashvalues)) if len(found) >= MIN_SHINGLES else None, len(found))
        for found in sets
    ]


def buckets(stored: bytes) -> list[int]:
    """The LSH bucket of each band of a stored signature, as signed 64-bit numbers (a
    database's BIGINT), the band's number mixed in so that bands never meet each other."""
    found = []
    for band in range(BANDS):
        part = stored[band * ROWS * 4 : (band + 1) * ROWS * 4]
        digest = hashlib.blake2b(part, digest_size=8, person=b"band%04d" % band).digest()
        found.append(int.from_bytes(digest, "little", signed=True))
    return found


def similarity(first: bytes, second: bytes) -> float:
    """The estimated share of shingles two bodies have in common (Jaccard), from their
    stored signatures."""
    a = np.frombuffer(first, dtype="<u4")
    b = np.frombuffer(second, dtype="<u4")
    return float(np.count_nonzero(a == b)) / PERMUTATIONS


def alike(first: tuple[bytes, int], second: tuple[bytes, int]) -> bool:
    """Whether two texts, each as (stored signature, shingle count), are one story."""
    needed = SAME_STORY_SHORT if min(first[1], second[1]) < SHORT_TEXT_SHINGLES else SAME_STORY
    return similarity(first[0], second[0]) >= needed

"""Syllables (pyphen, nl_NL) and how common a word is (wordfreq's Dutch list, offline)."""

import re
from functools import lru_cache

import pyphen
from wordfreq import zipf_frequency

# pyphen leaves short words whole ("over"); counting vowel groups catches those. A diaeresis
# starts a new syllable (coördinatie, beëindigen).
_VOWEL_GROUP_RE = re.compile(r"[aeiouyáéíóúàèâêîôû]+|[äëïöü]")
_HYPHENATOR = pyphen.Pyphen(lang="nl_NL", left=1, right=1)

# Zipf scale: 3 is about once per million words, 2 once per ten million.
RARE_ZIPF = 2.5
COMMON_PART_ZIPF = 3.5
LONG_WORD_SYLLABLES = 5
LONG_WORD_LETTERS = 16


@lru_cache(maxsize=50_000)
def syllables(word: str) -> int:
    lower = word.lower()
    by_hyphenation = len(_HYPHENATOR.positions(lower)) + 1
    by_vowels = len(_VOWEL_GROUP_RE.findall(lower.replace("ij", "i")))
    return max(1, by_hyphenation, by_vowels)


@lru_cache(maxsize=50_000)
def zipf(word: str) -> float:
    return zipf_frequency(word.lower(), "nl")


@lru_cache(maxsize=50_000)
def is_clear_compound(word: str) -> bool:
    """A compound of two common words (huur + achterstand) reads easily even when rare itself."""
    lower = word.lower().replace("-", "")
    for cut in range(3, len(lower) - 2):
        head, tail = lower[:cut], lower[cut:]
        heads = [head]
        if head.endswith("s") and len(head) > 3:
            heads.append(head[:-1])  # linking s: betaling-s-regeling
        if head.endswith("en") and len(head) > 4:
            heads.append(head[:-2])
        if zipf(tail) >= COMMON_PART_ZIPF and any(zipf(h) >= COMMON_PART_ZIPF for h in heads):
            return True
    return False


def is_rare(word: str) -> bool:
    return zipf(word) < RARE_ZIPF and not is_clear_compound(word)


def is_long(word: str) -> bool:
    letters = len(word.replace("-", ""))
    return letters >= LONG_WORD_LETTERS or syllables(word) >= LONG_WORD_SYLLABLES


def skip_for_word_marks(word) -> bool:
    """Names, abbreviations and very short words are not marked as hard words."""
    text = word.text
    if len(text) < 4:
        return True
    if text.isupper():
        return True  # Wmo, BRP, CJG
    return bool(text[0].isupper() and not word.first_in_sentence)  # a name: Jansen, Zeist

"""Agreements and differences between perspectives in their answers to one question.

Plain word comparison, no model and no scoring: a word counts as shared when at least two
perspectives use it. It helps the facilitator see at a glance where people agree; the people in
the room decide what it means.
"""

import re
from dataclasses import dataclass

# Frequent Dutch words that say nothing about the content of an answer.
_STOPWORDS_TEXT = """
    aan alle alleen alles als altijd andere anders ben bij dan dat deze die dit door
    een eens elke en er ergens geen goed haar had heb hebben heeft hem het hier hij hoe
    hun ieder iets ik in is ja je jij juist kan komen kunnen kun maar meer men met mij
    minder moet moeten na naar niet niets nog nu of om omdat ons onze ook op over
    soms te tegen toch toen tot uit van veel voor vaak wat we wel welke werd wie wij
    worden wordt zal ze zelf zich zij zijn zo zoals zou zouden gaat gaan doen doet
    mensen inwoners gemeente waar wanneer waardoor daardoor daarom echter steeds
    laat zien samen maken rond pas even erg heel wordt komt krijgen
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
MIN_LENGTH = 4


def _stem(word: str) -> str:
    """Fold simple plurals together (schulden and schuld; brieven and brief stay apart)."""
    for ending in ("en", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= MIN_LENGTH:
            return word[: -len(ending)]
    return word


def words(text: str) -> dict[str, str]:
    """Content words of a text, keyed by their folded form, with the shortest form seen."""
    found: dict[str, str] = {}
    for word in re.findall(r"[a-zà-ÿ]+", text.lower()):
        if len(word) >= MIN_LENGTH and word not in STOPWORDS:
            key = _stem(word)
            if key not in found or len(word) < len(found[key]):
                found[key] = word
    return found


def terms(text: str) -> set[str]:
    return set(words(text))


@dataclass(frozen=True)
class Comparison:
    shared: list[tuple[str, list[str]]]  # word, perspective labels using it
    only: list[tuple[str, list[str]]]  # perspective label, words only it uses (a few)
    silent: list[str]  # perspectives without an answer


def compare(answers_by_perspective: dict[str, list[str]], *, limit: int = 6) -> Comparison:
    """``answers_by_perspective``: perspective label -> answer texts (empty list: no answer)."""
    shown: dict[str, str] = {}
    found: dict[str, set[str]] = {}
    for label, texts in answers_by_perspective.items():
        found[label] = set()
        for text in texts:
            for key, word in words(text).items():
                found[label].add(key)
                if key not in shown or len(word) < len(shown[key]):
                    shown[key] = word
    users: dict[str, list[str]] = {}
    for label, keys in found.items():
        for key in keys:
            users.setdefault(key, []).append(label)
    shared = sorted(
        ((shown[key], labels) for key, labels in users.items() if len(labels) >= 2),
        key=lambda item: (-len(item[1]), item[0]),
    )[:limit]
    only = []
    for label, keys in found.items():
        own = sorted(shown[key] for key in keys if len(users[key]) == 1)
        if own:
            only.append((label, own[:limit]))
    silent = [label for label, texts in answers_by_perspective.items() if not texts]
    return Comparison(shared=shared, only=only, silent=silent)

"""Official words with a plain alternative: Stabiel's own list plus a municipality's pairs."""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LIST_PATH = Path(__file__).resolve().parent.parent / "data" / "jargon_nl.txt"


@dataclass(frozen=True)
class JargonPair:
    term: str
    plain: str


def parse_pairs(lines) -> list[JargonPair]:
    pairs = []
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        term, _sep, plain = line.partition(" = ")
        if term.strip() and plain.strip():
            pairs.append(JargonPair(normalise(term), plain.strip()))
    return pairs


def normalise(term: str) -> str:
    return " ".join(term.lower().split())


@lru_cache(maxsize=1)
def default_pairs() -> tuple[JargonPair, ...]:
    """Stabiel's list (plainlanguage/data/jargon_nl.txt), read once per process."""
    return tuple(parse_pairs(LIST_PATH.read_text(encoding="utf-8").splitlines()))


def merged(extra: tuple[JargonPair, ...] = ()) -> tuple[JargonPair, ...]:
    """The national list with a municipality's pairs; its own alternative wins for a term."""
    by_term = {pair.term: pair for pair in default_pairs()}
    for pair in extra:
        by_term[normalise(pair.term)] = JargonPair(normalise(pair.term), pair.plain)
    return tuple(sorted(by_term.values(), key=lambda p: p.term))


@lru_cache(maxsize=64)
def _matcher(pairs: tuple[JargonPair, ...]) -> tuple[re.Pattern, dict[str, JargonPair]]:
    lookup = {pair.term: pair for pair in pairs}
    # Longest first, so "in het kader van" wins over a shorter term inside it.
    terms = sorted(lookup, key=len, reverse=True)
    alternatives = "|".join(_term_pattern(t) for t in terms)
    pattern = re.compile(rf"(?<![\w.])(?:{alternatives})(?![\w])", re.IGNORECASE)
    return pattern, lookup


def _term_pattern(term: str) -> str:
    """Any spacing inside a phrase; a one-word term ending in a consonant also matches with
    the inflection -e (achterstallig, achterstallige)."""
    pattern = r"\s+".join(re.escape(part) for part in term.split())
    if " " not in term and term[-1].isalpha() and term[-1] not in "aeiou":
        pattern += "e?"
    return pattern


def find_jargon(text: str, pairs: tuple[JargonPair, ...]) -> list[tuple[int, int, JargonPair]]:
    if not pairs:
        return []
    pattern, lookup = _matcher(pairs)
    found = []
    for match in pattern.finditer(text):
        found_term = normalise(match.group())
        pair = lookup.get(found_term) or lookup.get(found_term[:-1])
        if pair is not None:
            found.append((match.start(), match.end(), pair))
    return found

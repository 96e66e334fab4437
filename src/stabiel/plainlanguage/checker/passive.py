"""Passive voice in Dutch: a form of 'worden' (or 'zijn' for the perfect) with a past participle.

"Uw aanvraag wordt door ons beoordeeld", "er is besloten", "u wordt erop gewezen". The reader
does not see who acts; B1 advice is to say who does it ("wij beoordelen uw aanvraag").
"""

import re

WORDEN = frozenset({"word", "wordt", "worden", "werd", "werden", "geworden"})
ZIJN = frozenset({"is", "zijn", "was", "waren", "ben", "bent"})
# Participles that go with 'zijn' in the active voice (something happened, someone came).
ACTIVE_WITH_ZIJN = frozenset(
    [
        "gegaan",
        "gekomen",
        "geweest",
        "gebleven",
        "geworden",
        "gebeurd",
        "gestorven",
        "geboren",
        "begonnen",
        "gestopt",
        "verhuisd",
        "vertrokken",
        "gelukt",
        "veranderd",
        "gegroeid",
        "gestegen",
        "gedaald",
        "gebleken",
        "ontstaan",
        "verschenen",
        "opgestaan",
        "teruggekomen",
        "langsgekomen",
        "thuisgekomen",
        "aangekomen",
        "meegegaan",
        "misgegaan",
        "verdwenen",
        "overleden",
        "geslaagd",
        "gezakt",
        "gevallen",
        "geland",
        "verlopen",
        "afgelopen",
        "ingegaan",
        "vergeten",
        "opgehouden",
        "gestart",
    ]
)
# Words that look like a participle but are not one here.
NOT_PARTICIPLES = frozenset(
    [
        "bericht",
        "verder",
        "gesprek",
        "gezond",
        "gewend",
        "gerust",
        "gelijk",
        "gewoon",
        "geleden",
        "gebied",
        "gemeente",
        "geheel",
        "gezin",
        "geld",
        "gericht",
        "gemiddeld",
        "verschillend",
        "bekend",
        "belangrijk",
        "bereid",
        "benieuwd",
        "betrokken",
        "verplicht",
        "tevreden",
        "genoeg",
        "gesloten",
        "geopend",
        "geschikt",
        "gehandicapt",
        "gescheiden",
        "getrouwd",
        "gelukkig",
        "gevaarlijk",
        "gebruik",
        "gedrag",
        "begeleid",
        "verschuldigd",
        "besluit",
        "bedrag",
        "verzoek",
        "gebied",
        "gewicht",
        "gezicht",
        "gerecht",
        "bestand",
        "verband",
        "verstand",
        "verhaal",
        "verbod",
        "vervoer",
    ]
)
_PARTICLES = [
    "aan",
    "af",
    "bij",
    "door",
    "in",
    "mee",
    "na",
    "om",
    "onder",
    "op",
    "over",
    "terug",
    "toe",
    "uit",
    "vast",
    "voor",
    "weg",
    "langs",
    "mede",
    "binnen",
    "samen",
    "thuis",
    "stop",
    "schoon",
    "kapot",
    "open",
    "dicht",
    "klaar",
    "vrij",
]
_PARTICIPLE_RE = re.compile(
    r"^(?:(?:" + "|".join(_PARTICLES) + r")?ge[a-zë]{2,}(?:d|t|en)"
    r"|(?:be|ver|ont|her|er)[a-zë]{3,}(?:d|t|en))$"
)
WINDOW = 8
# A new clause starts: the auxiliary's participle cannot lie beyond these words.
CLAUSE_STARTS = frozenset(
    ["dat", "die", "omdat", "als", "waarop", "waarin", "wanneer", "want", "maar", "terwijl"]
)
# After the participle of a subordinate clause the auxiliary ends the clause.
CLAUSE_ENDS = frozenset(["en", "maar", "omdat", "want", "dan"])
MAX_PARTICIPLE_LETTERS = 15


def is_participle(word: str) -> bool:
    lower = word.lower()
    if lower in NOT_PARTICIPLES or not 6 <= len(lower) <= MAX_PARTICIPLE_LETTERS:
        return False
    if lower.endswith(("heid", "teit")):
        return False  # nouns: gelegenheid, capaciteit
    return bool(_PARTICIPLE_RE.match(lower))


def find_passives(words: tuple[str, ...]) -> list[tuple[int, int]]:
    """(first, last) word index of each passive construction in one sentence."""
    found = []
    used: set[int] = set()
    for i, word in enumerate(words):
        if word not in WORDEN and word not in ZIJN:
            continue
        # After the auxiliary: "wordt uw aanvraag door ons beoordeeld".
        for j in range(i + 1, min(len(words), i + 1 + WINDOW)):
            if words[j] in WORDEN or words[j] in ZIJN or words[j] in CLAUSE_STARTS:
                break
            if j not in used and _passive_pair(word, words[j], words[i + 1 : j]):
                found.append((i, j))
                used.add(j)
                break
        else:
            # Before it, in a subordinate clause: "dat uw aanvraag afgewezen is".
            at_clause_end = i == len(words) - 1 or words[i + 1] in CLAUSE_ENDS
            if (
                at_clause_end
                and i > 0
                and i - 1 not in used
                and _passive_pair(word, words[i - 1], ())
            ):
                found.append((i - 1, i))
                used.add(i - 1)
    return found


def _passive_pair(aux: str, candidate: str, between) -> bool:
    if not is_participle(candidate):
        return False
    if aux in ZIJN:
        if candidate in ACTIVE_WITH_ZIJN:
            return False
        # 'zijn' before a noun is 'his'/'their' ("zijn verhuisde moeder"); with 'door' or 'er'
        # in between it is surely passive, otherwise we ask for a participle ending in -d/-t/-en.
        return candidate.endswith(("d", "t", "en"))
    return True

"""Structure advice from VNG, *Stop het stapelen* (2022), 'Communiceer helder en persoonlijk':
the core message in a few sentences on the front, the legally required text on the back, and
a letter that says whom to call."""

import re

# Legal text: objection and appeal, articles of law, laws by name, formal legal phrases.
LEGAL_RE = re.compile(
    r"\b(?:bezwaar(?:schrift)?|beroep(?:schrift)?|artikel(?:en)?\s+\d|art\.\s*\d|lid\s+\d"
    r"|ingevolge|krachtens|op grond van|Algemene wet bestuursrecht|Awb|Wmo(?:\s+2015)?"
    r"|Wet maatschappelijke ondersteuning|Participatiewet|Jeugdwet|Gemeentewet"
    r"|Wet gemeentelijke schuldhulpverlening|Wgs|verordening|beleidsregels?"
    r"|Algemene verordening gegevensbescherming|AVG|rechtsmiddel|voorlopige voorziening)\b",
    re.IGNORECASE,
)
# A phone number (06, 0xx, 088, 0800, 0900, 14 0xx) or a request to call.
PHONE_RE = re.compile(
    r"(?:\b(?:\+31|0)\s?\d(?:[\s-]?\d){8}\b|\b14\s?0\d{2,3}\b|\b0[89]00[\s-]?\d{4})"
)
CALL_RE = re.compile(r"\b(?:bel|belt|bellen|telefoon|telefoonnummer|tel\.)\b", re.IGNORECASE)
# The opening: the first sentences of the letter with some body (not address or salutation).
OPENING_SENTENCES = 3
OPENING_MIN_WORDS = 5


def opening_indexes(sentences) -> list[int]:
    chosen = []
    for index, sentence in enumerate(sentences):
        if len(sentence.words) >= OPENING_MIN_WORDS:
            chosen.append(index)
        if len(chosen) == OPENING_SENTENCES:
            break
    return chosen


def legal_text(sentence_text: str) -> list[str]:
    return [m.group() for m in LEGAL_RE.finditer(sentence_text)]


def says_whom_to_call(text: str) -> bool:
    return bool(PHONE_RE.search(text)) and bool(CALL_RE.search(text))


def has_phone_number(text: str) -> bool:
    return bool(PHONE_RE.search(text))

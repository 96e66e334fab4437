"""Dutch sentences and words with their character offsets in the original text."""

import re
from dataclasses import dataclass
from functools import cached_property

# Letters with Dutch accents; a word may hold a hyphen or apostrophe between letters (zo'n).
WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
# Things that are not words of the letter: web and mail addresses, phone numbers.
MASK_RE = re.compile(
    r"(?:https?://\S+|www\.\S+|\S+@\S+\.\w+|\b(?:\+31|0)[\d\s-]{8,13}\d\b|\b14\s?0\d{2,3}\b)"
)
# Abbreviations after which a full stop does not end the sentence.
ABBREVIATIONS = frozenset(
    [
        "art",
        "bijv",
        "bv",
        "blz",
        "ca",
        "dhr",
        "dr",
        "d.d",
        "d.w.z",
        "enz",
        "etc",
        "evt",
        "excl",
        "fa",
        "i.p.v",
        "i.v.m",
        "incl",
        "jl",
        "m.b.t",
        "mevr",
        "mr",
        "mw",
        "nl",
        "nr",
        "o.a",
        "pag",
        "resp",
        "t.a.v",
        "t.b.v",
        "t.o.v",
        "tel",
        "vgl",
        "z.s.m",
        "zgn",
        "ing",
        "drs",
        "prof",
        "st",
    ]
)
SENTENCE_END_RE = re.compile(r"[.!?]+[\"'\u2019\u201d)]*(?=\s)|[.!?]+[\"'\u2019\u201d)]*$")


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str
    first_in_sentence: bool


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    words: tuple[Word, ...]

    @cached_property
    def lower_words(self) -> tuple[str, ...]:
        return tuple(w.text.lower() for w in self.words)


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at `dot` closes an abbreviation such as 'bijv.' or 'd.d.'."""
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    token = text[start:dot].lower().strip(".")
    if not token:
        return False
    return token in ABBREVIATIONS or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", token))


def _line_breaks_sentence(text: str, newline: int) -> bool:
    """A line break ends a sentence unless a long line was wrapped mid-sentence.

    Letters have address lines, a salutation and a greeting on lines of their own; a plain-text
    file may also wrap one long sentence over several lines.
    """
    line_start = text.rfind("\n", 0, newline) + 1
    line = text[line_start:newline].rstrip()
    following = text[newline + 1 :].lstrip(" \t")
    if not line or not following or following.startswith("\n"):
        return True
    wrapped = len(line) >= 55 and line[-1].isalnum() and following[0].islower()
    return not wrapped


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    cuts: set[int] = set()
    for match in SENTENCE_END_RE.finditer(text):
        if match.group().startswith(".") and len(match.group()) == 1:
            if _is_abbreviation(text, match.start()):
                continue
            # A number such as 1.250 or a date 1.1 is not an end.
            if match.end() < len(text) and text[match.end() : match.end() + 1].isdigit():
                continue
        cuts.add(match.end())
    for match in re.finditer(r"\n", text):
        if _line_breaks_sentence(text, match.start()):
            cuts.add(match.start())
    spans = []
    start = 0
    for cut in sorted(cuts):
        spans.append((start, cut))
        start = cut
    spans.append((start, len(text)))
    result = []
    for begin, end in spans:
        piece = text[begin:end]
        stripped = piece.strip()
        if not stripped:
            continue
        lead = len(piece) - len(piece.lstrip())
        result.append((begin + lead, begin + lead + len(stripped)))
    return result


def _masked(text: str) -> str:
    """The text with addresses and numbers blanked out, offsets unchanged."""
    return MASK_RE.sub(lambda m: " " * len(m.group()), text)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with at least one word; lines with only a date or number are left out."""
    masked = _masked(text)
    sentences = []
    for start, end in _sentence_spans(text):
        words = []
        for i, match in enumerate(WORD_RE.finditer(masked, start, end)):
            words.append(Word(match.start(), match.end(), match.group(), first_in_sentence=i == 0))
        if words:
            sentences.append(Sentence(start, end, text[start:end], tuple(words)))
    return sentences

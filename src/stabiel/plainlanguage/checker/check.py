"""One check of a letter: figures, a verdict (B1 or not yet) with its reasons, marks in place.

The checker never rewrites: every mark says what it found and what a writer could do instead.
The limits below are Stabiel's own choices (docs/plain-language.md says why and how they were
measured against the test letters).
"""

from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from . import jargon, passive, structure, words
from .text import Sentence, split_sentences

B1 = "B1"
NOT_B1 = "niet B1"

LONG_SENTENCE_WORDS = 20
MAX_AVERAGE_SENTENCE = 15.0
MAX_LONG_SENTENCE_SHARE = 0.15
MIN_FLESCH_DOUMA = 60.0
MAX_LONG_WORD_SHARE = 0.08
MAX_RARE_WORD_SHARE = 0.04
MAX_PASSIVE_SHARE = 0.20
MAX_JARGON_PER_100 = 1.5
MAX_JARGON_WORDS = 2  # a short letter with one or two is judged by its other figures

# Mark kinds (stable codes for the API and the command; Dutch like the verdict).
LONG_SENTENCE = "lange-zin"
LONG_WORD = "lang-woord"
RARE_WORD = "moeilijk-woord"
PASSIVE = "lijdende-vorm"
JARGON = "ambtelijk"
LEGAL_OPENING = "juridisch-vooraan"
KINDS = (LONG_SENTENCE, PASSIVE, LEGAL_OPENING, JARGON, RARE_WORD, LONG_WORD)
# Advice kinds that are about the letter as a whole.
CORE_FIRST = "kern-vooraan"
WHOM_TO_CALL = "wie-bellen"


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str
    text: str
    explanation: str


@dataclass(frozen=True)
class Advice:
    kind: str
    explanation: str


@dataclass(frozen=True)
class Figures:
    words: int
    sentences: int
    average_sentence_length: float
    longest_sentence: int
    long_sentences: int
    long_word_share: float
    rare_word_share: float
    passive_sentences: int
    jargon: int
    flesch_douma: float
    word_frequency: float


@dataclass(frozen=True)
class Result:
    verdict: str
    figures: Figures
    marks: tuple[Mark, ...]
    advice: tuple[Advice, ...]
    reasons: tuple[str, ...] = field(default=())

    @property
    def is_b1(self) -> bool:
        return self.verdict == B1

    def as_dict(self) -> dict:
        return {
            "verdict": self.verdict,
            "figures": asdict(self.figures),
            "reasons": list(self.reasons),
            "marks": [asdict(mark) for mark in self.marks],
            "advice": [asdict(item) for item in self.advice],
        }


def check_letter(text: str, *, extra_jargon: tuple[jargon.JargonPair, ...] = ()) -> Result:
    """Check one letter. `text` has passed documents.validate_text (not empty, Dutch, not huge)."""
    sentences = split_sentences(text)
    pairs = jargon.merged(extra_jargon)
    marks: list[Mark] = []
    jargon_count = 0
    passive_sentences = 0
    long_words = rare_words = syllable_total = 0
    frequency_total = 0.0
    frequency_words = 0
    # One pass of the list's pattern over the whole letter; each sentence takes its own.
    found_jargon = jargon.find_jargon(text, pairs)
    for sentence in sentences:
        marks.extend(_sentence_marks(sentence))
        covered: list[tuple[int, int]] = []
        for start, end, pair in found_jargon:
            if not sentence.start <= start < sentence.end:
                continue
            jargon_count += 1
            covered.append((start, end))
            marks.append(_jargon_mark(start, end, text, pair))
        found = passive.find_passives(sentence.lower_words)
        if found:
            passive_sentences += 1
        for first, last in found:
            marks.append(_passive_mark(text, sentence.words[first], sentence.words[last]))
        for word in sentence.words:
            syllable_total += words.syllables(word.text)
            if len(word.text) >= 4:
                frequency_total += min(words.zipf(word.text), 7.0)
                frequency_words += 1
            if words.skip_for_word_marks(word):
                continue
            if any(start <= word.start < end for start, end in covered):
                continue
            if words.is_rare(word.text):
                rare_words += 1
                marks.append(_rare_mark(word))
            elif words.is_long(word.text):
                long_words += 1
                marks.append(_long_word_mark(word))
    marks.extend(_legal_opening_marks(sentences))
    figures = _figures(
        sentences,
        jargon_count=jargon_count,
        passive_sentences=passive_sentences,
        long_words=long_words,
        rare_words=rare_words,
        syllable_total=syllable_total,
        frequency=frequency_total / frequency_words if frequency_words else 0.0,
    )
    reasons = _reasons(figures)
    if any(mark.kind == LEGAL_OPENING for mark in marks):
        reasons.append(
            _("De brief begint met juridische tekst. Zet eerst de kern, de wet op de achterkant.")
        )
    marks.sort(key=lambda m: (m.start, -m.end, KINDS.index(m.kind)))
    return Result(
        verdict=NOT_B1 if reasons else B1,
        figures=figures,
        marks=tuple(marks),
        advice=tuple(_advice(text, marks)),
        reasons=tuple(reasons),
    )


def _figures(sentences: list[Sentence], **counts) -> Figures:
    word_total = sum(len(s.words) for s in sentences)
    sentence_total = len(sentences)
    if not word_total:
        return Figures(0, 0, 0.0, 0, 0, 0.0, 0.0, 0, 0, 0.0, 0.0)
    average = word_total / sentence_total
    per_word = counts["syllable_total"] / word_total
    return Figures(
        words=word_total,
        sentences=sentence_total,
        average_sentence_length=round(average, 1),
        longest_sentence=max(len(s.words) for s in sentences),
        long_sentences=sum(len(s.words) > LONG_SENTENCE_WORDS for s in sentences),
        long_word_share=round(counts["long_words"] / word_total, 3),
        rare_word_share=round(counts["rare_words"] / word_total, 3),
        passive_sentences=counts["passive_sentences"],
        jargon=counts["jargon_count"],
        # Flesch-Douma (Douma 1960): the Dutch form of Flesch's reading ease, 0-100, higher is easier.
        flesch_douma=round(206.835 - 0.93 * average - 77 * per_word, 1),
        word_frequency=round(counts["frequency"], 2),
    )


def _reasons(f: Figures) -> list[str]:
    if not f.words:
        return [_("De brief heeft geen zinnen met woorden.")]
    reasons = []
    if f.average_sentence_length > MAX_AVERAGE_SENTENCE:
        reasons.append(
            _("De zinnen zijn gemiddeld %(n)s woorden lang. Voor B1 is dat hooguit %(max)s.")
            % {"n": f.average_sentence_length, "max": int(MAX_AVERAGE_SENTENCE)}
        )
    if f.long_sentences / f.sentences > MAX_LONG_SENTENCE_SHARE:
        reasons.append(
            _("%(n)s van de %(total)s zinnen hebben meer dan %(max)s woorden.")
            % {"n": f.long_sentences, "total": f.sentences, "max": LONG_SENTENCE_WORDS}
        )
    if f.flesch_douma < MIN_FLESCH_DOUMA:
        reasons.append(
            _("De leesbaarheid (Flesch-Douma) is %(n)s. Voor B1 is dat minstens %(min)s.")
            % {"n": f.flesch_douma, "min": int(MIN_FLESCH_DOUMA)}
        )
    if f.long_word_share > MAX_LONG_WORD_SHARE:
        reasons.append(
            _("%(n)s%% van de woorden is lang. Voor B1 is dat hooguit %(max)s%%.")
            % {"n": round(f.long_word_share * 100), "max": round(MAX_LONG_WORD_SHARE * 100)}
        )
    if f.rare_word_share > MAX_RARE_WORD_SHARE:
        reasons.append(
            _("%(n)s%% van de woorden komt weinig voor. Voor B1 is dat hooguit %(max)s%%.")
            % {"n": round(f.rare_word_share * 100), "max": round(MAX_RARE_WORD_SHARE * 100)}
        )
    if f.passive_sentences / f.sentences > MAX_PASSIVE_SHARE:
        reasons.append(
            _("%(n)s van de %(total)s zinnen staan in de lijdende vorm.")
            % {"n": f.passive_sentences, "total": f.sentences}
        )
    if f.jargon > MAX_JARGON_WORDS and f.jargon * 100 / f.words > MAX_JARGON_PER_100:
        reasons.append(
            _("Er staan %(n)s ambtelijke woorden in de brief. Er is een gewoner woord voor.")
            % {"n": f.jargon}
        )
    return reasons


def _sentence_marks(sentence: Sentence) -> list[Mark]:
    count = len(sentence.words)
    if count <= LONG_SENTENCE_WORDS:
        return []
    return [
        Mark(
            sentence.start,
            sentence.end,
            LONG_SENTENCE,
            sentence.text,
            _(
                "Deze zin heeft %(n)s woorden. Dat is veel om in één keer te lezen. "
                "Maak er twee of drie zinnen van, met één boodschap per zin."
            )
            % {"n": count},
        )
    ]


def _jargon_mark(start: int, end: int, text: str, pair: jargon.JargonPair) -> Mark:
    found = text[start:end]
    return Mark(
        start,
        end,
        JARGON,
        found,
        _("'%(word)s' is ambtelijke taal. Een gewoner woord is: %(plain)s.")
        % {"word": found, "plain": pair.plain},
    )


def _passive_mark(text: str, first, last) -> Mark:
    found = text[first.start : last.end]
    return Mark(
        first.start,
        last.end,
        PASSIVE,
        found,
        _(
            "Lijdende vorm: de lezer ziet niet wie iets doet. Schrijf wie het doet, "
            "bijvoorbeeld 'wij sturen u' in plaats van 'u wordt gestuurd'."
        ),
    )


def _rare_mark(word) -> Mark:
    return Mark(
        word.start,
        word.end,
        RARE_WORD,
        word.text,
        _(
            "'%(word)s' is een woord dat weinig mensen kennen. Kies een bekender woord "
            "of leg het uit in een korte zin."
        )
        % {"word": word.text},
    )


def _long_word_mark(word) -> Mark:
    return Mark(
        word.start,
        word.end,
        LONG_WORD,
        word.text,
        _(
            "'%(word)s' is een lang woord (%(n)s lettergrepen). Lange woorden lezen moeilijk. "
            "Kan het korter, of in twee woorden?"
        )
        % {"word": word.text, "n": words.syllables(word.text)},
    )


def _legal_opening_marks(sentences: list[Sentence]) -> list[Mark]:
    marks = []
    for index in structure.opening_indexes(sentences):
        sentence = sentences[index]
        found = structure.legal_text(sentence.text)
        if found:
            marks.append(
                Mark(
                    sentence.start,
                    sentence.end,
                    LEGAL_OPENING,
                    sentence.text,
                    _(
                        "Juridische tekst aan het begin van de brief (%(found)s). Begin met de "
                        "kern: wat is er aan de hand en wat moet de lezer doen. Zet de regels "
                        "over de wet en bezwaar op de achterkant."
                    )
                    % {"found": ", ".join(dict.fromkeys(f.lower() for f in found))},
                )
            )
    return marks


def _advice(text: str, marks: list[Mark]) -> list[Advice]:
    advice = []
    if any(mark.kind == LEGAL_OPENING for mark in marks):
        advice.append(
            Advice(
                CORE_FIRST,
                _(
                    "Zet de kern van de boodschap in een paar zinnen bovenaan de voorkant. "
                    "De tekst die de wet vraagt, zoals bezwaar maken, past op de achterkant."
                ),
            )
        )
    if not structure.says_whom_to_call(text):
        advice.append(
            Advice(
                WHOM_TO_CALL,
                _(
                    "Zeg in de brief wie de lezer kan bellen, met een naam en een "
                    "telefoonnummer. Veel mensen bellen liever dan dat ze een brief terugsturen."
                ),
            )
        )
    return advice

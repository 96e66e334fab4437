"""How well the check agrees with a careful reader: the test letters in tests/letters/.

Verdicts are compared one to one. Marks are compared for the four kinds a reader can annotate
with confidence (official words, passive voice, legal text in the opening, long sentences): an
expected mark is found when the check made a mark of the same kind whose text contains it or
lies inside it. Hard and long words are not annotated, so they are not counted either way.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .checker import check, check_letter

LETTERS_PATH = Path(__file__).resolve().parent / "tests" / "letters" / "letters.yaml"
COMPARED_KINDS = (check.JARGON, check.PASSIVE, check.LEGAL_OPENING, check.LONG_SENTENCE)


@dataclass
class Agreement:
    letters: int = 0
    verdicts_agreed: int = 0
    expected_marks: int = 0
    found_marks: int = 0
    made_marks: int = 0
    right_marks: int = 0
    verdict_misses: list[tuple[str, str, str]] = field(default_factory=list)
    missed: list[tuple[str, str]] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)

    @property
    def verdict_share(self) -> float:
        return self.verdicts_agreed / self.letters

    @property
    def recall(self) -> float:
        return self.found_marks / self.expected_marks if self.expected_marks else 1.0

    @property
    def precision(self) -> float:
        return self.right_marks / self.made_marks if self.made_marks else 1.0


def load_letters(path: Path = LETTERS_PATH) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _matches(expected: tuple[str, str], made: tuple[str, str]) -> bool:
    (kind_e, text_e), (kind_m, text_m) = expected, made
    return kind_e == kind_m and (text_e in text_m or text_m in text_e)


def measure(letters: list[dict]) -> Agreement:
    result = Agreement()
    for letter in letters:
        outcome = check_letter(letter["text"])
        result.letters += 1
        if outcome.verdict == letter["verdict"]:
            result.verdicts_agreed += 1
        else:
            result.verdict_misses.append((letter["name"], letter["verdict"], outcome.verdict))
        expected = [tuple(p.strip() for p in m.split(":", 1)) for m in letter["marks"]]
        made = [(m.kind, m.text) for m in outcome.marks if m.kind in COMPARED_KINDS]
        result.expected_marks += len(expected)
        result.made_marks += len(made)
        for item in expected:
            if any(_matches(item, m) for m in made):
                result.found_marks += 1
            else:
                result.missed.append((letter["name"], f"{item[0]}: {item[1]}"))
        for item in made:
            if any(_matches(e, item) for e in expected):
                result.right_marks += 1
            else:
                result.extra.append((letter["name"], f"{item[0]}: {item[1][:50]}"))
    return result

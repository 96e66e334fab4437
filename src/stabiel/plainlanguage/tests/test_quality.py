"""The check against the test letters: the floors sit a little under the measured agreement
(docs/plain-language.md), so a change that makes the check worse fails here."""

from stabiel.plainlanguage.quality import COMPARED_KINDS, load_letters, measure


def test_there_are_at_least_40_letters_of_each_sort():
    letters = load_letters()
    assert len(letters) >= 40
    assert len({letter["name"] for letter in letters}) == len(letters)
    verdicts = [letter["verdict"] for letter in letters]
    assert verdicts.count("B1") >= 15 and verdicts.count("niet B1") >= 15
    for letter in letters:
        for mark in letter["marks"]:
            kind, _sep, text = mark.partition(": ")
            assert kind in COMPARED_KINDS and text in letter["text"], (letter["name"], mark)


def test_the_check_agrees_with_the_letters():
    result = measure(load_letters())
    assert result.verdict_share >= 0.9, result.verdict_misses
    assert result.recall >= 0.9, result.missed
    assert result.precision >= 0.8, result.extra

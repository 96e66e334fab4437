import pytest

from stabiel.meetings.anonymity import PersonName, contains_bsn, fold, names_in, problems

NAMES = [
    PersonName("Jan Willem", "van der", "Berg"),
    PersonName("Éva", "", "Öztürk"),
    PersonName("Fleur", "", "Jansen-de Vries"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bewoner met BSN 123456782 heeft schulden", True),  # plain nine digits
        ("bsn 123.456.782", True),  # with dots
        ("bsn 123 456 782", True),  # with spaces
        ("bsn 1234 56 782", True),  # other grouping
        ("nummer 123456789 klopt niet", False),  # nine digits that fail the eleven-test
        ("huurachterstand van 1234567 euro", False),  # too few digits
        ("rekening NL91ABNA0417164300", False),  # IBAN digits run on: ten digits, not a BSN
        ("telefoon 0612345678", False),  # ten digits
        ("", False),  # empty text
    ],
)
def test_contains_bsn(text, expected):
    assert contains_bsn(text) is expected


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Gesprek met meneer Van Der Berg over de huur", ["van der Berg"]),  # prefix, capitals
        ("VAN DER BERG belt niet terug", ["van der Berg"]),  # all capitals
        ("Berg heeft schulden", ["van der Berg"]),  # surname without its prefix
        ("mevrouw Ozturk woont er sinds 2019", ["Öztürk"]),  # accents left out
        ("Eva gaat naar school", ["Öztürk"]),  # given name without accent
        ("Jan-Willem werkt niet", ["van der Berg"]),  # given names written together
        ("de familie Jansen", ["Jansen-de Vries"]),  # one part of a double surname
        ("De vader heeft een bergfiets", []),  # 'berg' inside another word is no name
        ("Moeder en oudste zoon, huurachterstand van drie maanden", []),  # anonymous summary
    ],
)
def test_names_in(text, found):
    assert names_in(text, NAMES) == found


def test_fold_removes_accents_and_punctuation():
    assert fold("Öztürk, Éva!") == "ozturk eva"


def test_problems_lists_every_reason():
    text = "Jan van der Berg (HH-1A2B3C), BSN 123.456.782"
    messages = problems(text, NAMES, labels=["HH-1A2B3C"])
    assert len(messages) == 3
    assert problems("Alleenstaande vader, dreigende uitzetting", NAMES, ["HH-1A2B3C"]) == []

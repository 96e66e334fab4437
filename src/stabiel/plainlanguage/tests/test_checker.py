"""The pure checker: tables of small cases, one comment per row."""

import io
import zipfile

import docx
import pytest

from stabiel.plainlanguage.checker import (
    LetterInputError,
    check,
    check_letter,
    passive,
    structure,
    text_from_upload,
    words,
)
from stabiel.plainlanguage.checker.jargon import JargonPair, default_pairs, find_jargon
from stabiel.plainlanguage.checker.text import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wij bellen u. Komt u ook?", 2),  # full stop and question mark end a sentence
        ("Dit is bijv. een zin. En dit d.d. 1 mei ook.", 2),  # abbreviations do not
        ("Het kost 1.250 euro per maand.", 1),  # a number with a full stop does not
        ("Beste mevrouw Jansen,\n\nWij willen u spreken.", 2),  # salutation on its own line
        ("Gemeente Zeist\nPostbus 1\n3700 AA Zeist", 3),  # address lines are separate
        ("12-03-2026\n\nWij bellen u.", 1),  # a line with only a date has no words
    ],
)
def test_sentences(text, expected):
    assert len(split_sentences(text)) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("over", 2),  # pyphen leaves it whole; vowel groups count two
        ("gemeente", 3),  # ge-meen-te
        ("ondersteuning", 4),  # on-der-steu-ning
        ("coördinatie", 5),  # the diaeresis starts a syllable
        ("wij", 1),  # ij is one vowel
    ],
)
def test_syllables(word, expected):
    assert words.syllables(word) == expected


@pytest.mark.parametrize(
    ("word", "rare"),
    [
        ("huis", False),  # very common
        ("huurachterstand", False),  # rare itself, but huur + achterstand are common
        ("subrogatie", True),  # rare and no common parts
    ],
)
def test_rare_words(word, rare):
    assert words.is_rare(word) is rare


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("Uw aanvraag wordt door ons beoordeeld.", True),  # wordt ... door ... participle
        ("Er is besloten dat u geld krijgt.", True),  # is + participle
        ("U wordt erop gewezen dat u moet betalen.", True),  # 'wordt u erop gewezen'
        ("Wij weten dat uw aanvraag afgewezen is.", True),  # participle before the auxiliary
        ("Wij hebben uw aanvraag ontvangen.", False),  # active: hebben + participle
        ("Er is iets gebeurd met uw huur.", False),  # is + gebeurd is active
        ("U wordt volgende maand 18 jaar.", False),  # worden as 'become'
        ("Dat is belangrijk voor u.", False),  # zijn + adjective
    ],
)
def test_passive(sentence, found):
    sentences = split_sentences(sentence)
    assert bool(passive.find_passives(sentences[0].lower_words)) is found


def test_the_list_has_at_least_300_pairs_and_each_term_once():
    pairs = default_pairs()
    assert len(pairs) >= 300
    assert len({p.term for p in pairs}) == len(pairs)
    assert {("indien", "als"), ("teneinde", "om"), ("bescheiden", "papieren")} <= {
        (p.term, p.plain) for p in pairs
    }


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("Indien u vragen heeft", ["indien"]),  # capitals do not matter
        ("Dit doen wij in het kader van de wet", ["in het kader van"]),  # longest phrase wins
        ("De mededeling is klaar", []),  # whole words only: 'mede' inside a word is no match
        ("Ter  attentie   van mevrouw", ["ter attentie van"]),  # any spacing in a phrase
        ("Brief d.d. 3 mei", ["d.d."]),  # an abbreviation with full stops
    ],
)
def test_jargon_matching(text, terms):
    found = [pair.term for _s, _e, pair in find_jargon(text, default_pairs())]
    assert found == terms


def test_a_municipality_pair_is_found_and_wins_over_the_national_alternative():
    extra = (JargonPair("indien", "wanneer"), JargonPair("keukentafelgesprek", "gesprek thuis"))
    result = check_letter("Indien u wilt, komt er een keukentafelgesprek.", extra_jargon=extra)
    jargon = [m for m in result.marks if m.kind == check.JARGON]
    assert [m.text for m in jargon] == ["Indien", "keukentafelgesprek"]
    assert "wanneer" in jargon[0].explanation


JARGON_LETTER = (
    "Geachte heer Jansen,\n\n"
    "Ingevolge artikel 35 van de Participatiewet delen wij u mede dat uw aanvraag door ons in "
    "behandeling is genomen. Teneinde uw aanvraag te kunnen beoordelen, verzoeken wij u om, "
    "indien u hierover beschikt, de navolgende bescheiden uiterlijk binnen twee weken aan ons "
    "te verstrekken.\n\nHoogachtend,\nHet college"
)
PLAIN_LETTER = (
    "Beste meneer Jansen,\n\n"
    "Wij hebben uw aanvraag voor extra geld gekregen. Wij willen graag met u praten. "
    "Dan weten we wat u nodig heeft. Wilt u uw bankafschriften van de laatste drie maanden "
    "meenemen?\n\nHeeft u vragen? Bel Sanne de Vries van het wijkteam op 030-1234567.\n\n"
    "Met vriendelijke groet,\nSanne de Vries"
)


def test_a_letter_full_of_jargon_is_not_b1_and_every_mark_points_at_its_text():
    result = check_letter(JARGON_LETTER)
    assert result.verdict == "niet B1"
    assert result.reasons
    kinds = {m.kind for m in result.marks}
    assert {check.JARGON, check.PASSIVE, check.LONG_SENTENCE, check.LEGAL_OPENING} <= kinds
    for mark in result.marks:
        assert JARGON_LETTER[mark.start : mark.end] == mark.text
        assert mark.explanation
    assert {a.kind for a in result.advice} == {check.CORE_FIRST, check.WHOM_TO_CALL}


def test_a_plain_letter_is_b1_and_says_whom_to_call():
    result = check_letter(PLAIN_LETTER)
    assert result.verdict == "B1", result.reasons
    assert not [m for m in result.marks if m.kind == check.JARGON]
    assert result.advice == ()
    assert result.figures.flesch_douma >= check.MIN_FLESCH_DOUMA


def test_the_checker_never_changes_the_text():
    text = JARGON_LETTER
    check_letter(text)
    assert text == JARGON_LETTER


@pytest.mark.parametrize(
    ("text", "calls"),
    [
        ("Bel ons op 030-1234567.", True),  # phone number and 'bel'
        ("Bel ons gerust.", False),  # no number
        ("Telefoon: 14 030", True),  # the municipal short number
    ],
)
def test_whom_to_call(text, calls):
    assert structure.says_whom_to_call(text) is calls


# Bad input --------------------------------------------------------------------------------


def _docx(paragraphs=(), image=False) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    if image:
        # Add a picture file the way Word stores one; the document itself has no text.
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
            for item in src.infolist():
                dst.writestr(item, src.read(item.filename))
            dst.writestr("word/media/image1.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
        data = out.getvalue()
    return data


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("leeg.txt", b"   \n ", "geen tekst"),  # empty
        ("groot.txt", b"a" * (10 * 1024 * 1024), "te groot"),  # 10 MB
        ("brief.docx", bytes(range(256)) * 40, "geen Word-bestand"),  # binary with a .docx name
        ("brief.docx", _docx(image=True), "alleen afbeeldingen"),  # images only
        ("brief.pdf", b"%PDF-1.4", "Kies een .docx- of .txt-bestand"),  # another kind of file
        ("bin.txt", b"\x00\x01\x02" * 100, "geen gewone tekst"),  # binary with a .txt name
        (
            "english.txt",
            b"Dear Sir, we have received your application and we will contact you "
            b"within two weeks. Please call us if you have any questions about this letter.",
            "Engels",
        ),  # another language
        (
            "deutsch.txt",
            "Sehr geehrte Frau Müller, wir haben Ihren Antrag erhalten und wir werden uns "
            "bald bei Ihnen melden. Bitte rufen Sie uns an.".encode(),
            "Duits",
        ),  # another language
    ],
)
def test_bad_input_gets_a_plain_message(name, data, message):
    with pytest.raises(LetterInputError) as exc:
        text_from_upload(name, data)
    assert message in str(exc.value)


def test_a_docx_with_text_is_read():
    data = _docx(["Beste mevrouw,", "Wij willen graag met u praten."])
    assert "Wij willen graag met u praten." in text_from_upload("brief.docx", data)

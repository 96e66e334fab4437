"""Letters in: pasted text or an uploaded .docx or .txt. Anything we cannot read gets a plain
Dutch message (LetterInputError) and nothing is kept."""

import io
import zipfile

import docx
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .language import other_language

# About forty pages of letter text; a five-page letter is some 15,000 characters.
MAX_CHARS = 100_000
MAX_FILE_BYTES = 2 * 1024 * 1024
# A .docx is a zip; its text part may not unpack to more than this (a zip bomb stays small).
MAX_DOCX_XML_BYTES = 20 * 1024 * 1024
LANGUAGE_NAMES = {
    "en": gettext_lazy("Engels"),
    "de": gettext_lazy("Duits"),
    "fr": gettext_lazy("Frans"),
}


class LetterInputError(ValueError):
    """A letter we cannot check; the message is plain Dutch and says what to do."""


def validate_text(text: str) -> str:
    """The text to check, or LetterInputError: empty, too long, binary, or not Dutch."""
    if text is None or not text.strip():
        raise LetterInputError(
            _("Er is geen tekst om te toetsen. Plak een brief of kies een bestand.")
        )
    if len(text) > MAX_CHARS:
        raise LetterInputError(
            _(
                "Deze tekst is te lang: %(n)s tekens. De toets werkt voor brieven tot "
                "%(max)s tekens (ongeveer veertig bladzijden)."
            )
            % {"n": f"{len(text):,}".replace(",", "."), "max": f"{MAX_CHARS:,}".replace(",", ".")}
        )
    if "\x00" in text or _control_share(text) > 0.01:
        raise LetterInputError(
            _(
                "Dit lijkt geen gewone tekst. Plak de tekst van de brief of kies een .docx- of .txt-bestand."
            )
        )
    language = other_language(text)
    if language is not None:
        name = LANGUAGE_NAMES.get(language)
        if name:
            message = _(
                "Deze tekst lijkt in het %(language)s geschreven. De toets werkt alleen voor "
                "brieven in het Nederlands."
            ) % {"language": name}
        else:
            message = _(
                "Deze tekst lijkt niet in het Nederlands geschreven. De toets werkt alleen "
                "voor brieven in het Nederlands."
            )
        raise LetterInputError(message)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _control_share(text: str) -> float:
    sample = text[:20_000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / max(1, len(sample))


def text_from_upload(name: str, data: bytes) -> str:
    """Text of an uploaded .docx or .txt file, checked like pasted text."""
    lower = (name or "").lower()
    if len(data) > MAX_FILE_BYTES:
        raise LetterInputError(
            _("Dit bestand is te groot. Kies een bestand tot 2 MB, of plak de tekst van de brief.")
        )
    if lower.endswith(".txt"):
        return validate_text(_decode(data))
    if lower.endswith(".docx"):
        return validate_text(_docx_text(data))
    raise LetterInputError(_("Kies een .docx- of .txt-bestand, of plak de tekst van de brief."))


def _decode(data: bytes) -> str:
    if b"\x00" in data[:10_000]:
        raise LetterInputError(
            _(
                "Dit bestand bevat geen gewone tekst. Kies een .txt-bestand met de tekst van de brief."
            )
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _docx_text(data: bytes) -> str:
    not_word = LetterInputError(
        _(
            "Dit bestand is geen Word-bestand (.docx) dat we kunnen lezen. Sla de brief in Word "
            "op als .docx, of plak de tekst."
        )
    )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise not_word
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise not_word
            if archive.getinfo("word/document.xml").file_size > MAX_DOCX_XML_BYTES:
                raise LetterInputError(_("Dit Word-bestand is te groot om te toetsen."))
            has_images = any(name.startswith("word/media/") for name in names)
        document = docx.Document(io.BytesIO(data))
    except LetterInputError:
        raise
    except Exception as exc:  # python-docx raises many kinds for a damaged file
        raise not_word from exc
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.extend(cell.text for cell in row.cells)
    text = "\n".join(paragraphs).strip()
    if not text and has_images:
        raise LetterInputError(
            _(
                "In dit Word-bestand staan alleen afbeeldingen, geen tekst. De toets kan geen "
                "tekst in een afbeelding lezen. Plak de tekst van de brief."
            )
        )
    return text

"""One check from the page, the API or the command: the text in, the result out, nothing kept."""

from pathlib import Path

from .checker import Result, check_letter, text_from_upload, validate_text
from .checker.jargon import JargonPair

SAMPLE_PATH = Path(__file__).resolve().parent / "data" / "voorbeeldbrief.txt"


def letter_check(
    *,
    text: str | None = None,
    file_name: str | None = None,
    file_data: bytes | None = None,
    extra_jargon: tuple[JargonPair, ...] = (),
) -> tuple[str, Result]:
    """The letter's text and its result; LetterInputError with a Dutch message for bad input.

    A file wins over pasted text when both are given (the page says so).
    """
    if file_data is not None:
        letter = text_from_upload(file_name or "", file_data)
    else:
        letter = validate_text(text or "")
    return letter, check_letter(letter, extra_jargon=extra_jargon)


def sample_letter() -> str:
    """A municipal letter full of official words, written for Stabiel, to try the check."""
    return SAMPLE_PATH.read_text(encoding="utf-8")

"""The B1 letter checker: plain modules without the ORM, so they run anywhere (page, API,
command, tests) and never see a resident. ``check_letter`` is the one entry point."""

from .check import Advice, Figures, Mark, Result, check_letter
from .documents import LetterInputError, text_from_upload, validate_text

__all__ = [
    "Advice",
    "Figures",
    "LetterInputError",
    "Mark",
    "Result",
    "check_letter",
    "text_from_upload",
    "validate_text",
]

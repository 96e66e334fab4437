"""manage.py letter_check FILE… [--json]: check letters (.txt or .docx) in bulk.

With --json: one JSON object per file, one per line (file, verdict, figures, marks, advice;
a file that cannot be read gets file and error). Exit status 1 when a file is not B1 or cannot
be read, so a script can stop on it.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from stabiel.plainlanguage import checking
from stabiel.plainlanguage.checker import LetterInputError
from stabiel.plainlanguage.checker.documents import MAX_FILE_BYTES


class Command(BaseCommand):
    help = "Toetst brieven (.txt of .docx) op taalniveau B1."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--json", action="store_true", help="Eén JSON-object per bestand.")

    def handle(self, *args, files, json: bool = False, **options):
        failed = False
        for name in files:
            path = Path(name)
            try:
                if not path.is_file():
                    raise LetterInputError(_("Dit bestand bestaat niet."))
                with path.open("rb") as handle:
                    data = handle.read(MAX_FILE_BYTES + 1)
                _letter, result = checking.letter_check(file_name=path.name, file_data=data)
            except LetterInputError as exc:
                failed = True
                self._error(name, str(exc), as_json=json)
                continue
            failed = failed or not result.is_b1
            if json:
                self.stdout.write(_dumps({"file": name, **result.as_dict()}))
            else:
                self._human(name, result)
        if failed:
            raise SystemExit(1)

    def _error(self, name: str, message: str, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(_dumps({"file": name, "error": message}))
        else:
            self.stderr.write(f"{name}: {message}")

    def _human(self, name: str, result) -> None:
        f = result.figures
        self.stdout.write(
            f"{name}: {result.verdict} — {f.words} woorden, {f.sentences} zinnen, "
            f"gemiddeld {f.average_sentence_length} woorden per zin, Flesch-Douma {f.flesch_douma}"
        )
        for reason in result.reasons:
            self.stdout.write(f"  - {reason}")
        for mark in result.marks:
            self.stdout.write(f"  [{mark.start}-{mark.end}] {mark.kind}: {mark.text[:60]!r}")
        for item in result.advice:
            self.stdout.write(f"  advies: {item.explanation}")


def _dumps(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False)

"""Agreement of the B1 check with the test letters (docs/plain-language.md).

.venv/bin/python benchmarks/plainlanguage_quality.py [--details]
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stabiel.conf.dev")

import django

django.setup()

from stabiel.plainlanguage.quality import load_letters, measure  # noqa: E402


def main() -> None:
    result = measure(load_letters())
    print(f"letters: {result.letters}")
    print(
        f"verdicts agreed: {result.verdicts_agreed}/{result.letters} ({result.verdict_share:.0%})"
    )
    print(
        f"marks found (recall): {result.found_marks}/{result.expected_marks} ({result.recall:.0%})"
    )
    print(
        f"marks right (precision): {result.right_marks}/{result.made_marks} ({result.precision:.0%})"
    )
    if "--details" in sys.argv:
        for name, expected, got in result.verdict_misses:
            print(f"verdict  {name}: expected {expected}, got {got}")
        for name, mark in result.missed:
            print(f"missed   {name}: {mark}")
        for name, mark in result.extra:
            print(f"extra    {name}: {mark}")


if __name__ == "__main__":
    main()

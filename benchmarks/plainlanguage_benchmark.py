"""Time to check a five-page letter (about 2,500 words, 15,000 characters).

    .venv/bin/python benchmarks/plainlanguage_benchmark.py [--pages 5] [--runs 20]

Builds the letter from the test letters (plain and official ones mixed). A running server has
loaded the word lists (wordfreq, pyphen, the official-word pattern) with its first check, so a
short letter is checked first and that time is reported apart; then the five-page letter is
checked with the per-word caches emptied before each run (as for a letter never seen), and the
median and the slowest run are reported. The page, the API and the command run this function.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stabiel.conf.dev")

import django

django.setup()

from stabiel.plainlanguage.checker import check_letter, words  # noqa: E402
from stabiel.plainlanguage.quality import load_letters  # noqa: E402

WORDS_PER_PAGE = 500


def letter_of(pages: int) -> str:
    bodies = [letter["text"] for letter in load_letters()]
    text, i = "", 0
    while len(text.split()) < pages * WORDS_PER_PAGE:
        text += bodies[i % len(bodies)] + "\n"
        i += 1
    return text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=5)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    text = letter_of(args.pages)
    started = time.perf_counter()
    check_letter("Beste meneer Jansen, wij bellen u morgen. Groet, Sanne")
    first = time.perf_counter() - started
    times = []
    for _ in range(args.runs):
        for cache in (words.zipf, words.syllables, words.is_clear_compound):
            cache.cache_clear()
        started = time.perf_counter()
        result = check_letter(text)
        times.append(time.perf_counter() - started)
    print(
        f"{args.pages} pages: {len(text.split())} words, {len(text)} characters, "
        f"{len(result.marks)} marks"
    )
    print(f"first check of the process, a short letter (loads the word lists): {first:.3f} s")
    print(
        f"{args.runs} checks, empty word caches: median {statistics.median(times):.3f} s, slowest {max(times):.3f} s"
    )


if __name__ == "__main__":
    main()

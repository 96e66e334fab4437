"""The sample extracts shipped for the demo municipality (GM0355), made by sample.py."""

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SAMPLE_EXTRACT = FIXTURES / "brp-gm0355-voorbeeld.csv"
SAMPLE_CHANGES = FIXTURES / "brp-gm0355-wijzigingen.csv"
SAMPLES = {"voorbeeld": SAMPLE_EXTRACT, "wijzigingen": SAMPLE_CHANGES}

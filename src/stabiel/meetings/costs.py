"""National starting figures for 'the cost of not helping'. Every municipality edits its own.

City Deal Eenvoudig Maatwerk (Integraal werken, 2018) advises an average estimate of what it
costs when a household is not helped, set against what helping now costs. The seeds give no
amounts: each figure says where it comes from, or that it is a local setting to fill in.
"""

from decimal import Decimal

DEFAULT_FIGURES = [
    # code, label, unit, amount, source
    (
        "eviction",
        "Huisuitzetting",
        "per uitzetting",
        Decimal("7500"),
        "Stichting Eropaf!, Quickscan versterken preventie huisuitzettingen (2014): "
        "gemiddeld tussen 5.000 en 10.000 euro per uitzetting; hier het midden.",
    ),
    (
        "shelter",
        "Maatschappelijke opvang of nachtopvang",
        "per maand",
        Decimal("3000"),
        "Lokale instelling: voorbeeldbedrag. Vul het tarief van de eigen opvang in.",
    ),
    (
        "police",
        "Politie-inzet bij overlast of crisis",
        "per inzet",
        Decimal("500"),
        "Lokale instelling: voorbeeldbedrag. Vraag de politie om een eigen schatting.",
    ),
    (
        "crisis_care",
        "Crisiszorg (ggz-crisisdienst, crisisopname)",
        "per keer",
        Decimal("1500"),
        "Lokale instelling: voorbeeldbedrag. Vul het tarief van de eigen crisisdienst in.",
    ),
]

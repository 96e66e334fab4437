"""The three kinds of meeting every municipality starts with (DOMAIN.md part 5, seed 003).

Pure data. The functional administrator may rename them and change who sits at the table; the
data migration that gave existing municipalities their kinds keeps its own frozen copy.
"""

# code (= base), name, who sits at the table, personal data allowed
DEFAULT_KINDS = (
    (
        "signalling",
        "Signaleringsoverleg",
        "Het team met partners die bewoners inbrengen, zoals huisarts, wijkagent en huismeester.",
        True,
    ),
    (
        "case_table",
        "Casustafel (anoniem)",
        "Vaste deelnemers van gemeente en partners die mogen beslissen; een teamleider brengt "
        "de casus in.",
        False,
    ),
    (
        "custom_table",
        "Maatwerktafel",
        "Eén deelnemer per partij, met een breed mandaat.",
        True,
    ),
)

"""Small counts in the neighbourhood table are hidden. Pure, no database.

A count under the threshold is hidden (primary). Areas nest: neighbourhoods add up to their
district, districts to the municipality, and the larger number is shown. When just one area under
a shown parent is hidden, it could be worked out from the parent minus its siblings, so the
smallest shown sibling is hidden too (secondary). Every hidden value shows the same mark.
Percentages (survey figures) are not counts of people and are shown as the source gives them.
"""

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal

from .figures import parent_code


def hidden_codes(values: Mapping[str, Decimal], threshold: int) -> set[str]:
    """The area codes whose count may not be shown. `values`: area code -> count."""
    hidden = {code for code, value in values.items() if value < threshold}
    children: dict[str, list[str]] = defaultdict(list)
    for code in values:
        parent = parent_code(code)
        if parent is not None:
            children[parent].append(code)
    changed = True
    while changed:
        changed = False
        for parent, kids in children.items():
            if parent not in values or parent in hidden:
                # Without a shown parent a lone hidden child cannot be worked out from it.
                continue
            hidden_kids = [k for k in kids if k in hidden]
            shown_kids = sorted((k for k in kids if k not in hidden), key=lambda k: values[k])
            if len(hidden_kids) == 1:
                # A sibling goes too; an only child would be its parent's number, so that goes.
                hidden.add(shown_kids[0] if shown_kids else parent)
                changed = True
    return hidden

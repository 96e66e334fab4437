"""Small counts in the neighbourhood table are hidden. Pure, no database.

A count under the threshold is hidden (primary). Areas nest: neighbourhoods add up to their
district, districts to the municipality. Each parent with its children is one sum, and a sum with
exactly one hidden number gives that number away: a hidden child is its parent minus its shown
siblings, and a hidden parent is the sum of its shown children (a district hidden beside a small
one, whose only neighbourhood is shown, is that neighbourhood's number). So while some sum has
exactly one hidden number, a second one in it is hidden too (secondary): the smallest shown child,
or the parent when there is no shown child. Because the sums form a tree, a table in which every
sum has no hidden number or at least two lets no hidden number be worked out (the property test
solves the sums to check this). Every hidden value shows the same mark.
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
        if parent is not None and parent in values:
            children[parent].append(code)
    changed = True
    while changed:
        changed = False
        for parent, kids in sorted(children.items()):
            if sum(1 for code in (parent, *kids) if code in hidden) != 1:
                continue  # nothing hidden, or at least two unknowns in this sum
            shown_kids = sorted((k for k in kids if k not in hidden), key=lambda k: (values[k], k))
            # A hidden parent: hide its smallest child. A hidden child: its smallest shown
            # sibling, or (an only child) the parent, whose number it would otherwise be.
            hidden.add(shown_kids[0] if shown_kids else parent)
            changed = True
    return hidden

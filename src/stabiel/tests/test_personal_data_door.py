"""Household and person rows are read only through the access door (CONVENTIONS.md).

The residents app owns the tables: its door (`residents/access.py`) opens a household or person
for a person to see and logs who, when and why; its queries (`residents/queries.py`) answer
with pseudonymous rows, ids and areas only. Every other module reaches them through those two.
The few exceptions below each say why; the list is checked both ways, so a new direct read
fails and an exception that is no longer needed must be removed.
"""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1]
# Modules allowed to query these models directly, each with its reason.
ALLOWED = {
    # inside the residents app
    "residents/access.py": "the door itself: opens, checks role/team or permission, logs",
    "residents/queries.py": "pseudonymous reads: a subject by pseudonym, areas of households",
    "residents/services.py": "writes: registering, moving, merging",
    "residents/register/applying.py": "the register feed: writes who lives where, shows nothing",
    "residents/demo.py": "writes the fictitious demo population",
    # outside it: set-based work on pseudonymous rows that shows nobody
    "signals/services.py": "a partner's subject by pseudonym, held signals matched by the feed",
    "signals/importing/pipeline.py": "a file's pseudonyms to household ids, in bulk, shows nothing",
    "earlywarning/matching.py": "names on a batch's signals against the register, in bulk (SQL)",
    # demo files for partners (fictitious residents)
    "privacy/purge.py": "retention: deletes households and persons with nothing left",
    "signals/samples.py": "demo sample file from demo addresses",
    "earlywarning/samples.py": "sample partner files from demo addresses",
    # screens that show names of a household already opened through the door
    "supporters/members.py": "names of the members of a household opened through the door",
    "cases/queries.py": "members of a case's household, opened through the door with a purpose",
    "safety/queries.py": "members of a case's household, opened through the door with a purpose",
}
MODELS = r"(Household|Person|PersonIdentity|HouseholdAddress|Membership)"
# The ORM's managers, and SQL written against the tables by name.
PATTERN = re.compile(
    rf"\b{MODELS}\.(objects|_default_manager|_base_manager)\b"
    rf"|\b{MODELS}\._meta\.db_table\b"
    r"|\bresidents_(household|person|personidentity|householdaddress|membership)\b"
    rf"|model\(\s*[\"']residents[\"']?\s*[.,]\s*[\"']?{MODELS}[\"']"  # get_model("residents.Person")
)


def _sources():
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in relative:
            continue
        yield relative, path.read_text(encoding="utf-8")


def test_no_other_module_queries_personal_data_directly():
    offenders = [
        relative
        for relative, text in _sources()
        if relative not in ALLOWED and PATTERN.search(text)
    ]
    assert not offenders, f"query households/persons through stabiel.residents.access: {offenders}"


def test_every_exception_is_still_needed():
    texts = dict(_sources())
    stale = [module for module in ALLOWED if not PATTERN.search(texts.get(module, ""))]
    assert not stale, f"no longer reads households/persons directly, remove from ALLOWED: {stale}"


def test_the_check_sees_the_ways_in():
    for line in (
        "Person.objects.filter(pk=1)",
        "Membership.objects.filter(end_on__isnull=True)",
        "Household._default_manager.all()",
        'f"SELECT * FROM {PersonIdentity._meta.db_table}"',
        '"SELECT surname FROM residents_personidentity"',
        'apps.get_model("residents.Person").objects.all()',
        'apps.get_model("residents", "Household")',
    ):
        assert PATTERN.search(line), line
    assert not PATTERN.search("households_visible_to(actor).filter(pk=1)")
    assert not PATTERN.search("DebtSignal.objects.filter(household_id=1)")
    assert not PATTERN.search('models.ForeignKey("residents.Household", on_delete=PROTECT)')

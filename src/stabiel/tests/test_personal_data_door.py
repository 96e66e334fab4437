"""Household and person rows are read only through the access door (CONVENTIONS.md)."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1]
# Modules allowed to query these models directly, each with its reason.
ALLOWED = {
    "residents/access.py",  # the door itself
    "residents/services.py",  # writes: registering, moving, merging
    "residents/register/applying.py",  # the register feed: writes who lives where, shows nothing
    "residents/queries.py",  # a partner's subject by pseudonym (pseudonymous rows, nothing shown)
    "signals/services.py",  # locating a partner's subject by pseudonym
    "signals/demo.py",  # creates the demo population
    "signals/importing/pipeline.py",  # builds pseudonym lookups for matching (no data is shown)
    "signals/samples.py",  # demo sample file from demo addresses
    "earlywarning/matching.py",  # compares names on a batch's signals with the register, in bulk
    "earlywarning/samples.py",  # sample partner files from demo addresses
    "rules/engine.py",  # reads area ids for routing
    "rules/queries.py",  # what-if: household -> team for counts only, nothing shown per household
    "supporters/members.py",  # names of the members of a household already opened through the door
    "privacy/inspection.py",  # inspection/correction requests: person by BSN pseudonym, logged
    "privacy/purge.py",  # retention purge: deletes households/persons with nothing left
}
PATTERN = re.compile(r"\b(Household|Person|PersonIdentity|HouseholdAddress)\.objects\b")


def test_no_other_module_queries_personal_data_directly():
    offenders = []
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in relative or relative in ALLOWED:
            continue
        if PATTERN.search(path.read_text(encoding="utf-8")):
            offenders.append(relative)
    assert not offenders, f"query households/persons through stabiel.residents.access: {offenders}"

"""Privacy and access across the case, meeting, supporter, letter, plan and practice apps.

One small world with real objects (a case, a named meeting item, a case-table item, a supporter
mark, a plan with its session, answer, flag and measure, a local practice), then every URL of these
apps, GET and POST, as every outsider: never a 5xx, never another team's data, nothing stored.
Every page that shows a household's data writes an access-log row. Bad input never breaks a form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from stabiel.accounts.roles import Role
from stabiel.accounts.tests.factories import AreaFactory, TeamFactory
from stabiel.cases import referral_services
from stabiel.cases import services as case_services
from stabiel.cases.models import Agreement, Case, Contact, Goal, Referral
from stabiel.catalogue.models import ProvisionType, Shell
from stabiel.core.models import AccessLogEntry
from stabiel.correspondence import services as letter_services
from stabiel.correspondence.models import Letter, PhoneCall, PhoneFirstMark
from stabiel.inventory import services as inventory_services
from stabiel.inventory.tests.conftest import offering_fields
from stabiel.meetings import services as meeting_services
from stabiel.meetings.models import (
    BaseKind,
    FollowUp,
    Meeting,
    MeetingAgreement,
    MeetingItem,
    MeetingParticipant,
)
from stabiel.plainlanguage import services as template_services
from stabiel.plainlanguage.demo import example_templates
from stabiel.plans.models import Answer, Flag, Measure, Participant, Plan, WorkSession
from stabiel.plans.seed import worksheets_load
from stabiel.plans.tests.factories import (
    AnswerFactory,
    FlagFactory,
    MeasureFactory,
    ParticipantFactory,
    PlanFactory,
    WorkSessionFactory,
)
from stabiel.practices.models import Practice
from stabiel.residents.access import household_identity_get
from stabiel.rules.engine import rules_run
from stabiel.rules.models import Alert
from stabiel.rules.services import rules_seed
from stabiel.supporters import services as supporter_services
from stabiel.supporters.models import SupporterMark
from stabiel.supporters.tests.factories import household_with

pytestmark = pytest.mark.django_db

NAMESPACES = {
    "cases",
    "meetings",
    "supporters",
    "correspondence",
    "plans",
    "plan_exports",
    "practices",
}
CASE_ACTIONS = [
    "leads",
    "contact-plan",
    "contact-record",
    "check-ins",
    "assessment",
    "goal",
    "agreement",
    "agreement-status",
    "close",
]
GOAL_TEXT = "Rust in de financien ZWQXDOEL"
NAMED_SUMMARY = "Zorgen over de huur KRWQSIGNAAL"
HANDOVER = "Graag bellen na vijven QZXOVERDRACHT"
TABLE_SUMMARY = "Moeder loopt vast tussen twee loketten"
SUPPORTER = "Pietje Vlamingkx"


@dataclass
class World:
    municipality: object
    other_municipality: object
    team: object
    other_team: object
    household: object
    persons: list
    worker: object
    lead: object
    alert: Alert
    case: Case
    goal: Goal
    agreement: Agreement
    signalling: Meeting
    named_item: MeetingItem
    table: Meeting
    table_item: MeetingItem
    table_agreement: MeetingAgreement
    mark: SupporterMark
    plan: Plan
    session: WorkSession
    participant: Participant
    answer: Answer
    flag: Flag
    measure: Measure
    practice: Practice
    foreign: dict = field(default_factory=dict)
    outsiders: dict = field(default_factory=dict)
    letter: object = None
    phone_mark: object = None
    referral: object = None

    def secrets(self) -> list[str]:
        """What identifies the household or tells its story; never on an outsider's page."""
        found = [self.household.label, GOAL_TEXT, NAMED_SUMMARY, SUPPORTER, HANDOVER]
        for person in self.persons:
            identity = person.identity
            found += [person.label, identity.bsn, identity.surname]
        return found


def _stack(municipality, household, person):
    from stabiel.signals.services import decision_record

    for i, law in enumerate(["wmo", "participatiewet", "beschikkingsvrij"]):
        decision_record(
            municipality=municipality,
            household=household,
            person=person,
            law=law,
            product=f"Product {i}",
            need=f"vraag {i}",
            start_on=date(2026, 1, 1),
            end_on=None,
            reference=f"X{i}",
        )


@pytest.fixture
def world(catalogue, municipality, other_municipality, make_user):
    worksheets_load()
    today = timezone.localdate()
    area = AreaFactory(municipality=municipality, neighbourhood=True)
    team = TeamFactory(municipality=municipality, name="Wijkteam Noord")
    team.areas.add(area)
    other_team = TeamFactory(municipality=municipality, name="Wijkteam Zuid")
    other_team.areas.add(AreaFactory(municipality=municipality, neighbourhood=True))
    foreign_team = TeamFactory(municipality=other_municipality)
    household, persons = household_with(
        municipality,
        area=area,
        people=[("Jozefien", "van der", "Quakkelsteyn"), ("Eva", "", "Oztrukoglu")],
    )
    foreign_household, foreign_persons = household_with(
        other_municipality, people=[("Anna", "de", "Vriesendorp")]
    )
    worker = make_user(Role.ACCESS_WORKER, teams=[team])
    lead = make_user(Role.TEAM_LEAD, teams=[team])

    rules_seed(municipality=municipality, in_force_from=date(2025, 1, 1))
    _stack(municipality, household, persons[0])
    rules_run(municipality_id=municipality.pk, today=today)
    alert = Alert.objects.filter(household=household).first()

    case = case_services.case_open(actor=worker, household=household, team=team, case_lead=worker)
    goal = case_services.goal_add(actor=worker, case=case, text=GOAL_TEXT)
    referral = _referral(municipality, make_user, worker, case, goal)
    agreement = case_services.agreement_add(
        actor=worker,
        case=case,
        what="Samen de post openen",
        owner="household",
        owner_name="Het huishouden",
        due_on=today + timedelta(days=20),
        goal=goal,
        life_domain=None,
        provision_type=None,
    )
    signalling = meeting_services.meeting_plan(
        actor=worker, kind=BaseKind.SIGNALLING, held_on=today, team=team
    )
    named_item = meeting_services.item_put_forward(
        actor=worker,
        meeting=signalling,
        household=household,
        put_forward_by="Woningcorporatie",
        summary=NAMED_SUMMARY,
    )
    table = meeting_services.meeting_plan(
        actor=lead, kind=BaseKind.CASE_TABLE, held_on=today + timedelta(days=7)
    )
    table_item = meeting_services.item_bring_to_case_table(
        actor=lead, meeting=table, case=case, summary=TABLE_SUMMARY
    )
    table_agreement = meeting_services.agreement_add(
        actor=lead,
        item=table_item,
        what="Een vast aanspreekpunt",
        owner="Gemeente",
        due_on=today + timedelta(days=30),
    )
    mark = supporter_services.mark_create(
        actor=worker,
        household=household,
        person_id=persons[0].pk,
        supporter_name=SUPPORTER,
        supporter_street="Stationsplein 7",
        supporter_postcode="3701AB",
        supporter_city="Zeist",
        reason="Opent de post niet meer",
        consent=True,
        consent_on=today,
        start_on=today,
    )
    example = example_templates()[0]
    letter_template = template_services.template_create(
        actor=make_user(Role.FUNCTIONAL_ADMIN),
        name=example["name"],
        purpose=example["purpose"],
        core_text=example["core"],
        back_text=example["back"],
        activate=True,
    )
    letter_identity = household_identity_get(
        actor=worker, household_id=household.pk, purpose="Brief aan het huishouden maken"
    )
    letter = letter_services.letter_make(
        actor=worker,
        household=household,
        identity=letter_identity,
        person_id=persons[0].pk,
        template_id=letter_template.pk,
        case=case,
    )
    phone_mark = letter_services.phone_first_create(
        actor=worker,
        household=household,
        identity=letter_identity,
        person_id=persons[1].pk,
        reason="stress",
        consent=True,
        consent_on=today,
    )
    plan = PlanFactory(municipality=municipality, year=2027)
    session = WorkSessionFactory(plan=plan)
    participant = ParticipantFactory(session=session)
    answer = AnswerFactory(participant=participant)
    flag = FlagFactory(plan=plan)
    measure = MeasureFactory(plan=plan)
    template = Practice.objects.filter(municipality__isnull=True).first()
    practice = Practice.objects.create(
        municipality=municipality,
        slug="eigen-praktijk-kruis",
        kind="gemeentepraktijk",
        title="Eigen praktijk",
        summary="Een eigen voorbeeld.",
        addresses="Stapeling",
        pillar=template.pillar,
        basic_functions=template.basic_functions,
        publication=template.publication,
        source_ref=template.source_ref,
    )
    foreign_plan = PlanFactory(municipality=other_municipality, year=2027)
    foreign_lead = make_user(Role.TEAM_LEAD, municipality=other_municipality, teams=[foreign_team])
    foreign = {
        "household": foreign_household,
        "person": foreign_persons[0],
        "team": foreign_team,
        "plan": foreign_plan,
        "flag": FlagFactory(plan=foreign_plan),
        "user": foreign_lead,
    }
    # Roles without personal data sit in the household's team: membership alone opens nothing.
    outsiders = {
        "worker of another team": make_user(Role.ACCESS_WORKER, teams=[other_team]),
        "team lead of another team": make_user(Role.TEAM_LEAD, teams=[other_team]),
        "policy adviser": make_user(Role.POLICY_ADVISER, teams=[team]),
        "partner reporter": make_user(
            Role.PARTNER_REPORTER, teams=[team], partner_organisation="Woonstichting"
        ),
        "privacy officer": make_user(Role.PRIVACY_OFFICER, teams=[team]),
        "functional admin": make_user(Role.FUNCTIONAL_ADMIN, teams=[team]),
        "worker of another municipality": make_user(
            Role.ACCESS_WORKER, municipality=other_municipality, teams=[foreign_team]
        ),
        "team lead of another municipality": foreign_lead,
        "policy adviser of another municipality": make_user(
            Role.POLICY_ADVISER, municipality=other_municipality
        ),
        "anonymous": None,
    }
    return World(
        municipality=municipality,
        other_municipality=other_municipality,
        team=team,
        other_team=other_team,
        household=household,
        persons=persons,
        worker=worker,
        lead=lead,
        alert=alert,
        case=case,
        goal=goal,
        agreement=agreement,
        signalling=signalling,
        named_item=named_item,
        table=table,
        table_item=table_item,
        table_agreement=table_agreement,
        mark=mark,
        plan=plan,
        session=session,
        participant=participant,
        answer=answer,
        flag=flag,
        measure=measure,
        practice=practice,
        foreign=foreign,
        outsiders=outsiders,
        letter=letter,
        phone_mark=phone_mark,
        referral=referral,
    )


def _referral(municipality, make_user, worker, case, goal):
    """A warm handover to an offering of the municipality's own inventory."""
    adviser = make_user(Role.POLICY_ADVISER)
    offering = inventory_services.offering_save(
        actor=adviser,
        provider=inventory_services.provider_save(actor=adviser, name="Maatjes (privacy)"),
        provision_type=ProvisionType.objects.get(municipality__isnull=True, code="maatjesproject"),
        shell=Shell.objects.get(municipality__isnull=True, code="informeel"),
        **offering_fields(),
    )
    return referral_services.referral_send(
        actor=worker,
        case=case,
        offering_id=offering.pk,
        goal=goal,
        consent=True,
        handover_note=HANDOVER,
    )


# URLs ------------------------------------------------------------------------------------------


def _patterns():
    """(namespaced name, pattern) of every URL in the apps under review."""
    found = []

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name and namespace in NAMESPACES:
                found.append((f"{namespace}:{pattern.name}", pattern))

    walk(get_resolver().url_patterns)
    return found


PATTERNS = _patterns()

# Which object each URL is about; "personal" ones belong to the household's team only.
PLAN_OBJECTS = {
    "plans:session-detail": "session",
    "plans:session-merged": "session",
    "plans:participant-send": "participant",
    "plans:answer-flag": "answer",
    "plans:flag-edit": "flag",
    "plans:measure-detail": "measure",
    "plans:measure-edit": "measure",
    "plans:session-edit": "session",
    "plans:participant-edit": "participant",
    "plans:answer-correct": "answer",
    "plans:own-question-correct": "answer",  # no own question in the world: a 404 is fine
    "plans:progress-edit": "measure",  # likewise for a progress report
    "plans:shared-adopt": "measure",  # the world's plan is not published: 404
}
# Removing and restoring name the kind of part in the address.
REMOVABLE = ("plan", "werksessie", "deelnemer", "vlag", "maatregel", "antwoord")


def object_urls(w: World) -> list[tuple[str, str, str]]:
    """(name, path, kind) for every URL of the apps, filled with the world's real ids.

    kind: 'personal' (team only), 'table' (anyone at the case table, anonymous), 'policy'
    (the municipality's policy adviser), 'practice' (the municipality), 'list' (no id).
    """
    urls = []
    for name, pattern in PATTERNS:
        keys = set(pattern.pattern.regex.groupindex)
        if name == "plans:answer":
            continue  # the signed participant link; tested in the plans app
        if not keys:
            kind = "list"
            urls.append((name, reverse(name), kind))
        elif name.startswith("cases:"):
            if "alert_pk" in keys:
                urls.append((name, reverse(name, args=[w.alert.pk]), "personal"))
            elif name == "cases:goal-offering":
                args = [w.case.pk, w.goal.pk]
                urls.append((name, reverse(name, args=args) + "?purpose=plan", "personal"))
            elif name == "cases:referral-status":
                args = [w.case.pk, w.referral.pk]
                urls.append((name, reverse(name, args=args) + "?purpose=plan", "personal"))
            elif "action" in keys:
                for action in CASE_ACTIONS:
                    args = [w.case.pk, action] + ([w.agreement.pk] if "item" in keys else [])
                    urls.append((name, reverse(name, args=args), "personal"))
            else:
                urls.append((name, reverse(name, args=[w.case.pk]) + "?purpose=plan", "personal"))
        elif name in ("meetings:meeting-detail", "meetings:put-forward"):
            urls.append((name, reverse(name, args=[w.signalling.pk]), "personal"))
            urls.append((name, reverse(name, args=[w.table.pk]), "table"))
        elif name == "meetings:bring-case":
            urls.append((name, reverse(name, args=[w.table.pk]), "table"))
        elif name == "meetings:kind-edit":
            # A municipal setting, not a household: another municipality's kind of meeting,
            # which nobody here may open or change (its own administrator is not an outsider).
            kind = meeting_services.kinds_ensure(municipality=w.other_municipality)[0]
            urls.append((name, reverse(name, args=[kind.pk]), "personal"))
        elif name == "meetings:item-detail":
            urls.append((name, reverse(name, args=[w.named_item.pk]), "personal"))
            urls.append((name, reverse(name, args=[w.table_item.pk]), "table"))
        elif name == "supporters:mark-create":
            urls.append((name, reverse(name, args=[w.household.pk]), "personal"))
        elif name.startswith("supporters:"):
            urls.append((name, reverse(name, args=[w.mark.pk]), "personal"))
        elif name.startswith("correspondence:") and "household_id" in keys:
            path = reverse(name, args=[w.household.pk]) + f"?casus={w.case.pk}"
            urls.append((name, path, "personal"))
        elif name == "correspondence:phone-first-end":
            urls.append((name, reverse(name, args=[w.phone_mark.pk]), "personal"))
        elif name.startswith("correspondence:"):
            urls.append((name, reverse(name, args=[w.letter.pk]), "personal"))
        elif name in ("plans:part-remove", "plans:part-restore"):
            objects = (w.plan, w.session, w.participant, w.flag, w.measure, w.answer)
            for word, obj in zip(REMOVABLE, objects, strict=True):
                urls.append((name, reverse(name, args=[word, obj.pk]), "policy"))
        elif name.startswith(("plans:", "plan_exports:")):
            obj = getattr(w, PLAN_OBJECTS.get(name, "plan"))
            urls.append((name, reverse(name, args=[obj.pk]), "policy"))
        elif name == "practices:detail":
            urls.append((name, reverse(name, args=[w.practice.slug]), "practice"))
        else:  # a new URL nobody placed here yet: fail loudly rather than skip it
            raise AssertionError(f"place {name} in object_urls")
    return urls


def payloads(w: World) -> list[dict]:
    """An empty POST and one that would change something if the guard were missing."""
    today = timezone.localdate()
    return [
        {},
        {
            "purpose": "plan",
            "action": "decide",
            "text": "Een doel van een buitenstaander",
            "what": "Iets",
            "owner": "Iemand",
            "due_on": (today + timedelta(days=9)).isoformat(),
            "end_on": (today + timedelta(days=60)).isoformat(),
            "consent": "on",
            "breakthrough": "Doorbraak",
            "reasoning": "Afweging",
            "household_involvement": "Meegedacht",
            "follow_up_on": (today + timedelta(days=9)).isoformat(),
            "party": "Buitenstaander",
            "name": "Buitenstaander",
            "title": "Buitenstaander",
            "summary": "Buitenstaander",
            "household": w.household.label,
            "case": str(w.case.pk),
            "status": "done",
            "reason": "Buitenstaander",
            "colour": "red",
            "plan": str(w.plan.pk),
            "offering": str(w.referral.offering_id),
        },
    ]


def state(w: World) -> tuple:
    """Everything an outsider's request could change."""
    mark = SupporterMark.objects.get(pk=w.mark.pk)
    case = Case.objects.get(pk=w.case.pk)
    return (
        Case.objects.count(),
        case.status,
        case.case_lead_id,
        Goal.objects.count(),
        list(Goal.objects.values_list("offering_id", flat=True).order_by("pk")),
        Agreement.objects.count(),
        list(Agreement.objects.values_list("status", flat=True).order_by("pk")),
        Contact.objects.count(),
        list(Referral.objects.values_list("status", "handover_note").order_by("pk")),
        Meeting.objects.count(),
        MeetingItem.objects.count(),
        list(MeetingItem.objects.values_list("status", "summary").order_by("pk")),
        MeetingAgreement.objects.filter(done_on__isnull=False).count(),
        MeetingAgreement.objects.count(),
        MeetingParticipant.objects.count(),
        FollowUp.objects.count(),
        SupporterMark.objects.count(),
        (mark.end_on, mark.ended_on),
        Letter.objects.count(),
        list(Letter.objects.values_list("sent_on", flat=True).order_by("pk")),
        PhoneFirstMark.objects.count(),
        list(PhoneFirstMark.objects.values_list("ended_on", flat=True).order_by("pk")),
        PhoneCall.objects.count(),
        Plan.objects.count(),
        Plan.objects.get(pk=w.plan.pk).title,
        WorkSession.objects.count(),
        Participant.objects.count(),
        Flag.objects.count(),
        Measure.objects.count(),
    )


def _login(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)


def _text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _leaks(w: World, text: str, typed: dict | None = None) -> list[str]:
    """Secrets on the page, apart from what the user typed and gets back in the form."""
    for value in (typed or {}).values():
        text = text.replace(f'value="{value}"', "")
    return [s for s in w.secrets() if s and s in text]


# 2. Team scoping -------------------------------------------------------------------------------

SEATED = {"worker of another team", "team lead of another team"}


def _allowed(kind: str, who: str) -> set[int]:
    """The answers an outsider may get for a URL about someone else's object."""
    if who == "anonymous":
        return {302, 403, 404, 405}
    if kind == "table" and who in SEATED:
        return {200, 302, 400, 403, 404, 405}  # the case table is shared, anonymously
    if kind in ("list", "practice") and "municipality" not in who:
        return {200, 302, 400, 403, 404, 405}
    if kind == "list":
        return {200, 302, 400, 403, 404, 405}
    return {403, 404, 405}


@pytest.mark.parametrize(
    "who",
    [
        "worker of another team",
        "team lead of another team",
        "policy adviser",
        "partner reporter",
        "privacy officer",
        "functional admin",
        "worker of another municipality",
        "team lead of another municipality",
        "policy adviser of another municipality",
        "anonymous",
    ],
)
def test_outsiders_get_nothing_of_another_teams_objects(client, world, who):
    w = world
    user = w.outsiders[who]
    _login(client, user)
    before = state(w)
    problems = []
    for name, path, kind in object_urls(w):
        if kind == "policy" and who == "policy adviser":
            continue  # the plan is theirs
        for data in [None, *payloads(w)]:
            method = "get" if data is None else "post"
            response = getattr(client, method)(path, data or {})
            status = response.status_code
            where = (name, path, method, status)
            if status >= 500 or status not in _allowed(kind, who):
                problems.append(("status", *where))
                continue
            login = reverse("accounts:login")
            if status == 302 and who == "anonymous" and not response["Location"].startswith(login):
                problems.append(("redirect", *where, response["Location"]))
            if status in (200, 400):
                leaked = _leaks(w, _text(response), data)
                if leaked:
                    problems.append(("leak", *where, leaked))
            # At the case table everyone with a seat may record the decision and agreements.
            # The municipality's own adviser may adopt its practice into its plan.
            shared = (kind == "table" and who in SEATED) or (
                kind == "practice" and who == "policy adviser"
            )
            if state(w) != before and not shared:
                problems.append(("stored", *where))
            before = state(w)
    assert not problems, problems
    if user is not None:
        # Nothing opened: the log holds at most refused attempts (kept for the privacy officer).
        assert not (
            AccessLogEntry.objects.filter(user=user, household_label=w.household.label)
            .exclude(action=AccessLogEntry.Action.REFUSED)
            .exists()
        )


@pytest.mark.parametrize(
    "who",
    [
        "worker of another team",
        "team lead of another team",
        "policy adviser",
        "partner reporter",
        "privacy officer",
        "functional admin",
        "worker of another municipality",
        "team lead of another municipality",
    ],
)
def test_lists_exports_and_home_page_show_no_other_teams_household(client, world, who):
    w = world
    _login(client, w.outsiders[who])
    pages = [reverse("home:home") if _has("home:home") else "/"]
    pages += [path for _name, path, kind in object_urls(w) if kind == "list"]
    pages += [
        reverse("cases:case-list") + "?status=closed",
        reverse("cases:case-list") + "?wie=mij",
        reverse("supporters:mark-list") + "?toon=afgelopen",
        reverse("meetings:meeting-list") + f"?soort={BaseKind.SIGNALLING}",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code < 500, page
        if response.status_code == 200:
            assert not _leaks(w, _text(response)), (page, _leaks(w, _text(response)))


def _has(name: str) -> bool:
    try:
        reverse(name)
    except Exception:
        return False
    return True


@pytest.mark.parametrize("who", ["worker of another team", "team lead of another team"])
def test_looking_a_household_up_by_its_label_finds_nothing_outside_the_team(client, world, who):
    """The label 'search' boxes (open a case, put forward, a supporter mark) stay in the team."""
    w = world
    user = w.outsiders[who]
    _login(client, user)
    own_meeting = meeting_services.meeting_plan(
        actor=user, kind=BaseKind.SIGNALLING, held_on=timezone.localdate(), team=w.other_team
    )
    before = state(w)  # taken after the outsider's own meeting exists
    searches = [
        (reverse("cases:case-open"), {"household_label": w.household.label, "team": ""}),
        (reverse("supporters:mark-start"), {"household": w.household.label}),
        (
            reverse("meetings:put-forward", args=[own_meeting.pk]),
            {"household": w.household.label, "put_forward_by": "X", "summary": "X"},
        ),
    ]
    for path, data in searches:
        response = client.post(path, data)
        assert response.status_code in (200, 400), (path, response.status_code)
        text = _text(response)
        assert "Er ging iets mis" in text, path
        assert reverse("supporters:mark-create", args=[w.household.pk]) not in text
    after = state(w)
    assert after[7] == before[7]  # no meeting added by the searches
    assert after[:7] == before[:7] and after[8:] == before[8:]


# 1. Every view of household data is logged -----------------------------------------------------


def _pages_as_owner(w: World) -> list[tuple[str, str]]:
    return [(name, path) for name, path, kind in object_urls(w) if kind in ("personal", "table")]


@pytest.mark.parametrize("owner", ["worker", "lead"])
def test_every_page_with_household_data_writes_an_access_log_row(client, world, owner):
    w = world
    user = getattr(w, owner)
    _login(client, user)
    pages = [(name, path) for name, path, kind in object_urls(w) if kind != "policy"]
    pages += [("cases:case-detail (purpose asked)", reverse("cases:case-detail", args=[w.case.pk]))]
    unlogged = []
    for name, path in pages:
        before = AccessLogEntry.objects.count()
        response = client.get(path)
        if response.status_code != 200:
            continue
        leaked = _leaks(w, _text(response))
        if leaked and AccessLogEntry.objects.count() == before:
            unlogged.append((name, path, leaked))
    assert not unlogged, unlogged
    for row in AccessLogEntry.objects.filter(user=user):
        assert row.username == user.username and row.role and row.shown and row.purpose


@pytest.mark.parametrize("name", ["goal", "agreement", "assessment", "contact-plan", "close"])
def test_a_case_form_shown_again_with_its_error_is_logged(client, world, name):
    """A rejected change shows the case page again: that is a view of the household."""
    w = world
    _login(client, w.worker)
    before = AccessLogEntry.objects.count()
    response = client.post(
        reverse("cases:case-action", args=[w.case.pk, name]), {"purpose": "plan"}
    )
    assert response.status_code in (200, 400)
    assert w.household.label in _text(response)
    assert AccessLogEntry.objects.count() > before
    row = AccessLogEntry.objects.latest("pk")
    assert row.household_label == w.household.label and row.user == w.worker


def test_triage_form_shown_again_with_its_error_is_logged(client, world):
    w = world
    _login(client, w.worker)
    before = AccessLogEntry.objects.count()
    response = client.post(reverse("cases:triage", args=[w.alert.pk]), {})
    assert response.status_code in (200, 400)
    assert "Er ging iets mis" in _text(response)
    assert AccessLogEntry.objects.filter(household_label=w.household.label).count() > 0
    assert AccessLogEntry.objects.count() > before


def test_opening_a_case_asks_why_before_it_shows_the_household(client, world):
    w = world
    _login(client, w.worker)
    before = AccessLogEntry.objects.count()
    response = client.get(reverse("cases:case-detail", args=[w.case.pk]))
    text = _text(response)
    assert "Waarom opent u deze gegevens?" in text
    assert not _leaks(w, text)
    assert AccessLogEntry.objects.count() == before
    client.get(reverse("cases:case-detail", args=[w.case.pk]) + "?purpose=visit")
    row = AccessLogEntry.objects.latest("pk")
    assert row.household_label == w.household.label
    assert row.role == Role.ACCESS_WORKER.value
    assert row.purpose == "Huisbezoek voorbereiden"


def test_supporter_mark_list_is_logged(client, world):
    w = world
    _login(client, w.worker)
    before = AccessLogEntry.objects.count()
    response = client.get(reverse("supporters:mark-list"))
    assert w.persons[0].label in _text(response)
    assert AccessLogEntry.objects.count() == before + 1


# 3. Policy screens never show a person ---------------------------------------------------------

POLICY_APPS = ("plans", "practices")
PERSONAL = re.compile(
    r"\b(Household|Person|PersonIdentity|households_visible_to|access_household_by_id|"
    r"access_person_by_id|stabiel\.signals|stabiel\.cases|stabiel\.supporters|"
    r"stabiel\.meetings|household|bsn)\b"
)


def test_policy_apps_never_touch_a_household_or_person():
    base = _app_root()
    found = []
    for app in POLICY_APPS:
        for path in (base / app).rglob("*"):
            if "tests" in path.parts or "migrations" in path.parts or "locale" in path.parts:
                continue
            if path.suffix not in (".py", ".html", ".txt", ".md"):
                continue
            for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
                code = line.split("#", 1)[0] if path.suffix == ".py" else line
                if PERSONAL.search(code):
                    found.append(f"{path.relative_to(base)}:{number}: {line.strip()}")
    assert not found, found


def _app_root():
    from pathlib import Path

    import stabiel

    return Path(stabiel.__file__).parent


def test_policy_pages_show_no_household_even_to_a_worker_who_may_see_it(client, world, make_user):
    w = world
    adviser = make_user(Role.POLICY_ADVISER, teams=[w.team])
    _login(client, adviser)
    for name, path, kind in object_urls(w):
        if kind in ("policy", "practice") or name.startswith(("plans:", "practices:")):
            response = client.get(path)
            assert response.status_code < 500, name
            if response.status_code == 200:
                assert not _leaks(w, _text(response)), name


# 4. The anonymous case table -------------------------------------------------------------------


@pytest.mark.parametrize("who", ["worker of another team", "team lead of another team"])
def test_case_table_shows_others_only_the_summary(client, world, who):
    w = world
    _login(client, w.outsiders[who])
    case_link = reverse("cases:case-detail", args=[w.case.pk])
    pages = [
        reverse("meetings:meeting-list"),
        reverse("meetings:meeting-list") + f"?soort={BaseKind.CASE_TABLE}",
        reverse("meetings:meeting-detail", args=[w.table.pk]),
        reverse("meetings:item-detail", args=[w.table_item.pk]),
        reverse("meetings:lesson-list"),
    ]
    detail = client.get(reverse("meetings:item-detail", args=[w.table_item.pk]))
    assert TABLE_SUMMARY in _text(detail)
    for page in pages:
        text = _text(client.get(page))
        assert not _leaks(w, text), (page, _leaks(w, text))
        assert case_link not in text, page
        assert f"/casussen/{w.case.pk}/" not in text, page
    # A decision that would name the household is refused, so the lesson list stays clean.
    response = client.post(
        reverse("meetings:item-detail", args=[w.table_item.pk]),
        {
            "action": "decide",
            "breakthrough": f"Mevrouw {w.persons[0].identity.surname} krijgt een vast loket",
            "reasoning": f"Huishouden {w.household.label}",
            "household_involvement": "Meegedacht",
            "follow_up_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert MeetingItem.objects.get(pk=w.table_item.pk).status != MeetingItem.Status.DECIDED


def test_case_table_hides_the_household_from_its_own_team_too(client, world):
    """Even the team that brought it sees the table's item anonymously."""
    w = world
    _login(client, w.lead)
    text = _text(client.get(reverse("meetings:item-detail", args=[w.table_item.pk])))
    assert TABLE_SUMMARY in text
    assert w.household.label not in text
    assert reverse("cases:case-detail", args=[w.case.pk]) not in text


# 5. Small numbers ------------------------------------------------------------------------------


def test_no_page_of_these_apps_counts_households_or_people():
    """These apps have no aggregate of households or people: the figures pages (cost figures,
    lessons, plan progress) count money, measures and flags. Were one to count households,
    cases or marks, it must go through the suppression helper."""
    root = _app_root()
    counting = re.compile(
        r"(Household|Person|Case|Alert|MeetingItem|SupporterMark|Contact)\.objects[^\n]*"
        r"(\.count\(\)|annotate\(|aggregate\()"
    )
    found = []
    for app in ("cases", "meetings", "supporters", "plans", "practices"):
        for path in (root / app).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            text = path.read_text("utf-8")
            if counting.search(text) and "suppress" not in text:
                found.append(str(path.relative_to(root)))
    assert not found, found


def test_suppression_helper_hides_small_counts():
    from stabiel.rules.whatif import suppress

    threshold = settings.SMALL_NUMBER_THRESHOLD
    assert str(threshold - 1) not in str(suppress(threshold - 1, threshold=threshold))
    assert str(suppress(threshold, threshold=threshold)) == str(threshold)


# 6. Bad input ----------------------------------------------------------------------------------


class _Forms(HTMLParser):
    """Every POST form on a page: its action and its fields (name, type, value)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._current = {"action": attrs.get("action") or "", "fields": []}
            self.forms.append(self._current)
        elif (
            self._current is not None
            and tag in ("input", "select", "textarea")
            and attrs.get("name") not in (None, "", "csrfmiddlewaretoken")
        ):
            kind = attrs.get("type", tag) if tag == "input" else tag
            self._current["fields"].append((attrs["name"], kind, attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


HUGE = "9" * 100_000
GARBAGE = ["²", "-1", "9" * 30, "2026-02-31", "<script>x</script>", "\x00"]


def _owner_pages(w: World) -> list[tuple[object, str]]:
    return [
        (w.worker, reverse("cases:case-open")),
        (w.worker, reverse("cases:triage", args=[w.alert.pk])),
        (w.worker, reverse("cases:case-detail", args=[w.case.pk]) + "?purpose=plan"),
        (w.worker, reverse("cases:broad-look", args=[w.case.pk]) + "?purpose=plan"),
        (w.worker, reverse("cases:plan", args=[w.case.pk]) + "?purpose=plan"),
        (w.worker, reverse("cases:close", args=[w.case.pk]) + "?purpose=plan"),
        (
            w.worker,
            reverse("cases:goal-offering", args=[w.case.pk, w.goal.pk])
            + "?purpose=plan&woorden=maatje",
        ),
        (w.worker, reverse("meetings:meeting-create")),
        (w.worker, reverse("meetings:meeting-detail", args=[w.signalling.pk])),
        (w.worker, reverse("meetings:put-forward", args=[w.signalling.pk])),
        (w.worker, reverse("meetings:item-detail", args=[w.named_item.pk])),
        (w.lead, reverse("meetings:meeting-detail", args=[w.table.pk])),
        (w.lead, reverse("meetings:bring-case", args=[w.table.pk])),
        (w.lead, reverse("meetings:item-detail", args=[w.table_item.pk])),
        (w.worker, reverse("supporters:mark-start")),
        (w.worker, reverse("supporters:mark-create", args=[w.household.pk])),
        (w.worker, reverse("supporters:mark-detail", args=[w.mark.pk])),
        (w.worker, reverse("practices:detail", args=[w.practice.slug])),
    ]


def _adviser_pages(w: World) -> list[str]:
    return [
        reverse("plans:plan-create"),
        reverse("plans:plan-edit", args=[w.plan.pk]),
        reverse("plans:session-create", args=[w.plan.pk]),
        reverse("plans:session-detail", args=[w.session.pk]),
        reverse("plans:session-merged", args=[w.session.pk]),
        reverse("plans:flag-create", args=[w.plan.pk]),
        reverse("plans:flag-edit", args=[w.flag.pk]),
        reverse("plans:measure-create", args=[w.plan.pk]),
        reverse("plans:measure-detail", args=[w.measure.pk]),
        reverse("plans:measure-edit", args=[w.measure.pk]),
        reverse("plans:plan-detail", args=[w.plan.pk]),
        reverse("plan_exports:import"),
        reverse("practices:detail", args=[w.practice.slug]),
    ]


def _garbage_posts(client, w: World, user, page: str) -> list:
    """POST garbage to every form on the page; return what went wrong."""
    _login(client, user)
    response = client.get(page)
    assert response.status_code == 200, page
    parser = _Forms()
    parser.feed(_text(response))
    assert parser.forms, f"no form found on {page}"
    problems = []
    for form in parser.forms:
        target = form["action"] or page
        hidden = {n: v for n, kind, v in form["fields"] if kind == "hidden"}
        visible = [n for n, kind, _v in form["fields"] if kind not in ("hidden", "submit")]
        if not visible:
            variants = [{**hidden, n: g} for n in hidden if n != "purpose" for g in GARBAGE]
        else:
            variants = [dict(hidden)]  # every field missing
            variants += [{**hidden, **{n: HUGE for n in visible}}]
            variants += [{**hidden, **{n: g for n in visible}} for g in GARBAGE[1:]]
            variants += [{**hidden, **{n: "²" for n in [*visible, *hidden]}}]
        for data in variants:
            before = state(w)
            answer = client.post(target, data)
            status = answer.status_code
            if status >= 500:
                problems.append(("5xx", page, target, sorted(data), status))
                continue
            text = _text(answer)
            if status in (200, 400) and not ("Er ging iets mis" in text or "--error" in text):
                problems.append(("no message", page, target, sorted(data), status))
            # Text-only forms may take '-1' as an answer; huge, missing or broken ids never.
            takes_any_text = data.get(visible[0]) in GARBAGE[1:] if visible else False
            if not takes_any_text and state(w) != before:
                problems.append(("stored", page, target, sorted(data), status))
    return problems


def test_garbage_to_every_case_meeting_and_supporter_form(client, world):
    w = world
    problems = []
    for user, page in _owner_pages(w):
        problems += _garbage_posts(client, w, user, page)
    assert not problems, problems


def test_garbage_to_every_plan_form(client, world, make_user):
    w = world
    adviser = make_user(Role.POLICY_ADVISER)
    problems = []
    for page in _adviser_pages(w):
        problems += _garbage_posts(client, w, adviser, page)
    assert not problems, problems


def test_ids_of_another_municipality_are_refused(client, world, make_user):
    w = world
    f = w.foreign
    today = timezone.localdate()
    before = state(w)
    _login(client, w.worker)
    checks = [
        (
            reverse("cases:case-open"),
            {"household_label": f["household"].label, "team": w.team.pk, "case_lead": w.worker.pk},
        ),
        (
            reverse("cases:case-open"),
            {"household_label": w.household.label, "team": f["team"].pk, "case_lead": w.worker.pk},
        ),
        (
            reverse("cases:case-action", args=[w.case.pk, "leads"]),
            {"purpose": "plan", "case_lead": f["user"].pk},
        ),
        (reverse("supporters:mark-create", args=[f["household"].pk]), {}),
        (
            reverse("supporters:mark-create", args=[w.household.pk]),
            {
                "person": f["person"].pk,
                "supporter_name": "X",
                "reason": "X",
                "consent": "on",
                "consent_on": today.isoformat(),
                "start_on": today.isoformat(),
            },
        ),
        (
            reverse("meetings:meeting-create"),
            {"kind": BaseKind.SIGNALLING, "held_on": today.isoformat(), "team": f["team"].pk},
        ),
        (
            reverse("meetings:put-forward", args=[w.signalling.pk]),
            {"household": f["household"].label, "put_forward_by": "X", "summary": "X"},
        ),
    ]
    for path, data in checks:
        response = client.post(path, data)
        assert response.status_code in (200, 400, 404), (path, response.status_code)
        assert state(w) == before, path
    adviser = make_user(Role.POLICY_ADVISER)
    _login(client, adviser)
    for path, data in [
        (reverse("practices:detail", args=[w.practice.slug]), {"plan": f["plan"].pk}),
        (reverse("plans:answer-flag", args=[w.answer.pk]), {"vlag": f["flag"].pk}),
        (reverse("plans:measure-create", args=[w.plan.pk]) + f"?vlag={f['flag'].pk}", None),
        (reverse("plans:plan-detail", args=[f["plan"].pk]), None),
    ]:
        response = client.post(path, data) if data is not None else client.get(path)
        assert response.status_code in (400, 404), (path, response.status_code)
        assert state(w) == before, path


def test_bringing_a_case_to_the_case_table_is_logged(world):
    w = world
    row = AccessLogEntry.objects.filter(user=w.lead, action="change").latest("pk")
    assert row.household_label == w.household.label
    assert row.role == Role.TEAM_LEAD.value
    assert "casustafel" in row.shown and row.purpose == "Casusoverleg voorbereiden"


@pytest.mark.parametrize("value", ["²", "١٢", "9" * 30, "9" * 5000, "-1", "1.5"])
def test_ids_in_links_and_hidden_fields_never_break_a_page(client, world, make_user, value):
    """Unicode digits ('²' passes str.isdigit but not int) and very long numbers."""
    w = world
    _login(client, make_user(Role.POLICY_ADVISER))
    before = state(w)
    for path in [
        reverse("plans:measure-create", args=[w.plan.pk]) + f"?antwoord={value}",
        reverse("plans:measure-create", args=[w.plan.pk]) + f"?vlag={value}",
    ]:
        assert client.get(path).status_code in (200, 404), path
    answer = client.post(reverse("plans:answer-flag", args=[w.answer.pk]), {"vlag": value})
    assert answer.status_code in (302, 404)
    answer = client.post(reverse("practices:detail", args=[w.practice.slug]), {"plan": value})
    assert answer.status_code in (400, 404)
    _login(client, w.lead)
    answer = client.post(
        reverse("meetings:item-detail", args=[w.table_item.pk]),
        {"action": "done", "agreement": value},
    )
    assert answer.status_code in (302, 404)
    assert state(w) == before

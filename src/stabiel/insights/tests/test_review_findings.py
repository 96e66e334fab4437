"""A case review's finding reaches the prevention plan through the aggregate door (issue 20):
the safety app announces it, insights' receiver makes the plan flag or measure, without names."""

import pytest
from django.urls import reverse
from django.utils import timezone

from stabiel.cases import services as case_services
from stabiel.cases.tests.conftest import world  # noqa: F401 - the shared fixture
from stabiel.plans.models import Flag, Measure
from stabiel.plans.tests.factories import PlanFactory
from stabiel.safety import services
from stabiel.safety.models import Review
from stabiel.safety.services import SafetyInputError

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _closed_cases(world, n):  # noqa: F811
    cases = []
    for household in world.pop.households[:n]:
        case_ = case_services.case_open(
            actor=world.worker, household=household, team=world.team, case_lead=world.worker
        )
        case_services.case_close(actor=world.worker, case=case_, reason="Klaar", well_landed=False)
        cases.append(case_)
    return cases


def test_a_finding_becomes_a_measure_in_the_plan_without_names(world, make_user):  # noqa: F811
    _closed_cases(world, 1)
    review = services.review_sample_draw(actor=world.lead, year=TODAY.year)[0]
    with pytest.raises(SafetyInputError, match="Leg eerst de review"):
        services.review_finding_share(
            actor=world.lead, review=review, shared_as="measure", title="x"
        )
    services.review_record(
        actor=world.lead,
        review=review,
        safety_in_view=False,
        household_involved=True,
        landed=False,
        finding="Veiligheid werd pas laat besproken.",
    )
    with pytest.raises(SafetyInputError, match="geen preventieplan"):
        services.review_finding_share(
            actor=world.lead,
            review=review,
            shared_as="measure",
            title="Veiligheid eerder bespreken",
        )
    plan = PlanFactory(municipality=world.municipality, year=TODAY.year)
    services.review_finding_share(
        actor=world.lead, review=review, shared_as="measure", title="Veiligheid eerder bespreken"
    )
    measure = Measure.objects.get(plan=plan)
    assert measure.title == "Veiligheid eerder bespreken"
    assert measure.source == f"Casusreview {TODAY.year}"
    assert world.pop.households[0].label not in measure.description
    review.refresh_from_db()
    assert review.shared_as == Review.SharedAs.MEASURE
    with pytest.raises(SafetyInputError, match="al gedeeld"):
        services.review_finding_share(actor=world.lead, review=review, shared_as="flag", title="x")


def test_team_lead_draws_reviews_and_shares_a_finding(world, client):  # noqa: F811
    plan = PlanFactory(municipality=world.municipality, year=TODAY.year)
    case_ = case_services.case_open(
        actor=world.worker,
        household=world.pop.households[1],
        team=world.team,
        case_lead=world.worker,
    )
    case_services.case_close(actor=world.worker, case=case_, reason="Klaar", well_landed=False)
    client.force_login(world.lead)
    response = client.post(reverse("safety:reviews"), {"year": "volgend jaar"})
    assert not Review.objects.exists()
    client.post(reverse("safety:reviews"), {"year": str(TODAY.year)})
    review = Review.objects.get()
    assert world.pop.households[1].label in client.get(reverse("safety:reviews")).content.decode()
    response = client.post(reverse("safety:review", args=[review.pk]), {"review-finding": "x"})
    assert "Maak een keuze." in response.content.decode()
    client.post(
        reverse("safety:review", args=[review.pk]),
        {
            "review-safety_in_view": "no",
            "review-household_involved": "yes",
            "review-landed": "yes",
            "review-finding": "Veiligheid kwam laat op tafel.",
        },
    )
    response = client.post(
        reverse("safety:review", args=[review.pk]),
        {"share-shared_as": "measure", "share-title": ""},
    )
    assert "Dit veld is verplicht" in response.content.decode()
    assert not Measure.objects.exists()
    client.post(
        reverse("safety:review", args=[review.pk]),
        {"share-shared_as": "measure", "share-title": "Veiligheid vooraan"},
    )
    assert Measure.objects.get(plan=plan).source == f"Casusreview {TODAY.year}"
    # The review says where the finding went, in one plain sentence.
    page = client.get(reverse("safety:review", args=[review.pk])).content.decode()
    assert f"Gedeeld met beleid: maatregel in {plan.title}." in page
    assert "Gedeeld als" not in page


def test_a_finding_can_become_a_system_red_flag(world):  # noqa: F811
    plan = PlanFactory(municipality=world.municipality, year=TODAY.year)
    _closed_cases(world, 1)
    review = services.review_sample_draw(actor=world.lead, year=TODAY.year)[0]
    services.review_record(
        actor=world.lead,
        review=review,
        safety_in_view=True,
        household_involved=True,
        landed=True,
        finding="Opschalen duurde te lang.",
    )
    services.review_finding_share(
        actor=world.lead, review=review, shared_as="flag", title="Te laat opgeschaald"
    )
    flag = Flag.objects.get(plan=plan)
    assert flag.colour == "red" and flag.pillar.code == "continuiteit"
    with pytest.raises(SafetyInputError, match="al gedeeld"):
        services.review_finding_share(actor=world.lead, review=review, shared_as="flag", title="x")

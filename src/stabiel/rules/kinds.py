"""The small vocabulary stacking rules are built from: one class per kind of condition.

A kind knows its settings, writes its own Dutch sentence, and finds the evidence with one
set-based SQL statement over all households (or the touched ones). No scores: a household
matches a condition or it does not, and the evidence says exactly why.
"""

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Count, Exists, F, Min, Model, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from stabiel.catalogue.models import RedFlagType
from stabiel.signals.models import Decision, Signal

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# A rule's settings after clean_params: numbers, and tuples of signal-type codes.
Params = dict[str, Any]
# The exact rows that make households match: signals, decisions or care-worker changes (of an
# organisation involved with the household, kept in the safety app), by the kind's subject.
EvidenceQuery = QuerySet[Signal] | QuerySet[Decision] | QuerySet[Any]
_Row = TypeVar("_Row", bound=Model)

VNG = "vng-stop-het-stapelen-2022"

ARREAR_SIGNAL_TYPES = (
    "huurachterstand",
    "energieachterstand",
    "waterachterstand",
    "zorgpremieachterstand",
)


@dataclass(frozen=True)
class Param:
    name: str
    label: "StrOrPromise"
    default: int | tuple[str, ...]
    minimum: int = 1
    maximum: int = 3650
    # Where the publications give this number: (publication code, chapter / section). None
    # means the publications give no number: it is a local setting of the municipality.
    seed_ref: tuple[str, str] | None = None
    # The number the publication gives, when the product starts from another one (the red
    # flags: the publication says one or more, Stabiel starts at two as a local setting).
    seed_value: int | None = None

    @property
    def publication_value(self) -> int | tuple[str, ...]:
        return self.default if self.seed_value is None else self.seed_value

    @property
    def is_codes(self) -> bool:
        return isinstance(self.default, tuple)


@dataclass(frozen=True)
class Evidence:
    household_id: int
    signal_id: int | None = None
    decision_id: int | None = None
    care_worker_change_id: int | None = None


# The subject of a kind -> the column of AlertEvidence that names its rows.
EVIDENCE_COLUMNS = {
    "signal": "signal_id",
    "decision": "decision_id",
    "care_worker_change": "care_worker_change_id",
}


class RuleKind(ABC):
    code: str
    label: "StrOrPromise"
    params: tuple[Param, ...] = ()
    uses: "StrOrPromise" = ""  # which data the rule reads, for the register
    # what a change must touch to matter for this rule
    reads: frozenset[str] = frozenset({"signals", "decisions"})

    @abstractmethod
    def sentence(self, p: Params) -> "StrOrPromise":
        """The rule as one Dutch sentence, with its settings filled in."""

    # "signal", "decision" or "care_worker_change": which table the evidence rows come from
    subject: str = "signal"

    @abstractmethod
    def evidence_query(
        self, *, municipality_id: int, p: Params, today: date, household_ids: Iterable[int] | None
    ) -> EvidenceQuery:
        """The exact signals or decisions that make households match, as one set-based query.

        The engine runs it inside the database (``INSERT … SELECT``); nothing is fetched."""

    def evidence(
        self, *, municipality_id: int, p: Params, today: date, household_ids: Iterable[int] | None
    ) -> list[Evidence]:
        """The evidence rows themselves, for the what-if run and for tests."""
        rows = self.evidence_query(
            municipality_id=municipality_id, p=p, today=today, household_ids=household_ids
        ).values_list("household_id", "id")
        column = EVIDENCE_COLUMNS[self.subject]
        return [Evidence(h, **{column: i}) for h, i in rows]

    # helpers -----------------------------------------------------------------
    def clean_params(self, raw: dict[str, Any]) -> Params:
        """Fill defaults and check bounds. Raises ValueError with a Dutch message."""
        clean: Params = {}
        for param in self.params:
            value = raw.get(param.name, param.default)
            if param.is_codes:
                value = (
                    tuple(value)
                    if isinstance(value, list | tuple)
                    else tuple(str(value).split(","))
                )
                value = tuple(v.strip() for v in value if v.strip())
                if not value:
                    raise ValueError(f"{param.label}: kies minstens één soort signaal.")
            else:
                try:
                    value = int(value)
                except (TypeError, ValueError) as exc:
                    raise ValueError(f"{param.label}: vul een heel getal in.") from exc
                if not param.minimum <= value <= param.maximum:
                    raise ValueError(
                        f"{param.label}: kies een getal van {param.minimum} tot en met {param.maximum}."
                    )
            clean[param.name] = value
        return clean

    def local_settings(self, p: Params) -> list["StrOrPromise"]:
        """Settings whose value is not given by the seeds: shown as 'local setting' in the register."""
        return [
            param.label
            for param in self.params
            if param.seed_ref is None or not _same_value(p.get(param.name), param.publication_value)
        ]

    @staticmethod
    def _households_with(
        base: QuerySet[_Row], counted: Any, minimum: int
    ) -> QuerySet[Model, dict[str, Any]]:
        """Households whose rows in `base` count at least `minimum` distinct `counted` values."""
        return (
            base.values("household_id")
            .annotate(n=Count(counted, distinct=True))
            .filter(n__gte=minimum)
            .values("household_id")
        )

    def _signals_in_window(
        self,
        *,
        municipality_id: int,
        household_ids: Iterable[int] | None,
        today: date,
        days: int,
    ) -> QuerySet[Signal]:
        qs = Signal.objects.filter(
            observed_on__gt=today - timedelta(days=days),
            observed_on__lte=today,
            withdrawn_on__isnull=True,
        )
        return self._scope(qs, municipality_id, household_ids)

    @staticmethod
    def _scope(
        qs: QuerySet[_Row], municipality_id: int, household_ids: Iterable[int] | None
    ) -> QuerySet[_Row]:
        qs = qs.filter(municipality_id=municipality_id)
        if household_ids is not None:
            qs = qs.filter(household_id__in=list(household_ids))
        return qs


@dataclass(frozen=True)
class Window:
    """A condition of the form "in the last `days` days, signals that meet `condition` show at
    least `minimum` different values of `counted`, per household".

    Rules of this shape are evaluated together by the engine, in one pass over the signals of
    the longest window (engine.window_sql); each kind still says what its own window is."""

    days: int
    condition: Q
    counted: object  # an expression on Signal: F("partner"), TruncMonth("observed_on"), …
    minimum: int


class WindowRule(RuleKind):
    reads = frozenset({"signals"})

    @abstractmethod
    def window(self, p: Params) -> Window:
        """This rule's window, condition and count, with its settings filled in."""

    def evidence_query(
        self, *, municipality_id: int, p: Params, today: date, household_ids: Iterable[int] | None
    ) -> EvidenceQuery:
        window = self.window(p)
        base = self._signals_in_window(
            municipality_id=municipality_id,
            household_ids=household_ids,
            today=today,
            days=window.days,
        ).filter(window.condition)
        return base.filter(
            household_id__in=self._households_with(base, window.counted, window.minimum)
        )


def _same_value(value: object, default: int | tuple[str, ...]) -> bool:
    # Stored settings come back from JSON as lists; the defaults are tuples.
    if isinstance(default, tuple):
        return isinstance(value, list | tuple) and tuple(value) == default
    return value == default


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February becomes 28 February)."""
    return day.replace(
        year=day.year - years, day=28 if (day.month, day.day) == (2, 29) else day.day
    )


def _active_on(today: date) -> Q:
    return Q(start_on__lte=today) & (Q(end_on__isnull=True) | Q(end_on__gte=today))


def _recordable_flags() -> Q:
    # Belt and braces: the catalogue already forbids these signal types.
    return RedFlagType.can_be_signal_condition("signal_type__red_flag_type__")


class DecisionsInHousehold(RuleKind):
    code = "decisions_in_household"
    label = _("Meerdere beschikkingen tegelijk in één huishouden")
    params = (
        Param(
            "min_count",
            _("Aantal lopende beschikkingen of vormen van ondersteuning"),
            3,
            2,
            20,
            (
                VNG,
                "hoofdstuk 'Benut groene vlaggen, verminder rode vlaggen', paragraaf 'Groene "
                "vlaggen' (bij drie beschikkingen in één huishouden ga je op huisbezoek)",
            ),
        ),
    )
    uses = _(
        "Lopende beschikkingen (Wmo, Jeugdwet, Participatiewet) en ondersteuning zonder beschikking"
    )
    subject = "decision"
    reads = frozenset({"decisions"})

    def sentence(self, p: Params) -> "StrOrPromise":
        return _(
            "Een huishouden krijgt %(n)s of meer vormen van ondersteuning tegelijk, met of zonder beschikking."
        ) % {"n": p["min_count"]}

    def evidence_query(
        self, *, municipality_id: int, p: Params, today: date, household_ids: Iterable[int] | None
    ) -> EvidenceQuery:
        base = self._scope(
            Decision.objects.filter(_active_on(today)), municipality_id, household_ids
        )
        return base.filter(household_id__in=self._households_with(base, "id", p["min_count"]))


class RedFlagsInPeriod(WindowRule):
    code = "red_flags_in_period"
    label = _("Rode vlaggen binnen een periode")
    params = (
        Param(
            "min_flags",
            _("Aantal verschillende rode vlaggen"),
            2,
            1,
            20,
            (
                VNG,
                "Actie 5 'Zo word je een (meer) uitnodigende overheid', paragraaf 'Alternatieve "
                "route' (bij een of meer rode vlaggen ga je naar de inwoner toe)",
            ),
            seed_value=1,
        ),
        Param("window_days", _("Periode in dagen"), 90, 7, 730),
    )
    uses = _("Signalen van partners, met hun rode vlag en datum")

    def sentence(self, p: Params) -> "StrOrPromise":
        return ngettext(
            "Over een huishouden is in de laatste %(days)s dagen een signaal met een rode vlag binnengekomen.",
            "Over een huishouden zijn in de laatste %(days)s dagen signalen over %(n)s of meer verschillende rode vlaggen binnengekomen.",
            p["min_flags"],
        ) % {"n": p["min_flags"], "days": p["window_days"]}

    def window(self, p: Params) -> Window:
        return Window(
            days=p["window_days"],
            condition=_recordable_flags(),
            counted=F("signal_type__red_flag_type"),
            minimum=p["min_flags"],
        )


class ShortDecisionsSameNeed(RuleKind):
    code = "short_decisions_same_need"
    label = _("Steeds korte beschikkingen voor dezelfde hulpvraag")
    params = (
        Param(
            "min_count",
            _("Aantal korte beschikkingen"),
            2,
            2,
            10,
            (
                VNG,
                "hoofdstuk 'Groene vlaggen: continuïteit van zorg en ondersteuning', paragraaf "
                "'Van kortdurende beschikkingen naar langetermijndenken' (na 2 of 3 korte "
                "beschikkingen een langere overwegen)",
            ),
        ),
        Param("max_days", _("Kort is: hoogstens zoveel dagen"), 183, 7, 730),
        Param("window_days", _("Binnen een periode van dagen"), 730, 30, 3650),
    )
    uses = _("Beschikkingen met hulpvraag, begin- en einddatum")
    subject = "decision"
    reads = frozenset({"decisions"})

    def sentence(self, p: Params) -> "StrOrPromise":
        return _(
            "Een huishouden kreeg in de laatste %(window)s dagen %(n)s of meer korte beschikkingen (hoogstens %(max)s dagen) voor dezelfde hulpvraag."
        ) % {"n": p["min_count"], "max": p["max_days"], "window": p["window_days"]}

    def evidence_query(
        self, *, municipality_id: int, p: Params, today: date, household_ids: Iterable[int] | None
    ) -> EvidenceQuery:
        base = self._scope(
            Decision.objects.filter(
                end_on__isnull=False,
                end_on__lte=F("start_on") + timedelta(days=p["max_days"]),
                start_on__gt=today - timedelta(days=p["window_days"]),
                start_on__lte=today,
            ),
            municipality_id,
            household_ids,
        )
        same_need = (
            base.filter(household_id=OuterRef("household_id"), need=OuterRef("need"))
            .values("household_id", "need")
            .annotate(n=Count("id"))
            .filter(n__gte=p["min_count"])
        )
        return base.filter(Exists(same_need))


class SameDecisionForYears(RuleKind):
    code = "same_decision_for_years"
    label = _("Jarenlang dezelfde beschikking")
    params = (Param("min_years", _("Aantal jaren"), 3, 1, 20),)
    uses = _("Beschikkingen met product, begin- en einddatum")
    subject = "decision"
    reads = frozenset({"decisions"})

    def sentence(self, p: Params) -> "StrOrPromise":
        return _(
            "Een huishouden krijgt al %(years)s jaar of langer steeds opnieuw dezelfde beschikking, en die loopt nog."
        ) % {"years": p["min_years"]}

    def evidence_query(
        self, *, municipality_id: int, p: Params, today: date, household_ids: Iterable[int] | None
    ) -> EvidenceQuery:
        base = self._scope(
            Decision.objects.exclude(law=Decision.Law.DECISION_FREE), municipality_id, household_ids
        )
        cutoff = years_before(today, p["min_years"])
        # Only decisions that had started by `today`: a renewal already decided for later is
        # not evidence yet (and must not be when the rule is evaluated on a past date).
        started = base.filter(start_on__lte=today)
        repeated = (
            started.filter(household_id=OuterRef("household_id"), product=OuterRef("product"))
            .values("household_id", "product")
            .annotate(
                n=Count("id"),
                first=Min("start_on"),
                running=Count("id", filter=_active_on(today)),
            )
            .filter(n__gte=2, first__lte=cutoff, running__gte=1)
        )
        return started.filter(Exists(repeated))


class DifferentRequests(RuleKind):
    code = "different_requests"
    label = _("Steeds andere hulpvragen")
    params = (
        Param("min_kinds", _("Aantal verschillende hulpvragen"), 3, 2, 20),
        Param("window_days", _("Binnen een periode van dagen"), 365, 30, 3650),
    )
    uses = _("Beschikkingen en ondersteuning met hulpvraag en begindatum")
    subject = "decision"
    reads = frozenset({"decisions"})

    def sentence(self, p: Params) -> "StrOrPromise":
        return _(
            "Een huishouden vroeg in de laatste %(days)s dagen om %(n)s of meer verschillende soorten hulp."
        ) % {"n": p["min_kinds"], "days": p["window_days"]}

    def evidence_query(
        self, *, municipality_id: int, p: Params, today: date, household_ids: Iterable[int] | None
    ) -> EvidenceQuery:
        started = Decision.objects.filter(
            start_on__gt=today - timedelta(days=p["window_days"]), start_on__lte=today
        )
        base = self._scope(started, municipality_id, household_ids)
        return base.filter(household_id__in=self._households_with(base, "need", p["min_kinds"]))


class UnpaidBillsMonths(WindowRule):
    code = "unpaid_bills_months"
    label = _("Meerdere maanden onbetaalde rekeningen")
    params = (
        Param(
            "signal_types", _("Soorten signalen"), ("energieachterstand", "zorgpremieachterstand")
        ),
        Param("min_months", _("Aantal maanden met een achterstand"), 2, 1, 24),
        Param("window_days", _("Binnen een periode van dagen"), 180, 30, 730),
    )
    uses = _("Signalen van betalingsachterstanden (energie, zorgpremie) met datum")

    def sentence(self, p: Params) -> "StrOrPromise":
        return _(
            "Over een huishouden kwamen in de laatste %(days)s dagen in %(n)s of meer verschillende maanden signalen van onbetaalde rekeningen binnen."
        ) % {"n": p["min_months"], "days": p["window_days"]}

    def window(self, p: Params) -> Window:
        return Window(
            days=p["window_days"],
            condition=Q(signal_type__code__in=p["signal_types"]),
            counted=TruncMonth("observed_on"),
            minimum=p["min_months"],
        )


class SeveralCreditors(WindowRule):
    code = "several_creditors"
    label = _("Achterstanden bij meerdere schuldeisers")
    params = (
        Param("signal_types", _("Soorten signalen"), ARREAR_SIGNAL_TYPES),
        Param("min_creditors", _("Aantal schuldeisers"), 2, 2, 10),
        Param("window_days", _("Binnen een periode van dagen"), 90, 7, 730),
    )
    uses = _("Signalen van betalingsachterstanden met de melder (schuldeiser) en datum")

    def sentence(self, p: Params) -> "StrOrPromise":
        return _(
            "Over een huishouden meldden in de laatste %(days)s dagen %(n)s of meer schuldeisers een betalingsachterstand."
        ) % {"n": p["min_creditors"], "days": p["window_days"]}

    def window(self, p: Params) -> Window:
        return Window(
            days=p["window_days"],
            condition=Q(signal_type__code__in=p["signal_types"]),
            counted=F("partner"),
            minimum=p["min_creditors"],
        )


class SignalAfterWellLanded(RuleKind):
    code = "signal_after_well_landed"
    label = _("Nieuw signaal na een goed afgesloten traject")
    params = ()
    uses = _("Signalen, en trajecten die als 'goed geland' zijn afgesloten met hun wachtperiode")
    reads = frozenset({"signals"})

    def sentence(self, p: Params) -> "StrOrPromise":
        return _(
            "Er komt een nieuw signaal binnen over een huishouden waarvan het traject kort geleden goed geland is afgesloten."
        )

    def evidence_query(
        self, *, municipality_id: int, p: Params, today: date, household_ids: Iterable[int] | None
    ) -> EvidenceQuery:
        from .models import RelapseWatch

        # Received by `today` as well: the watch window is about when a signal came in, and a
        # rule evaluated on a past date must not see signals that arrived later.
        watched = RelapseWatch.objects.filter(
            municipality_id=municipality_id,
            household_id=OuterRef("household_id"),
            starts_on__lte=today,
            starts_on__lt=OuterRef("received_on"),
            ends_on__gte=OuterRef("received_on"),
        )
        base = self._scope(
            Signal.objects.filter(
                observed_on__lte=today, received_on__lte=today, withdrawn_on__isnull=True
            ),
            municipality_id,
            household_ids,
        )
        return base.filter(Exists(watched))


class YouthCareTurning18(RuleKind):
    code = "youth_care_turning_18"
    label = _("Jongere met jeugdhulp wordt bijna 18")
    params = (Param("months_before", _("Aantal maanden vóór de 18e verjaardag"), 6, 1, 24),)
    uses = _("Lopende beschikkingen onder de Jeugdwet en de geboortemaand van de jongere")
    subject = "decision"
    reads = frozenset({"decisions"})

    def sentence(self, p: Params) -> "StrOrPromise":
        return _(
            "Een jongere met jeugdhulp wordt binnen %(months)s maanden 18: plan samen de overgang naar ondersteuning voor volwassenen."
        ) % {"months": p["months_before"]}

    def evidence_query(
        self, *, municipality_id: int, p: Params, today: date, household_ids: Iterable[int] | None
    ) -> EvidenceQuery:
        # Turns 18 between this month and months_before from now: born that long ago, 18 years back.
        latest = today.month - 1 + p["months_before"]
        until = date(today.year + latest // 12, latest % 12 + 1, 1)
        base = self._scope(
            Decision.objects.filter(
                _active_on(today),
                law=Decision.Law.YOUTH,
                person__birth_month__gte=years_before(today.replace(day=1), 18),
                person__birth_month__lt=years_before(until, 18),
            ),
            municipality_id,
            household_ids,
        )
        return base


class CareWorkerChanges(RuleKind):
    """The red flag "many changes of care worker" (VNG, Stop het stapelen 2022), as a rule.

    A change is every new care worker at an involved organisation after its first one, as the
    case records it (safety app: ``CareWorkerChange``). The publication names the flag but no
    number: how many changes, and within how long, are the municipality's own settings. Counted
    per organisation, like the flag on the case screen (``safety.workers.frequent_changes``)."""

    code = "care_worker_changes"
    label = _("Veel wisselingen van hulpverlener")
    params = (
        Param(
            "min_changes", _("Aantal wisselingen van hulpverlener bij één organisatie"), 3, 1, 20
        ),
        Param("window_days", _("Binnen een periode van dagen"), 365, 30, 1095),
    )
    uses = _(
        "Wisselingen van hulpverlener bij de organisaties die bij een huishouden betrokken zijn, "
        "met hun datum (vastgelegd in de casus)"
    )
    subject = "care_worker_change"
    reads = frozenset({"care_workers"})

    def sentence(self, p: Params) -> "StrOrPromise":
        return ngettext(
            "Bij een organisatie die betrokken is bij een huishouden kreeg het huishouden in de laatste %(days)s dagen een nieuwe hulpverlener.",
            "Bij een organisatie die betrokken is bij een huishouden kreeg het huishouden in de laatste %(days)s dagen %(n)s keer of vaker een nieuwe hulpverlener.",
            p["min_changes"],
        ) % {"n": p["min_changes"], "days": p["window_days"]}

    def evidence_query(
        self, *, municipality_id: int, p: Params, today: date, household_ids: Iterable[int] | None
    ) -> EvidenceQuery:
        # Imported here: the safety app builds on cases, which build on the rules.
        from stabiel.safety.models import CareWorkerChange

        earlier = CareWorkerChange.objects.filter(party_id=OuterRef("party_id")).filter(
            Q(from_on__lt=OuterRef("from_on"))
            | Q(from_on=OuterRef("from_on"), id__lt=OuterRef("id"))
        )
        changes = CareWorkerChange.objects.filter(
            Exists(earlier),
            municipality_id=municipality_id,
            # The day exactly a window ago still counts, as on the case screen.
            from_on__gte=today - timedelta(days=p["window_days"]),
            from_on__lte=today,
        )
        if household_ids is not None:
            changes = changes.filter(party__household_id__in=list(household_ids))
        parties = (
            changes.values("party_id")
            .annotate(n=Count("id"))
            .filter(n__gte=p["min_changes"])
            .values("party_id")
        )
        return changes.filter(party_id__in=parties).annotate(household_id=F("party__household_id"))


KINDS: dict[str, RuleKind] = {
    kind.code: kind
    for kind in (
        DecisionsInHousehold(),
        RedFlagsInPeriod(),
        ShortDecisionsSameNeed(),
        SameDecisionForYears(),
        DifferentRequests(),
        UnpaidBillsMonths(),
        SeveralCreditors(),
        SignalAfterWellLanded(),
        YouthCareTurning18(),
        CareWorkerChanges(),
    )
}

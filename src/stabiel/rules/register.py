"""The public rule register: every rule of a municipality with its history, in plain Dutch, and
the same as JSON in the fields of the Dutch Algoritmeregister publication standard 1.0.

The field names and length limits come from the standard's own definition (MinBZK, Algoritme-
register, backend/app/schemas/config/v1_0.json); docs/rule-register.md explains the choices.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from stabiel.accounts.models import Municipality
from stabiel.catalogue.models import Publication

from . import queries
from .kinds import KINDS, RuleKind
from .models import AlertAction, Rule, RuleVersion

BASED_ON = "vng-stop-het-stapelen-2022"

# Algoritmeregister publicatiestandaard 1.0: maximum length in characters per text field.
STANDARD_VERSION = "1.0"
LIMITS = {
    "name": 100,
    "organization": 100,
    "description_short": 350,
    "begin_date": 7,
    "end_date": 7,
    "contact_email": 500,
    "website": 500,
    "url": 500,
    "goal": 2500,
    "proportionality": 2500,
    "human_intervention": 2500,
    "risks": 2500,
    "lawful_basis": 2500,
    "source_data": 2500,
    "methods_and_models": 5000,
    "provider": 200,
    "source_id": 100,
}
CATEGORY_MAX_ITEMS = 3
CATEGORY_VALUES = (
    "Organisatie en bedrijfsvoering",
    "Cultuur en recreatie",
    "Economie",
    "Overheidsfinanciën",
    "Wonen",
    "Internationaal",
    "Migratie en integratie",
    "Natuur en milieu",
    "Onderwijs en wetenschap",
    "Openbare orde en veiligheid",
    "Recht",
    "Ruimte en infrastructuur",
    "Sociale zekerheid",
    "Verkeer",
    "Werk",
    "Zorg en gezondheid",
)
STATUS_VALUES = ("In ontwikkeling", "In gebruik", "Buiten gebruik")
PUBLICATION_CATEGORY_VALUES = (
    "Hoog-risico AI-systeem",
    "Impactvolle algoritmes",
    "Overige algoritmes",
)
# Stacking rules support people in the social domain: care, support and income.
CATEGORIES = ("Zorg en gezondheid", "Sociale zekerheid")
# They pick out households for a visit: impactful, though no decision is made by the rule.
PUBLICATION_CATEGORY = "Impactvolle algoritmes"
PROVIDER = "Stabiel (open source, EUPL-1.2)"


def fit(text: str, limit: int) -> str:
    """Text within `limit` characters, cut at a word with an ellipsis when it is longer."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:") + "…"


def publication_text(publication: Publication) -> str:
    return f"{publication.publisher}, {publication.title} ({publication.year})"


# What the register shows ------------------------------------------------------------------


class State:
    CURRENT = "current"
    PLANNED = "planned"
    PAST = "past"


@dataclass(frozen=True)
class Setting:
    name: str
    label: str
    value: str
    raw: int | list[str]
    from_publication: bool
    origin: str  # "uit de publicatie …" or "lokale instelling …", in a few words


@dataclass(frozen=True)
class VersionEntry:
    pk: int
    number: int
    sentence: str
    settings: tuple[Setting, ...]
    action: str
    action_label: str
    due_working_days: int
    in_force_from: date
    in_force_until: date | None
    state: str
    purpose: str
    legal_basis: str
    source: str  # publication and place, or that the rule is the municipality's own
    change_note: str

    @property
    def action_phrase(self) -> str:
        """The action inside a sentence: 'op huisbezoek gaan'."""
        return self.action_label[:1].lower() + self.action_label[1:]

    @property
    def period(self) -> str:
        start = date_format(self.in_force_from, "j F Y")
        if self.in_force_until is None:
            return _("vanaf %(start)s") % {"start": start}
        return _("van %(start)s tot en met %(end)s") % {
            "start": start,
            "end": date_format(self.in_force_until, "j F Y"),
        }


@dataclass(frozen=True)
class RuleEntry:
    pk: int
    code: str
    title: str
    kind_label: str
    uses: str
    status: str  # one of STATUS_VALUES
    shown: VersionEntry  # in force today; else the next planned one; else the last one
    versions: tuple[VersionEntry, ...]  # newest first
    begin: date
    end: date | None


@dataclass(frozen=True)
class Register:
    municipality: Municipality
    today: date
    rules: tuple[RuleEntry, ...]
    based_on: str
    threshold: int

    @property
    def in_use(self) -> list[RuleEntry]:
        return [r for r in self.rules if r.status == "In gebruik"]

    @property
    def not_in_use(self) -> list[RuleEntry]:
        return [r for r in self.rules if r.status != "In gebruik"]


def version_state(version: RuleVersion, today: date) -> str:
    if version.in_force_from > today:
        return State.PLANNED
    if version.in_force_until is not None and version.in_force_until < today:
        return State.PAST
    return State.CURRENT


def settings_of(
    kind: RuleKind,
    params: dict[str, Any],
    *,
    signal_names: dict[str, str],
    publications: dict[str, Publication],
) -> tuple[Setting, ...]:
    """Each setting with its value and where the value comes from: the publication (when the
    seeds give this number and it was not changed) or a local setting of the municipality."""
    clean = kind.clean_params(params)
    local = {str(label) for label in kind.local_settings(clean)}
    lines: list[Setting] = []
    for param in kind.params:
        value = clean[param.name]
        if param.is_codes:
            shown = ", ".join(signal_names.get(code, code) for code in value)
            raw: int | list[str] = list(value)
        else:
            shown = str(value)
            raw = value
        from_publication = param.seed_ref is not None and str(param.label) not in local
        if param.seed_ref is None:
            origin = _("De publicaties geven deze waarde niet: de gemeente kiest die zelf.")
        else:
            code, section = param.seed_ref
            publication = publications.get(code)
            where = _("%(source)s, %(section)s") % {
                "source": publication_text(publication) if publication else code,
                "section": section,
            }
            origin = (
                where
                if from_publication
                else _(
                    "De publicatie noemt %(default)s (%(where)s). Deze gemeente gebruikt een "
                    "andere waarde, als lokale instelling."
                )
                % {"default": param.publication_value, "where": where}
            )
        lines.append(Setting(param.name, str(param.label), shown, raw, from_publication, origin))
    return tuple(lines)


def version_entry(
    version: RuleVersion,
    *,
    today: date,
    signal_names: dict[str, str],
    publications: dict[str, Publication],
) -> VersionEntry:
    kind = KINDS[version.kind]
    clean = kind.clean_params(version.params)
    if version.source is not None:
        source = publication_text(version.source)
        if version.source_ref:
            source = _("%(source)s, %(section)s") % {
                "source": source,
                "section": version.source_ref,
            }
        if version.basis == RuleVersion.Basis.PRODUCT:
            source = _(
                "Eigen regel van Stabiel: de publicatie geeft deze regel niet zelf, Stabiel bouwt "
                "hem op wat de publicatie beschrijft. Gebaseerd op: %(source)s"
            ) % {"source": source}
    else:
        source = _("Eigen regel van de gemeente (lokale instelling)")
    return VersionEntry(
        pk=version.pk,
        number=version.number,
        sentence=str(kind.sentence(clean)),
        settings=settings_of(
            kind, version.params, signal_names=signal_names, publications=publications
        ),
        action=version.action,
        action_label=str(AlertAction(version.action).label),
        due_working_days=version.due_working_days,
        in_force_from=version.in_force_from,
        in_force_until=version.in_force_until,
        state=version_state(version, today),
        purpose=version.purpose,
        legal_basis=version.legal_basis,
        source=source,
        change_note=version.change_note,
    )


def rule_entry(
    rule: Rule,
    *,
    today: date,
    signal_names: dict[str, str],
    publications: dict[str, Publication],
) -> RuleEntry:
    """A rule and its versions (prefetched, newest first) as the register shows them."""
    versions = tuple(
        version_entry(v, today=today, signal_names=signal_names, publications=publications)
        for v in rule.versions.all()
    )
    current = [v for v in versions if v.state == State.CURRENT]
    planned = [v for v in versions if v.state == State.PLANNED]
    if current:
        status, shown = "In gebruik", current[0]
    elif planned and all(v.state == State.PLANNED for v in versions):
        status, shown = "In ontwikkeling", planned[-1]
    else:
        status, shown = "Buiten gebruik", versions[0]
    # A rule keeps its kind for life (rule_version_create copies it).
    kind = KINDS[rule.versions.all()[0].kind]
    return RuleEntry(
        pk=rule.pk,
        code=rule.code,
        title=rule.title,
        kind_label=str(kind.label),
        uses=str(kind.uses),
        status=status,
        shown=shown,
        versions=versions,
        begin=versions[-1].in_force_from,
        end=versions[0].in_force_until,
    )


def register_build(*, municipality: Municipality, today: date) -> Register:
    publications = queries.publication_map()
    signal_names = queries.signal_type_names(municipality=municipality)
    entries = tuple(
        rule_entry(rule, today=today, signal_names=signal_names, publications=publications)
        for rule in queries.register_rule_list(municipality=municipality)
    )
    order = {status: i for i, status in enumerate(("In gebruik", "In ontwikkeling"))}
    entries = tuple(sorted(entries, key=lambda r: (order.get(r.status, 2), r.title)))
    based_on = publications.get(BASED_ON)
    return Register(
        municipality=municipality,
        today=today,
        rules=entries,
        based_on=publication_text(based_on) if based_on else "VNG, Stop het stapelen (2022)",
        threshold=settings.SMALL_NUMBER_THRESHOLD,
    )


# The same as Algoritmeregister JSON -------------------------------------------------------


def _month(day: date | None) -> str | None:
    return day.strftime("%Y-%m") if day else None


def _settings_text(settings_: tuple[Setting, ...]) -> str:
    return " ".join(
        f"{s.label}: {s.value} ({_('uit de publicatie') if s.from_publication else _('lokale instelling')}: {s.origin.rstrip('.')})."
        for s in settings_
    )


def algorithm_record(
    entry: RuleEntry, *, register: Register, website: str, url: str
) -> dict[str, Any]:
    """One rule in the fields of the Algoritmeregister publication standard 1.0."""
    shown = entry.shown
    organisation = _("Gemeente %(name)s") % {"name": register.municipality.name}
    action = shown.action_phrase
    description = _(
        "%(sentence)s Dan krijgt een medewerker van het wijkteam een melding. "
        "Een mens beslist wat er gebeurt."
    ) % {"sentence": shown.sentence}
    goal = _(
        "%(purpose)s\n\nWat merkt u ervan? Past de regel bij uw huishouden, dan krijgt een "
        "medewerker van het wijkteam een melding. De gevraagde actie is: %(action)s, binnen "
        "%(days)s werkdagen. De medewerker bekijkt de melding en beslist samen met u wat er "
        "gebeurt. De regel neemt zelf geen besluit."
    ) % {"purpose": shown.purpose, "action": action, "days": shown.due_working_days}
    proportionality = _(
        "De regel gebruikt alleen gegevens die de gemeente en haar partners al hebben voor hun "
        "taak: %(uses)s. De regel telt alleen. Hij voorspelt niets en geeft geen score. Zonder "
        "zo'n regel ziet niemand dat problemen zich opstapelen, en komt hulp vaak pas als het al "
        "mis is. Het andere is wachten tot de inwoner zelf om hulp vraagt; dat is vaak te laat. "
        "De regel volgt de aanpak 'Stop het stapelen' van de VNG (2022)."
    ) % {"uses": entry.uses[:1].lower() + entry.uses[1:]}
    human = _(
        "Een mens beslist altijd. De regel maakt alleen een melding voor een medewerker van het "
        "wijkteam. Bij de melding staat precies welke signalen of beschikkingen erachter zitten. "
        "De medewerker bespreekt met het huishouden wat nodig is, of sluit de melding af met een "
        "reden. Er zijn geen automatische besluiten en geen scores."
    )
    risks = _(
        "Een signaal kan fout of oud zijn. Een bezoek kan voelen als controle. Een regel kan "
        "groepen ongelijk raken. Daarom: de medewerker controleert de gegevens achter elke "
        "melding en beslist zelf. Regels gebruiken geen nationaliteit, afkomst of buurt, en "
        "gezondheidskenmerken kunnen geen signaal zijn. Alleen het eigen team ziet een "
        "huishouden, en elke keer dat iemand gegevens bekijkt, wordt vastgelegd. Een nieuwe "
        "versie van een regel wordt eerst uitgeprobeerd op de gegevens van het afgelopen jaar, "
        "en komt met de reden in dit register. Aantallen onder de %(threshold)s tonen we niet."
    ) % {"threshold": register.threshold}
    source_data = _(
        "%(uses)s. De regel ziet geen namen, adressen of BSN: huishoudens en personen hebben in "
        "Stabiel een schuilnaam (pseudoniem)."
    ) % {"uses": entry.uses}
    methods = _(
        "Vaste regel, niet zelflerend. Soort regel: %(kind)s. De regel: %(sentence)s "
        "Instellingen: %(settings)s Termijn: %(days)s werkdagen (lokale instelling). "
        "De regel wordt opnieuw bekeken als er een signaal of beschikking over een huishouden "
        "binnenkomt. Heeft een huishouden al een open melding voor deze regel, dan komen nieuwe "
        "gegevens bij die melding. Elke melding noemt de regel, de versie en de signalen of "
        "beschikkingen erachter. Versie %(number)s geldt %(period)s."
    ) % {
        "kind": entry.kind_label,
        "sentence": shown.sentence,
        "settings": _settings_text(shown.settings) or _("geen."),
        "days": shown.due_working_days,
        "number": shown.number,
        "period": shown.period,
    }
    record = {
        "name": fit(entry.title, LIMITS["name"]),
        "organization": fit(organisation, LIMITS["organization"]),
        "description_short": fit(description, LIMITS["description_short"]),
        "category": list(CATEGORIES[:CATEGORY_MAX_ITEMS]),
        "status": entry.status,
        "begin_date": _month(entry.begin),
        "end_date": _month(entry.end) if entry.status == "Buiten gebruik" else None,
        # The product holds no contact address of the municipality: it fills this in itself.
        "contact_email": None,
        "website": fit(website, LIMITS["website"]),
        "publication_category": PUBLICATION_CATEGORY,
        "url": fit(url, LIMITS["url"]),
        "goal": fit(goal, LIMITS["goal"]),
        "proportionality": fit(proportionality, LIMITS["proportionality"]),
        "human_intervention": fit(human, LIMITS["human_intervention"]),
        "risks": fit(risks, LIMITS["risks"]),
        "lawful_basis": fit(shown.legal_basis, LIMITS["lawful_basis"]),
        "source_data": fit(source_data, LIMITS["source_data"]),
        "methods_and_models": fit(methods, LIMITS["methods_and_models"]),
        "provider": fit(PROVIDER, LIMITS["provider"]),
        "lang": "nld",
        "standard_version": STANDARD_VERSION,
        "source_id": fit(f"{register.municipality.cbs_code}/{entry.code}", LIMITS["source_id"]),
        "versions": [_version_record(v) for v in entry.versions],
    }
    return record


def _version_record(version: VersionEntry) -> dict[str, Any]:
    return {
        "number": version.number,
        "state": {"current": "geldt nu", "planned": "gaat nog in", "past": "geldt niet meer"}[
            version.state
        ],
        "in_force_from": version.in_force_from.isoformat(),
        "in_force_until": version.in_force_until.isoformat() if version.in_force_until else None,
        "description": version.sentence,
        "settings": [
            {
                "name": s.name,
                "label": s.label,
                "value": s.raw,
                "origin": "publicatie" if s.from_publication else "lokale instelling",
                "explanation": s.origin,
            }
            for s in version.settings
        ],
        "action": version.action,
        "action_label": version.action_label,
        "due_working_days": version.due_working_days,
        "due_working_days_origin": "lokale instelling",
        "goal": version.purpose,
        "lawful_basis": version.legal_basis,
        "source": version.source,
        "change_note": version.change_note,
    }


def register_json(register: Register, *, website: str, url: str) -> dict[str, Any]:
    return {
        "standard": "Algoritmeregister publicatiestandaard",
        "standard_version": STANDARD_VERSION,
        "organization": fit(
            _("Gemeente %(name)s") % {"name": register.municipality.name}, LIMITS["organization"]
        ),
        "cbs_code": register.municipality.cbs_code,
        "generated_on": register.today.isoformat(),
        "based_on": register.based_on,
        "human_decides": _(
            "Een mens beslist altijd. De regels maken alleen meldingen voor medewerkers: geen "
            "automatische besluiten, geen scores, geen voorspellingen."
        ),
        "website": website,
        "algorithms": [
            algorithm_record(
                entry, register=register, website=f"{website}#regel-{entry.code}", url=url
            )
            for entry in register.rules
        ],
    }

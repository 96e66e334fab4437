"""Outreach letter templates as text: the fields a template may ask for, filling them in, and
the B1 check a template must pass before it can be active. Pure: no ORM, no resident.

A field is written in curly brackets, such as ``{naam}``. The execution side fills in the real
values when a worker makes a letter; the check here fills in made-up values of the same length.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .checker import Result, check_letter
from .checker.jargon import JargonPair
from .checker.structure import says_whom_to_call

FIELD_RE = re.compile(r"\{([^{}\n]{0,40})\}")

# The fields a template may use, with what they become in a letter.
FIELDS = {
    "naam": gettext_lazy("de naam of namen van wie de brief krijgt"),
    "medewerker": gettext_lazy("de naam van de medewerker die de brief maakt"),
    "datum": gettext_lazy("de datum van vandaag"),
    "persoonlijke_zin": gettext_lazy("de persoonlijke zin die de medewerker schrijft"),
    "ervaringslink": gettext_lazy(
        "de link naar de drie ervaringsvragen, zonder inloggen (alleen in een brief na het "
        "afsluiten van de hulp; zonder dit veld gaat er geen link mee)"
    ),
}
# Fields that only a template for one purpose may use: (purpose, why not elsewhere).
PURPOSE_FIELDS = {"ervaringslink": "closed"}
# Made-up values for the check of a template (a real letter is checked again when it is made).
SAMPLE_VALUES = {
    "naam": "Sanne de Vries",
    "medewerker": "Ahmed Bakkali",
    "datum": "3 december 2026",
    "persoonlijke_zin": "",
    "ervaringslink": "https://stabiel.voorbeeld.nl/inzicht/ervaring/Xy12ab34Cd56ef78Gh90ij12kL9q/",
}
MAX_TEXT = 6000


class TemplateTextError(ValueError):
    """A template text that cannot be used; the message is plain Dutch."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def uses_field(text: str, name: str) -> bool:
    return name in FIELD_RE.findall(text or "")


def purpose_check(core_text: str, back_text: str, purpose: str) -> None:
    """A field meant for one purpose (the experience link, after a case closes) elsewhere."""
    for name, only in PURPOSE_FIELDS.items():
        for field, text in (("core_text", core_text), ("back_text", back_text)):
            if uses_field(text, name) and purpose != only:
                raise TemplateTextError(
                    _(
                        "Het invulveld {%(name)s} kan alleen in een brief na het afsluiten van "
                        "de hulp. Haal het weg, of kies dat doel voor dit sjabloon."
                    )
                    % {"name": name},
                    field=field,
                )


def unknown_fields(text: str) -> list[str]:
    return sorted({name for name in FIELD_RE.findall(text) if name not in FIELDS})


def validate(core_text: str, back_text: str) -> tuple[str, str]:
    """Both texts with tidy line ends, or TemplateTextError."""
    core = (core_text or "").replace("\r\n", "\n").strip()
    back = (back_text or "").replace("\r\n", "\n").strip()
    if not core:
        raise TemplateTextError(_("Schrijf de kern van de brief."), field="core_text")
    for field, text in (("core_text", core), ("back_text", back)):
        if len(text) > MAX_TEXT:
            raise TemplateTextError(
                _("Deze tekst is te lang voor een brief: houd het onder %(max)s tekens.")
                % {"max": f"{MAX_TEXT:,}".replace(",", ".")},
                field=field,
            )
        unknown = unknown_fields(text)
        if unknown:
            raise TemplateTextError(
                _("Dit invulveld kent Stabiel niet: %(fields)s. U kunt gebruiken: %(known)s.")
                % {
                    "fields": ", ".join("{" + name + "}" for name in unknown),
                    "known": ", ".join("{" + name + "}" for name in FIELDS),
                },
                field=field,
            )
    return core, back


def fill(text: str, values: dict[str, str]) -> str:
    """The text with every known field filled in; an empty personal sentence leaves no gap."""

    def one(match: re.Match) -> str:
        return values.get(match.group(1), match.group(0))

    filled = FIELD_RE.sub(one, text)
    # A field alone on its line that stays empty takes its line with it.
    return re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", filled).strip()


def whole_letter(core_text: str, back_text: str, values: dict[str, str]) -> str:
    """Front and back as one text for the check (the back is read after the front)."""
    parts = [fill(core_text, values)]
    if back_text:
        parts.append(fill(back_text, values))
    return "\n\n".join(parts)


@dataclass(frozen=True)
class TemplateCheck:
    text: str
    result: Result
    calls_named: bool

    @property
    def passes(self) -> bool:
        return self.result.is_b1 and self.calls_named

    @property
    def refusals(self) -> list[str]:
        reasons = list(self.result.reasons)
        if not self.calls_named:
            reasons.append(
                _("De brief zegt niet wie de lezer kan bellen. Zet er een telefoonnummer bij.")
            )
        return reasons


def check_template(
    core_text: str,
    back_text: str,
    *,
    values: dict[str, str] | None = None,
    extra_jargon: tuple[JargonPair, ...] = (),
) -> TemplateCheck:
    """The B1 check over the letter as a reader gets it. A template must also say whom to call."""
    text = whole_letter(core_text, back_text, values or SAMPLE_VALUES)
    result = check_letter(text, extra_jargon=extra_jargon)
    return TemplateCheck(text=text, result=result, calls_named=says_whom_to_call(text))

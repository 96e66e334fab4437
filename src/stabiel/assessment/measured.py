"""Measured beside scored: the team's own figures for the steps the product can measure.

Read only through :mod:`stabiel.insights.outcomes`, the one door policy code has to execution
data: it returns aggregates with cells under the threshold (10) hidden, never a household. Which
figure speaks to which step of KPMG's route is issue 16's list; the period is the last twelve
whole months.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from stabiel.insights.outcomes import FIGURES, figure_value
from stabiel.insights.suppression import Duration, Share

# (steps as shown, basic function, figure code)
MEASURED_STEPS = (
    ((1, 2), "tijdig-signaleren", "signal_to_alert"),
    ((1, 2), "tijdig-signaleren", "early_warning_contacted"),
    ((4,), "vindbare-hulp", "alert_to_triage"),
    ((5,), "brede-blik", "broad_look_done"),
    ((6, 7), "brede-blik", "plan_with_case_lead"),
    ((8, 9), "brede-blik", "check_ins_kept"),
    ((10,), "leren-verbeteren", "relapse_within_year"),
)


@dataclass(frozen=True)
class MeasuredFigure:
    steps: tuple[int, ...]
    function_code: str
    code: str
    title: str
    how: str
    value: str  # in words; "verborgen" when the figure is too small to show
    hidden: bool

    @property
    def steps_label(self) -> str:
        return (
            "\u2013".join(str(n) for n in (self.steps[0], self.steps[-1]) if n)
            if len(self.steps) > 1
            else str(self.steps[0])
        )


def twelve_months(today: date | None = None) -> tuple[date, date]:
    """The last twelve whole months before this one."""
    today = today or timezone.localdate()
    end_month = date(today.year, today.month, 1)
    end = date.fromordinal(end_month.toordinal() - 1)
    months = end.year * 12 + end.month - 1 - 11  # eleven months before the end's month
    start = date(months // 12, months % 12 + 1, 1)
    return start, end


def describe(value) -> str:
    if isinstance(value, Duration):
        return _("mediaan %(days)s dagen (bij %(n)s)") % {
            "days": f"{value.median_days:g}".replace(".", ","),
            "n": value.count,
        }
    if isinstance(value, Share):
        return _("%(percent)s%% (%(part)s van %(whole)s)") % {
            "percent": f"{value.percent:.0f}",
            "part": value.part,
            "whole": value.whole,
        }
    return str(value)


def measured_for(*, municipality, today: date | None = None) -> list[MeasuredFigure]:
    start, end = twelve_months(today)
    figures = []
    for steps, function_code, code in MEASURED_STEPS:
        value = figure_value(code, municipality=municipality, start=start, end=end)
        figure = FIGURES[code]
        figures.append(
            MeasuredFigure(
                steps=steps,
                function_code=function_code,
                code=code,
                title=str(figure.title),
                how=str(figure.how),
                value=_("verborgen: te weinig om te tonen") if value is None else describe(value),
                hidden=value is None,
            )
        )
    return figures

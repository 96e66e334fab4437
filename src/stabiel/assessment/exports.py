"""A round's results as CSV and PDF: roles and numbers only, never a respondent's name."""

import csv
import io

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .summary import RoundResults


def _number(value) -> str:
    return "" if value is None else f"{value:.2f}".replace(".", ",")


def results_csv(results: RoundResults) -> str:
    """One row per function, then one per statement (widest disagreement first). Semicolons and
    decimal commas, as Dutch spreadsheets expect."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    roles = results.roles
    writer.writerow(
        [
            _("soort"),
            _("basisfunctie"),
            _("stelling"),
            _("herkomst"),
            _("gemiddelde"),
            _("aantal scores"),
            _("weet ik niet"),
            _("laagste"),
            _("hoogste"),
            _("spreiding"),
            *[_("gemiddelde %(role)s") % {"role": label} for _code, label in roles],
        ]
    )
    for row in results.functions:
        r = row["result"]
        writer.writerow(
            [
                _("basisfunctie"),
                row["function"].name,
                "",
                "",
                _number(r.mean),
                r.scores,
                r.dont_know,
                _number(r.between_respondents.low),
                _number(r.between_respondents.high),
                _number(r.between_respondents.sd),
                *[_number(r.role_means.get(code)) for code, _label in roles],
            ]
        )
    ranked = sorted(
        results.statements, key=lambda row: (-(row["result"].sd or -1), row["statement"].position)
    )
    for row in ranked:
        r, s = row["result"], row["statement"]
        writer.writerow(
            [
                _("stelling"),
                s.get_function_code_display(),
                s.text,
                s.get_origin_display(),
                _number(r.mean),
                r.scores,
                r.dont_know,
                "" if r.low is None else r.low,
                "" if r.high is None else r.high,
                _number(r.sd),
                *[_number(r.role_means.get(code)) for code, _label in roles],
            ]
        )
    return "\ufeff" + out.getvalue()  # BOM: Excel then reads UTF-8


def results_pdf(results: RoundResults, *, weak: list[dict]) -> bytes:
    html = render_to_string("assessment/export/results.html", {"results": results, "weak": weak})
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()

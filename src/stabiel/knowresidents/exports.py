"""Action 1's worksheet "Ken je inwoners": the page's content, and the same as a PDF."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from . import queries
from .models import Observation
from .national import CHAPTER, NATIONAL_FIGURES, PUBLICATION


def worksheet_context(*, municipality, year: int | None) -> dict:
    picture = queries.picture(municipality=municipality, year=year)
    return {
        "municipality": municipality,
        "picture": picture,
        "threshold": picture.threshold,
        "national_figures": NATIONAL_FIGURES,
        "publication": PUBLICATION,
        "chapter": CHAPTER,
        "hard_cases": list(queries.hard_cases(municipality=municipality)),
        "helped": list(
            queries.observations(municipality=municipality, kind=Observation.Kind.HELPED)
        ),
        "front_desk": list(
            queries.observations(municipality=municipality, kind=Observation.Kind.FRONT_DESK)
        ),
        "made_on": timezone.localdate(),
    }


def worksheet_pdf(*, municipality, year: int | None) -> bytes:
    import weasyprint  # loaded when a PDF is asked for: it pulls in Pango

    html = render_to_string(
        "knowresidents/export/worksheet.html",
        worksheet_context(municipality=municipality, year=year),
    )
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()

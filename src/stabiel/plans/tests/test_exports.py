import io

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from stabiel.accounts.roles import Role
from stabiel.plans import exports
from stabiel.plans.models import Measure, Plan

from .test_export_fixtures import (
    PARTICIPANT_EMAILS,
    PARTICIPANT_NAMES,
    adviser,
    build_plan,
    full_plan,
)

__all__ = ["adviser", "full_plan"]

pytestmark = pytest.mark.django_db

PRIVATE_WORDS = [
    *PARTICIPANT_EMAILS,
    *PARTICIPANT_NAMES,
    "Annelies",
    "annelie",
    "Zwanenburg",
    "Bartholomeus",
]


def no_private_words(text: str) -> None:
    for word in PRIVATE_WORDS:
        assert word.lower() not in text.lower(), word


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


def test_export_data_summarises_sessions_without_names(full_plan):
    data = exports.plan_export_data(plan=full_plan)
    assert [m.title for m in data.measures] == [
        "Waakvlambegeleiding na intensieve hulp",
        "Brieven herschrijven | op B1-niveau",
    ]
    first = data.measures[0]
    assert first.budget == "€ 12.500,50"
    assert first.priority.startswith("Snel resultaat")
    assert "Waakvlambegeleiding" in first.practice
    assert data.budget_total == "€ 12.500,50"
    # the model: red in existential security, green in participation, action 5 has one red
    rows = {label: (red, green) for label, red, green in data.model_rows}
    assert rows["Bestaanszekerheid"] == (1, 0)
    assert rows["Meedoen"] == (0, 1)
    assert any(label.startswith("Actie 5") and red == 1 for label, red, _ in data.model_rows)
    sheet = data.sessions[0].sheets[0]
    assert dict(sheet.perspectives) == {"Inwoner": 1, "Veiligheid": 1}
    first_question = sheet.questions[0]
    assert first_question.label == "2.1"
    groups = {g.perspective: g.texts for g in first_question.groups}
    # the answers themselves, grouped by perspective, a participant's name blanked out
    assert groups == {
        "Inwoner": ["Post van de gemeente geeft stress; [naam] vindt de brieven onleesbaar."],
        "Veiligheid": ["Veel stress door brieven en schulden bij jongeren."],
    }
    assert set(first_question.silent) == {"Sociaal domein", "Toegang/welzijn"}
    own = {g.perspective: g.texts for g in sheet.own_questions}
    assert own["Veiligheid"] == ["Hoe delen we signalen van jongeren eerder?"]
    assert own["Inwoner"] == [
        "Wie belt mij als ik een brief niet snap? Mail [e-mailadres] maar niet."
    ]
    # progress over the year, per measure and per pillar
    assert data.progress[0].reports == [
        ("15 apr 2026", "Op schema", "Eerste tien huishoudens in waakvlam.")
    ]
    by_pillar = {g.label: g.total for g in data.pillar_progress}
    assert by_pillar["Bestaanszekerheid"] == 1 and by_pillar["Meedoen"] == 0


ANSWER_LINES = [
    "Veel stress door brieven en schulden bij jongeren.",
    "Hoe delen we signalen van jongeren eerder?",
    "Eerste tien huishoudens in waakvlam.",
]


def test_pdf_is_a_pdf_with_the_plan_in_it(full_plan):
    content = exports.render_pdf(exports.plan_export_data(plan=full_plan))
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "Waakvlambegeleiding na intensieve hulp" in text
    assert "Brieven herschrijven | op B1-niveau" in text
    assert "Betaalachterstanden worden laat gezien" in text
    assert "Inhoud" in text and "Pagina 2 van" in text
    assert "€ 12.500,50" in text
    flat = " ".join(text.split())
    for line in ANSWER_LINES:
        assert line in flat, line
    assert "Overeenkomst" not in text
    no_private_words(text)


def test_pdf_draws_the_model_as_svg(full_plan):
    data = exports.plan_export_data(plan=full_plan)
    svg = exports.model_svg(data.drawing)
    assert svg.startswith("<svg") and "<title>" in svg and svg.count("<polygon") == 4


def test_docx_has_headings_tables_picture_and_no_names(full_plan):
    content = exports.render_docx(exports.plan_export_data(plan=full_plan))
    document = docx.Document(io.BytesIO(content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "4. Maatregelen" in headings and "5. Werksessies" in headings
    assert len(document.inline_shapes) == 1  # the stability model as PNG
    text = docx_text(content)
    assert "Waakvlambegeleiding na intensieve hulp" in text
    assert "Sociaal team" in text and "€ 12.500,50" in text
    for line in ANSWER_LINES:
        assert line in text, line
    assert "Inwoner:" in text and "Veiligheid:" in text
    assert "6. Voortgang door het jaar" in headings
    no_private_words(text)


def test_model_png_is_a_png(full_plan):
    data = exports.plan_export_data(plan=full_plan)
    assert exports.model_png(data.drawing).startswith(b"\x89PNG")


def test_markdown_has_tables_and_escapes_pipes(full_plan):
    text = exports.render_markdown(exports.plan_export_data(plan=full_plan))
    assert text.startswith("# Preventieplan zorg en veiligheid 2026")
    assert "| # | Maatregel | Eigenaar |" in text
    assert "Brieven herschrijven \\| op B1-niveau" in text
    assert "| Bestaanszekerheid | 1 | 0 |" in text
    for line in ANSWER_LINES:
        assert line in text, line
    assert "- _Inwoner_" in text and "**2.1 " in text
    no_private_words(text)


def test_an_empty_plan_exports_too(catalogue, adviser):
    from stabiel.plans.services import plan_create

    plan = plan_create(actor=adviser, year=2027, title="Leeg plan")
    data = exports.plan_export_data(plan=plan)
    assert exports.render_pdf(data).startswith(b"%PDF")
    assert "nog geen maatregelen" in exports.render_markdown(data)
    assert exports.render_docx(data)[:2] == b"PK"


@pytest.mark.parametrize(
    ("name", "content_type", "suffix"),
    [
        ("plan_exports:pdf", "application/pdf", ".pdf"),
        ("plan_exports:docx", "application/vnd.openxmlformats", ".docx"),
        ("plan_exports:markdown", "text/markdown", ".md"),
        ("plan_exports:share", "application/json", ".json"),
    ],
)
def test_downloads(client, full_plan, adviser, name, content_type, suffix):
    client.force_login(adviser)
    response = client.get(reverse(name, args=[full_plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Disposition"].endswith(f'-2026{suffix}"')
    assert Plan.objects.count() == 1 and Measure.objects.count() == 2


@pytest.mark.parametrize(
    "name", ["plan_exports:pdf", "plan_exports:docx", "plan_exports:markdown", "plan_exports:share"]
)
def test_another_municipalitys_plan_is_404(client, catalogue, make_user, other_municipality, name):
    stranger = make_user(Role.POLICY_ADVISER, municipality=other_municipality)
    plan = build_plan(stranger)
    client.force_login(make_user(Role.POLICY_ADVISER))
    assert client.get(reverse(name, args=[plan.pk])).status_code == 404
    assert client.get(reverse(name, args=[999999])).status_code == 404


@pytest.mark.parametrize("role", [Role.ACCESS_WORKER, Role.TEAM_LEAD, Role.FUNCTIONAL_ADMIN])
def test_only_the_policy_adviser_downloads(client, full_plan, make_user, role):
    client.force_login(make_user(role))
    assert client.get(reverse("plan_exports:pdf", args=[full_plan.pk])).status_code == 403
    assert client.post(reverse("plan_exports:pdf", args=[full_plan.pk])).status_code in (403, 405)


def test_downloads_partial_lists_the_links(full_plan):
    from django.template.loader import render_to_string

    html = render_to_string("plans/export/_downloads.html", {"plan": full_plan})
    for name in ("pdf", "docx", "markdown", "share"):
        assert reverse(f"plan_exports:{name}", args=[full_plan.pk]) in html
    assert reverse("plan_exports:import") in html

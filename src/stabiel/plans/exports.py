"""The prevention plan as a document for the council: PDF, Word (DOCX) and Markdown.

One set of facts (:func:`plan_export_data`) feeds all three formats, so they never disagree.
No participant of a work session appears by name or e-mail address: per worksheet and question
the documents show the answers grouped by perspective and the participants' own questions, with
participants' names and any e-mail address in a text blanked out.

The stability model is drawn as SVG in the PDF and as a PNG (drawn with Pillow from the same
geometry, :mod:`stabiel.catalogue.drawing`) in the Word file; Markdown gets it as a table.
"""

import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from stabiel.assessment.summary import LatestRadar, latest_radar
from stabiel.catalogue.drawing import HEIGHT, WIDTH, ModelDrawing, layout
from stabiel.catalogue.models import Pillar, Publication
from stabiel.catalogue.queries import pillars_for
from stabiel.insights.queries import figure_latest

from . import queries
from .models import Flag, Participant, Plan, WorkSession

RED = "#a4161a"
GREEN = "#1b5e20"
PILLAR_FILL = "#dbe9f6"
CORE_FILL = "#fff1c2"
INK = "#1a1a1a"


# Facts --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FlagGroup:
    """Flags of one pillar (or of action 1 or 5, which have no pillar)."""

    label: str
    red: list[Flag]
    green: list[Flag]


@dataclass(frozen=True)
class MeasureLine:
    number: int
    title: str
    description: str
    owner: str
    partners: str
    period: str
    budget: str
    indicator: str
    status: str
    state: str
    priority: str
    flags: list[str]
    practice: str
    # The outcome figure the indicator is tied to (issue 17), and its newest shown month value.
    outcome_figure: str = ""
    outcome_value: str = ""

    @property
    def outcome_text(self) -> str:
        """'Uitkomstcijfer: ...; laatste cijfer (november 2026): 78% (35 van 45)', or ''."""
        if not self.outcome_figure:
            return ""
        text = _("Uitkomstcijfer: %(title)s") % {"title": self.outcome_figure}
        if self.outcome_value:
            return f"{text}; {self.outcome_value}"
        return f"{text}; " + _("nog geen maand met genoeg gevallen om te tonen")

    @property
    def indicator_text(self) -> str:
        """The indicator as one text for Word and Markdown: the typed text and the figure."""
        return "\n".join(t for t in (self.indicator, self.outcome_text) if t)

    @property
    def status_text(self) -> str:
        """'Gepland (op schema)'; the state only when it adds something."""
        if self.state.lower() == self.status.lower():
            return self.status
        return f"{self.status} ({self.state.lower()})"


@dataclass(frozen=True)
class PerspectiveTexts:
    """What the participants of one perspective wrote, without who wrote it."""

    perspective: str
    texts: list[str]


@dataclass(frozen=True)
class QuestionAnswers:
    label: str  # "2.1"
    text: str
    groups: list[PerspectiveTexts]  # perspectives that answered, in the catalogue's order
    silent: list[str]  # perspectives without an answer


@dataclass(frozen=True)
class SheetSummary:
    number: int
    title: str
    perspectives: list[tuple[str, int]]  # perspective label -> participants who answered
    answered: int
    questions: list[QuestionAnswers]
    own_questions: list[PerspectiveTexts]


@dataclass(frozen=True)
class SessionSummary:
    title: str
    held_on: str
    place: str
    participants: int
    sheets: list[SheetSummary]


@dataclass(frozen=True)
class ProgressLine:
    """One measure's progress over the year: its reports, oldest first."""

    number: int
    title: str
    state: str
    reports: list[tuple[str, str, str]]  # date, progress, note


@dataclass(frozen=True)
class PillarProgress:
    label: str
    counts: list[tuple[str, int]]  # state label -> measures
    total: int


@dataclass
class PlanExport:
    plan: Plan
    municipality_name: str
    title: str
    year: int
    status: str
    summary: str
    generated_on: str
    drawing: ModelDrawing | None
    model_rows: list[tuple[str, int, int]]  # label, red, green (pillars, then actions 1 and 5)
    flag_groups: list[FlagGroup]
    measures: list[MeasureLine]
    budget_total: str
    sessions: list[SessionSummary]
    progress: list[ProgressLine] = field(default_factory=list)
    pillar_progress: list[PillarProgress] = field(default_factory=list)
    publications: list[Publication] = field(default_factory=list)
    # The latest self-assessment of the basic functions (radar and its table), if any.
    radar: LatestRadar | None = None

    @property
    def filename_stem(self) -> str:
        return f"preventieplan-{slugify(self.municipality_name)}-{self.year}"


def euro(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    whole = f"{amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    if whole.endswith(",00"):
        whole = whole[:-3]
    return f"€ {whole}"


def _period(starts_on: date | None, ends_on: date | None) -> str:
    def short(day):
        return date_format(day, "j b Y") if day else ""

    if starts_on and ends_on:
        return f"{short(starts_on)} \u2013 {short(ends_on)}"
    if starts_on:
        return _("vanaf %(day)s") % {"day": short(starts_on)}
    if ends_on:
        return _("tot %(day)s") % {"day": short(ends_on)}
    return ""


def _practice_label(practice) -> str:
    if practice is None:
        return ""
    who = f" ({practice.organisation})" if practice.organisation else ""
    return f"{practice.title}{who}"


def _flag_groups(flags: list[Flag], plan: Plan) -> list[FlagGroup]:
    pillars, _core = pillars_for(municipality=plan.municipality)
    groups = []
    for pillar in pillars:
        own = [f for f in flags if f.pillar_id == pillar.pk]
        groups.append(
            FlagGroup(
                label=pillar.display_name,
                red=[f for f in own if f.colour == Flag.Colour.RED],
                green=[f for f in own if f.colour == Flag.Colour.GREEN],
            )
        )
    for row in queries.action_flag_counts(flags=flags):
        action = row["action"]
        own = [f for f in flags if f.action_id == action.pk]
        groups.append(
            FlagGroup(
                label=_("Actie %(n)s: %(name)s")
                % {"n": action.number, "name": action.display_name},
                red=[f for f in own if f.colour == Flag.Colour.RED],
                green=[f for f in own if f.colour == Flag.Colour.GREEN],
            )
        )
    return groups


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def _name_pattern(session: WorkSession) -> re.Pattern | None:
    """Participants' full names and the parts of them (3 letters or more) as whole words: blanked
    out when someone writes a name in an answer."""
    parts: set[str] = set()
    for name in Participant.all_objects.filter(session=session).values_list("name", flat=True):
        name = " ".join(name.split())
        if name:
            parts.add(name)
            parts.update(w for w in re.split(r"[\s,]+", name) if len(w) >= 3)
    if not parts:
        return None
    alternatives = "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])", re.IGNORECASE)


def redact(text: str, names: re.Pattern | None) -> str:
    """Answer text for a document: no e-mail address, no participant's name."""
    text = _EMAIL.sub(_("[e-mailadres]"), text)
    if names is not None:
        text = names.sub(_("[naam]"), text)
    return text.strip()


def _session_summary(session: WorkSession) -> SessionSummary:
    names = _name_pattern(session)
    sheets = []
    for block in queries.merged_view(session=session):
        sheet = block["worksheet"]
        answered_by: dict[str, set[int]] = {}
        questions = []
        answered = 0
        for item in block["questions"]:
            answered += item["count"]
            groups = []
            for column in item["columns"]:
                label = column["perspective"].display_name
                for answer in column["answers"]:
                    answered_by.setdefault(label, set()).add(answer.participant_id)
                if column["answers"]:
                    groups.append(
                        PerspectiveTexts(
                            perspective=label,
                            texts=[redact(a.text, names) for a in column["answers"]],
                        )
                    )
            question = item["question"]
            questions.append(
                QuestionAnswers(
                    label=f"{sheet.number}.{question.number}",
                    text=question.text,
                    groups=groups,
                    silent=item["silent"],
                )
            )
        own: dict[str, list[str]] = {}
        for item in block["own"]:
            own.setdefault(item.participant.perspective.display_name, []).append(
                redact(item.text, names)
            )
        sheets.append(
            SheetSummary(
                number=sheet.number,
                title=sheet.title,
                perspectives=sorted((label, len(ids)) for label, ids in answered_by.items()),
                answered=answered,
                questions=questions,
                own_questions=[PerspectiveTexts(perspective=k, texts=v) for k, v in own.items()],
            )
        )
    return SessionSummary(
        title=session.title,
        held_on=date_format(session.held_on, "j F Y"),
        place=session.place,
        participants=session.participants.count(),
        sheets=sheets,
    )


def _progress(rows) -> list[ProgressLine]:
    return [
        ProgressLine(
            number=row.number,
            title=row.measure.title,
            state=row.state_label,
            reports=[
                (date_format(u.written_on, "j b Y"), u.get_progress_display(), u.note)
                for u in reversed(list(row.measure.updates.all()))
            ],
        )
        for row in rows
    ]


def _outcome(measure, *, plan: Plan, today: date) -> dict[str, str]:
    """The measure's outcome figure and its newest month value that may be shown (small
    numbers hidden, as on the figure's page): read through insights, aggregates only."""
    title = queries.outcome_figure_title(measure)
    if not title:
        return {}
    latest = figure_latest(
        municipality=plan.municipality_id, code=measure.outcome_figure, year=plan.year, today=today
    )
    value = ""
    if latest is not None:
        value = _("laatste cijfer (%(month)s): %(value)s") % {
            "month": date_format(latest.month, "F Y"),
            "value": latest.text,
        }
    return {"outcome_figure": title, "outcome_value": value}


def plan_export_data(*, plan: Plan, today: date | None = None) -> PlanExport:
    """Everything the documents show about one plan. The caller checked the municipality."""
    today = today or timezone.localdate()
    flags = list(queries.plan_flags(plan=plan))
    drawing = queries.plan_drawing(plan=plan, flags=flags)
    rows = queries.plan_measures(plan=plan, today=today)
    measures = []
    total = Decimal(0)
    for row in rows:
        m = row.measure
        total += m.budget or 0
        measures.append(
            MeasureLine(
                number=row.number,
                title=m.title,
                description=m.description,
                owner=m.owner,
                partners=m.partners,
                period=_period(m.starts_on, m.ends_on),
                budget=euro(m.budget),
                indicator=m.indicator,
                status=m.get_status_display(),
                state=row.state_label,
                priority=m.priority.label,
                flags=[f.title for f in m.flags.all()],
                practice=_practice_label(m.practice),
                **_outcome(m, plan=plan, today=today),
            )
        )
    model_rows = []
    if drawing is not None:
        model_rows = [(c.label, c.red or 0, c.green or 0) for c in drawing.pillars]
    model_rows += [
        (
            _("Actie %(n)s: %(name)s")
            % {"n": r["action"].number, "name": r["action"].display_name},
            r["red"],
            r["green"],
        )
        for r in queries.action_flag_counts(flags=flags)
    ]
    sessions = WorkSession.objects.filter(plan=plan, municipality=plan.municipality).order_by(
        "held_on", "pk"
    )
    return PlanExport(
        plan=plan,
        municipality_name=plan.municipality.name,
        title=plan.title,
        year=plan.year,
        status=plan.get_status_display(),
        summary=plan.summary,
        generated_on=date_format(today, "j F Y"),
        drawing=drawing,
        model_rows=model_rows,
        flag_groups=_flag_groups(flags, plan),
        measures=measures,
        budget_total=euro(total) if any(r.measure.budget is not None for r in rows) else "",
        sessions=[_session_summary(s) for s in sessions],
        progress=_progress(rows),
        pillar_progress=[
            PillarProgress(
                label=group["label"],
                counts=[(str(queries.STATE_LABELS[k]), n) for k, n in group["counts"].items()],
                total=group["total"],
            )
            for group in queries.progress_by_pillar(plan=plan, rows=rows)
        ],
        publications=list(
            Publication.objects.filter(
                code__in=["vng-stop-het-stapelen-2022", "kpmg-basisfuncties-2019"]
            )
        ),
        radar=latest_radar(municipality=plan.municipality),
    )


def _radar_intro(radar: LatestRadar) -> str:
    return _(
        "Uitkomst van de laatste zelfevaluatie van de basisfuncties van het lokale team, ronde "
        "'%(title)s' van %(date)s: de gemiddelde score per basisfunctie (1 tot en met 5)."
    ) % {"title": radar.round_title, "date": radar.round_date}


# The stability model as SVG and PNG ---------------------------------------------------------


def model_svg(drawing: ModelDrawing) -> str:
    """A self-contained SVG (presentation attributes, no classes) for print."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(drawing.caption)}">',
        f"<title>{escape(drawing.caption)}</title>",
    ]
    for shape in layout(drawing):
        fill = CORE_FILL if shape["kind"] == "core" else PILLAR_FILL
        parts.append(
            f'<polygon points="{shape["points"]}" fill="{fill}" stroke="{INK}" stroke-width="2"/>'
        )
        size = 14 if shape["kind"] == "core" else 15
        parts.extend(
            f'<text x="{shape["x"]:.1f}" y="{line["y"]:.1f}" text-anchor="middle" '
            f'font-family="Liberation Sans, DejaVu Sans, Arial, sans-serif" '
            f'font-weight="bold" font-size="{size}" fill="{INK}">{escape(line["text"])}</text>'
            for line in shape["lines"]
        )
        for badge in shape["badges"]:
            colour = RED if badge["colour"] == "red" else GREEN
            parts.append(
                f'<circle cx="{badge["x"]:.1f}" cy="{badge["y"]:.1f}" r="17" fill="{colour}"/>'
                f'<text x="{badge["x"]:.1f}" y="{badge["y"] + 5:.1f}" text-anchor="middle" '
                f'font-family="Liberation Sans, DejaVu Sans, Arial, sans-serif" '
                f'font-weight="bold" font-size="15" fill="#ffffff">{escape(str(badge["value"]))}'
                f"</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


_FONT_FILES = (
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
)


def _font(size: int):
    from PIL import ImageFont

    for path in _FONT_FILES:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def model_png(drawing: ModelDrawing, *, scale: int = 3) -> bytes:
    """The same drawing as a PNG (Pillow), for Word, which does not show SVG everywhere."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH * scale, HEIGHT * scale), "white")
    pen = ImageDraw.Draw(image)

    def point(pair: str) -> tuple[float, float]:
        x, y = pair.split(",")
        return float(x) * scale, float(y) * scale

    for shape in layout(drawing):
        fill = CORE_FILL if shape["kind"] == "core" else PILLAR_FILL
        corners = [point(p) for p in shape["points"].split()]
        pen.polygon(corners, fill=fill, outline=INK, width=2 * scale)
        font = _font((14 if shape["kind"] == "core" else 15) * scale)
        for line in shape["lines"]:
            pen.text(
                (shape["x"] * scale, line["y"] * scale),
                line["text"],
                fill=INK,
                font=font,
                anchor="ms",
            )
        for badge in shape["badges"]:
            colour = RED if badge["colour"] == "red" else GREEN
            cx, cy, r = badge["x"] * scale, badge["y"] * scale, 17 * scale
            pen.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)
            pen.text(
                (cx, cy + 5 * scale), str(badge["value"]), fill="white", font=_font(15 * scale),
                anchor="ms",
            )  # fmt: skip
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


# PDF ----------------------------------------------------------------------------------------


def render_pdf(data: PlanExport) -> bytes:
    import weasyprint

    html = render_to_string(
        "plans/export/plan.html",
        {
            "data": data,
            "svg": model_svg(data.drawing) if data.drawing else "",
            "pillars": Pillar.objects.filter(municipality__isnull=True),
        },
    )
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


# Word ---------------------------------------------------------------------------------------


def _docx_page_number(paragraph) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for text_before, instruction in ((_("Pagina "), "PAGE"), (_(" van "), "NUMPAGES")):
        paragraph.add_run(text_before)
        run = paragraph.add_run()
        begin = OxmlElement("w:fldChar")
        begin.set(qn("w:fldCharType"), "begin")
        code = OxmlElement("w:instrText")
        code.set(qn("xml:space"), "preserve")
        code.text = instruction
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        run._r.append(begin)
        run._r.append(code)
        run._r.append(end)


def _docx_table(document, headers: list[str], rows: list[list[str]], *, font_pt: float = 9):
    from docx.shared import Pt

    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(font_pt)
    # Repeat the header row on every page.
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header_props = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_props.append(repeat)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(str(text))
            run.font.size = Pt(font_pt)
    return table


def render_docx(data: PlanExport) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Cm, Pt

    document = Document()
    document.core_properties.title = data.title
    document.core_properties.author = data.municipality_name
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10.5)
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _docx_page_number(footer)

    # Cover
    document.add_paragraph(data.municipality_name).runs[0].font.size = Pt(16)
    document.add_heading(data.title, level=0)
    cover = document.add_paragraph()
    cover.add_run(_("Jaar: %(year)s") % {"year": data.year}).bold = True
    cover.add_run("\n" + _("Status: %(status)s") % {"status": data.status})
    cover.add_run("\n" + _("Gemaakt op %(day)s") % {"day": data.generated_on})
    document.add_paragraph(
        _(
            "Dit plan volgt de aanpak 'Stop het stapelen' van de VNG (2022): minder stress en "
            "meer veiligheid voor inwoners door te werken aan bestaanszekerheid, continuïteit "
            "van zorg en ondersteuning, en meedoen."
        )
    )
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    document.add_heading(_("1. Samenvatting"), level=1)
    document.add_paragraph(data.summary or _("Er is nog geen samenvatting geschreven."))

    document.add_heading(_("2. Het stabiliteitsmodel"), level=1)
    document.add_paragraph(
        _(
            "Het model laat per pijler zien hoeveel rode vlaggen (wat niet goed gaat) en groene "
            "vlaggen (wat helpt) dit plan benoemt."
        )
    )
    if data.drawing is not None:
        document.add_picture(io.BytesIO(model_png(data.drawing)), width=Cm(11))
        document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        document.add_paragraph(data.drawing.caption).runs[0].italic = True
    _docx_table(
        document,
        [_("Onderdeel"), _("Rode vlaggen"), _("Groene vlaggen")],
        [[label, str(red), str(green)] for label, red, green in data.model_rows],
        font_pt=10,
    )
    if data.radar is not None:
        document.add_heading(_("Zelfevaluatie van de basisfuncties"), level=2)
        document.add_paragraph(_radar_intro(data.radar))
        _docx_table(
            document,
            [_("Basisfunctie"), _("Gemiddelde score"), _("Aantal scores")],
            [[name, mean, str(n)] for name, mean, n in data.radar.rows],
            font_pt=10,
        )

    document.add_heading(_("3. Rode en groene vlaggen per pijler"), level=1)
    for group in data.flag_groups:
        document.add_heading(group.label, level=2)
        if not group.red and not group.green:
            document.add_paragraph(_("Geen vlaggen."))
        for colour, flags in ((_("Rode vlag"), group.red), (_("Groene vlag"), group.green)):
            for flag in flags:
                item = document.add_paragraph(style="List Bullet")
                item.add_run(f"{colour}: ").bold = True
                item.add_run(flag.title)
                if flag.description:
                    item.add_run(f" — {flag.description}")

    # Measures on a landscape page: the table has many columns.
    wide = document.add_section()
    wide.orientation = WD_ORIENT.LANDSCAPE
    wide.page_width, wide.page_height = Cm(29.7), Cm(21.0)
    document.add_heading(_("4. Maatregelen"), level=1)
    if data.measures:
        _docx_table(
            document,
            [
                "#",
                _("Maatregel"),
                _("Eigenaar"),
                _("Periode"),
                _("Budget"),
                _("Indicator"),
                _("Status"),
                _("Prioriteit"),
            ],
            [
                [
                    str(m.number),
                    m.title + (f"\n{_('Goed voorbeeld')}: {m.practice}" if m.practice else ""),
                    m.owner,
                    m.period,
                    m.budget,
                    m.indicator_text,
                    m.status_text,
                    m.priority,
                ]
                for m in data.measures
            ],
            font_pt=8.5,
        )
        if data.budget_total:
            document.add_paragraph(_("Totaal budget: %(total)s") % {"total": data.budget_total})
    else:
        document.add_paragraph(_("Dit plan heeft nog geen maatregelen."))

    upright = document.add_section()
    upright.orientation = WD_ORIENT.PORTRAIT
    upright.page_width, upright.page_height = Cm(21.0), Cm(29.7)
    document.add_heading(_("5. Werksessies"), level=1)
    _docx_sessions(document, data)
    _docx_progress(document, data)
    document.add_heading(_("Verantwoording"), level=1)
    document.add_paragraph(_accountability())
    for publication in data.publications:
        document.add_paragraph(str(publication), style="List Bullet")

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_sessions(document, data: PlanExport) -> None:
    if not data.sessions:
        document.add_paragraph(_("Er zijn nog geen werksessies gehouden."))
    document.add_paragraph(_privacy_note())
    for session in data.sessions:
        document.add_heading(
            _("%(title)s, %(day)s, %(place)s")
            % {"title": session.title, "day": session.held_on, "place": session.place},
            level=2,
        )
        for sheet in session.sheets:
            document.add_heading(
                _("Werkblad %(n)s: %(title)s") % {"n": sheet.number, "title": sheet.title},
                level=3,
            )
            if not sheet.answered and not sheet.own_questions:
                document.add_paragraph(_("Nog geen antwoorden."))
                continue
            for question in sheet.questions:
                heading = document.add_paragraph()
                heading.add_run(f"{question.label} {question.text}").bold = True
                if not question.groups:
                    document.add_paragraph(_("Nog geen antwoorden op deze vraag.")).runs[
                        0
                    ].italic = True
                for group in question.groups:
                    label = document.add_paragraph()
                    label.add_run(f"{group.perspective}:").italic = True
                    for text in group.texts:
                        document.add_paragraph(text, style="List Bullet")
            document.add_paragraph().add_run(_("Eigen vragen van de deelnemers")).bold = True
            if not sheet.own_questions:
                document.add_paragraph(_("Geen eigen vragen."))
            for group in sheet.own_questions:
                label = document.add_paragraph()
                label.add_run(f"{group.perspective}:").italic = True
                for text in group.texts:
                    document.add_paragraph(text, style="List Bullet")


def _docx_progress(document, data: PlanExport) -> None:
    document.add_heading(_("6. Voortgang door het jaar"), level=1)
    if not data.measures:
        document.add_paragraph(_("Dit plan heeft nog geen maatregelen."))
        return
    document.add_heading(_("Per pijler"), level=2)
    _docx_table(
        document,
        [
            _("Pijler of actie"),
            *[label for label, _n in data.pillar_progress[0].counts],
            _("Totaal"),
        ],
        [[g.label, *[str(n) for _l, n in g.counts], str(g.total)] for g in data.pillar_progress],
        font_pt=9,
    )
    document.add_heading(_("Per maatregel"), level=2)
    for line in data.progress:
        item = document.add_paragraph()
        item.add_run(f"{line.number}. {line.title}").bold = True
        item.add_run(f" — {line.state}")
        if not line.reports:
            document.add_paragraph(_("Nog geen berichten over de voortgang."), style="List Bullet")
        for day, progress, note in line.reports:
            document.add_paragraph(f"{day}, {progress.lower()}: {note}", style="List Bullet")


def _privacy_note() -> str:
    return _(
        "Per werkblad en vraag staan de antwoorden van de deelnemers, gegroepeerd per "
        "perspectief, en de eigen vragen die zij toevoegden. Namen en e-mailadressen van "
        "deelnemers staan niet in dit document; noemde iemand een naam in een antwoord, dan staat "
        "daar [naam]."
    )


def _accountability() -> str:
    return _(
        "Gemaakt met Stabiel. De werkbladen, vlaggen en het stabiliteitsmodel komen uit de "
        "publicaties hieronder; de tekst van dit plan is van de gemeente."
    )


# Markdown -----------------------------------------------------------------------------------


def _md(text) -> str:
    """One table cell or line: no pipes or line breaks that would break the table."""
    return " ".join(str(text or "").split()).replace("|", "\\|")


def render_markdown(data: PlanExport) -> str:
    lines = [
        f"# {_md(data.title)}",
        "",
        f"**{_('Gemeente')}:** {_md(data.municipality_name)}  ",
        f"**{_('Jaar')}:** {data.year}  ",
        f"**{_('Status')}:** {_md(data.status)}  ",
        f"**{_('Gemaakt op')}:** {data.generated_on}",
        "",
        f"## {_('1. Samenvatting')}",
        "",
        data.summary.strip() or _("Er is nog geen samenvatting geschreven."),
        "",
        f"## {_('2. Het stabiliteitsmodel')}",
        "",
        _(
            "Het stabiliteitsmodel: drie pijlers rond de kern 'minder stress, meer veiligheid'. "
            "Per onderdeel het aantal rode en groene vlaggen in dit plan."
        ),
        "",
        f"| {_('Onderdeel')} | {_('Rode vlaggen')} | {_('Groene vlaggen')} |",
        "| --- | ---: | ---: |",
        *[f"| {_md(label)} | {red} | {green} |" for label, red, green in data.model_rows],
        "",
        *(
            [
                f"### {_('Zelfevaluatie van de basisfuncties')}",
                "",
                _radar_intro(data.radar),
                "",
                f"| {_('Basisfunctie')} | {_('Gemiddelde score')} | {_('Aantal scores')} |",
                "| --- | ---: | ---: |",
                *[f"| {_md(name)} | {mean} | {n} |" for name, mean, n in data.radar.rows],
                "",
            ]
            if data.radar
            else []
        ),
        f"## {_('3. Rode en groene vlaggen per pijler')}",
        "",
    ]
    for group in data.flag_groups:
        lines += [f"### {_md(group.label)}", ""]
        if not group.red and not group.green:
            lines += [_("Geen vlaggen."), ""]
            continue
        for colour, flags in ((_("Rode vlag"), group.red), (_("Groene vlag"), group.green)):
            for flag in flags:
                extra = f" — {_md(flag.description)}" if flag.description else ""
                lines.append(f"- **{colour}:** {_md(flag.title)}{extra}")
        lines.append("")
    lines += [f"## {_('4. Maatregelen')}", ""]
    if data.measures:
        lines += [
            "| # | "
            + " | ".join(
                [
                    _("Maatregel"),
                    _("Eigenaar"),
                    _("Periode"),
                    _("Budget"),
                    _("Indicator"),
                    _("Status"),
                    _("Prioriteit"),
                ]
            )
            + " |",
            "| ---: | --- | --- | --- | ---: | --- | --- | --- |",
        ]
        for m in data.measures:
            title = _md(m.title)
            if m.practice:
                title += f" ({_('goed voorbeeld')}: {_md(m.practice)})"
            indicator = m.indicator_text.replace("\n", " — ")
            cells = [m.owner, m.period, m.budget, indicator, m.status_text]
            lines.append(
                f"| {m.number} | {title} | "
                + " | ".join(_md(c) for c in cells)
                + f" | {_md(m.priority)} |"
            )
        if data.budget_total:
            lines += ["", _("Totaal budget: %(total)s") % {"total": data.budget_total}]
    else:
        lines.append(_("Dit plan heeft nog geen maatregelen."))
    lines += ["", f"## {_('5. Werksessies')}", "", _privacy_note(), ""]
    if not data.sessions:
        lines += [_("Er zijn nog geen werksessies gehouden."), ""]
    for session in data.sessions:
        lines += [
            f"### {_md(session.title)}, {session.held_on}, {_md(session.place)}",
            "",
        ]
        for sheet in session.sheets:
            lines += _markdown_sheet(sheet)
    lines += _markdown_progress(data)
    lines += [f"## {_('Verantwoording')}", "", _accountability(), ""]
    lines += [f"- {_md(p)}" for p in data.publications]
    return "\n".join(lines).rstrip() + "\n"


def _markdown_sheet(sheet: SheetSummary) -> list[str]:
    title = _("Werkblad %(n)s: %(title)s") % {"n": sheet.number, "title": _md(sheet.title)}
    lines = [f"#### {title}", ""]
    if not sheet.answered and not sheet.own_questions:
        return [*lines, _("Nog geen antwoorden."), ""]
    for question in sheet.questions:
        lines += [f"**{question.label} {_md(question.text)}**", ""]
        if not question.groups:
            lines += [f"_{_('Nog geen antwoorden op deze vraag.')}_", ""]
        for group in question.groups:
            lines.append(f"- _{_md(group.perspective)}_")
            lines += [f"  - {_md(text)}" for text in group.texts]
        lines.append("")
    lines += [f"**{_('Eigen vragen van de deelnemers')}**", ""]
    if not sheet.own_questions:
        lines.append(_("Geen eigen vragen."))
    for group in sheet.own_questions:
        lines.append(f"- _{_md(group.perspective)}_")
        lines += [f"  - {_md(text)}" for text in group.texts]
    return [*lines, ""]


def _markdown_progress(data: PlanExport) -> list[str]:
    lines = [f"## {_('6. Voortgang door het jaar')}", ""]
    if not data.measures:
        return [*lines, _("Dit plan heeft nog geen maatregelen."), ""]
    labels = [label for label, _n in data.pillar_progress[0].counts]
    lines += [
        f"### {_('Per pijler')}",
        "",
        "| " + " | ".join([_("Pijler of actie"), *labels, _("Totaal")]) + " |",
        "| --- |" + " ---: |" * (len(labels) + 1),
        *[
            "| " + " | ".join([_md(g.label), *[str(n) for _l, n in g.counts], str(g.total)]) + " |"
            for g in data.pillar_progress
        ],
        "",
        f"### {_('Per maatregel')}",
        "",
    ]
    for line in data.progress:
        lines.append(f"- **{line.number}. {_md(line.title)}** — {_md(line.state)}")
        if not line.reports:
            lines.append(f"  - {_('Nog geen berichten over de voortgang.')}")
        lines += [
            f"  - {day}, {_md(progress.lower())}: {_md(note)}"
            for day, progress, note in line.reports
        ]
    return [*lines, ""]

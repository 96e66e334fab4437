"""The letter as a PDF for print: tagged (PDF/UA-1) so a screen reader can read it, in the
theme's Noto Sans (from npm, never a font host), core message on the front and the legally
required text on the back (VNG, *Stop het stapelen*, 2022, "Communiceer helder en persoonlijk").
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import override

from stabiel.plainlanguage import outreach

FONT_DIR = settings.NODE_MODULES / "@fontsource" / "noto-sans" / "files"


def _paragraphs(text: str) -> list[list[str]]:
    """Paragraphs (split on blank lines), each a list of lines."""
    blocks = [block.strip() for block in text.split("\n\n")]
    return [block.split("\n") for block in blocks if block]


def experience_link(letter, request=None) -> str:
    """The full link to the experience questions the letter carries, or ""."""
    if not letter.experience_token:
        return ""
    path = reverse("insights:experience-answer", kwargs={"token": letter.experience_token})
    return request.build_absolute_uri(path) if request is not None else path


def letter_content(letter, identity, addressee, *, request=None) -> dict:
    """What the letter says and where it goes. `identity` and `addressee` come from the door
    (`household_identity_get`); `addressee` is None when the person no longer lives there."""
    version = letter.template_version
    with override("nl"):
        day = date_format(letter.made_on, "j F Y")
    name = addressee.name if addressee else identity.label
    values = {
        "naam": name,
        "medewerker": letter.made_by.get_full_name() or letter.made_by.username,
        "datum": day,
        "persoonlijke_zin": letter.personal_sentence,
        "ervaringslink": experience_link(letter, request),
    }
    mark = letter.supporter_mark
    home = addressee.home_lines if addressee else ()
    if mark is not None:
        organisation = [mark.supporter_organisation] if mark.supporter_organisation else []
        to_lines = [mark.supporter_name, *organisation, *mark.supporter_address_lines]
    else:
        to_lines = [name, *home]
    return {
        "title": version.template.name,
        "to_lines": to_lines,
        "via_supporter": mark is not None,
        "supporter_contact": mark.supporter_contact if mark is not None else "",
        "for_name": name,
        "for_address": home,
        "day": day,
        "core": _paragraphs(outreach.fill(version.core_text, values)),
        "back": _paragraphs(outreach.fill(version.back_text, values)),
        "reference": f"{identity.label}-{letter.pk}",
    }


def fonts() -> list[dict]:
    faces = []
    for weight in (400, 700):
        for subset in ("latin", "latin-ext"):
            path = FONT_DIR / f"noto-sans-{subset}-{weight}-normal.woff"
            if path.exists():
                faces.append({"weight": weight, "url": path.as_uri()})
    return faces


def letter_pdf(letter, identity, addressee, *, request=None) -> bytes:
    import weasyprint  # loaded when a PDF is asked for: it pulls in Pango

    # The letter is Dutch like its template, whatever language the worker reads.
    with override("nl"):
        html = render_to_string(
            "correspondence/letter_pdf.html",
            {
                "letter": letter,
                "content": letter_content(letter, identity, addressee, request=request),
                "fonts": fonts(),
                "municipality": letter.municipality.name,
            },
            request=request,
        )
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)

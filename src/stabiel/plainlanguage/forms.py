from django import forms
from django.utils.translation import gettext_lazy as _

from stabiel.core.forms import StabielForm

from . import outreach
from .checker.documents import MAX_CHARS
from .models import LetterTemplate


class LetterForm(StabielForm):
    text = forms.CharField(
        label=_("Tekst van de brief"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "maxlength": MAX_CHARS}),
        help_text=_("Plak de brief hier, of kies hieronder een bestand. We bewaren de tekst niet."),
    )
    document = forms.FileField(
        label=_("Of kies een bestand (.docx of .txt)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.txt"}),
    )


class JargonPairForm(StabielForm):
    term = forms.CharField(
        label=_("Ambtelijk woord of zinsdeel"),
        max_length=80,
        help_text=_("Een woord of zinsdeel dat vaak in brieven van uw gemeente staat."),
        error_messages={"required": _("Vul het ambtelijke woord in.")},
    )
    plain = forms.CharField(
        label=_("Gewoner woord"),
        max_length=200,
        help_text=_("Het woord dat een lezer beter begrijpt."),
        error_messages={"required": _("Vul een gewoner woord in.")},
    )


class LetterTemplateForm(StabielForm):
    """A template's text. `with_identity` adds the name and purpose (only when it is new)."""

    name = forms.CharField(
        label=_("Naam van het sjabloon"),
        max_length=120,
        error_messages={"required": _("Geef het sjabloon een naam.")},
    )
    purpose = forms.ChoiceField(
        label=_("Waarvoor is de brief?"),
        choices=LetterTemplate.Purpose.choices,
        error_messages={
            "required": _("Kies waarvoor de brief is."),
            "invalid_choice": _("Kies waarvoor de brief is."),
        },
    )
    core_text = forms.CharField(
        label=_("Voorkant: de kern van de brief"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "maxlength": outreach.MAX_TEXT}),
        help_text=_(
            "Zet de kern in een paar zinnen bovenaan. Zeg wie de lezer kan bellen. "
            "Invulvelden: {naam}, {medewerker}, {datum}, {persoonlijke_zin}."
        ),
        error_messages={"required": _("Schrijf de kern van de brief.")},
    )
    back_text = forms.CharField(
        label=_("Achterkant: wat volgens de wet in de brief moet (mag leeg)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": outreach.MAX_TEXT}),
    )
    note = forms.CharField(
        label=_("Wat is er veranderd? (voor de geschiedenis)"), max_length=300, required=False
    )
    activate = forms.BooleanField(
        label=_("Maak deze versie actief (alleen als de brief de toets haalt)"), required=False
    )

    def __init__(self, *args, with_identity: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_identity:
            del self.fields["name"]
            del self.fields["purpose"]

from django import forms
from django.utils.translation import gettext_lazy as _

from stabiel.core.forms import StabielForm

from .checker.documents import MAX_CHARS


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

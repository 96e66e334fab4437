"""Pick a household through the search instead of typing its code.

Case, meeting and supporter screens use `HouseholdPickField`: it shows the chosen household
and a link to the search (`residents:search`), which sends the worker back with
``?huishouden=HH-…`` once they choose. Works without JavaScript. A view calls
`pick_prepare(form, field, request)` so the link knows where to come back to.
"""

import re
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

LABEL = re.compile(r"HH-[0-9A-F]{6}")  # a household label, as pseudonyms.label_for makes it
PICKED = "huishouden"  # the query parameter the search sends back


class HouseholdPickWidget(forms.TextInput):
    template_name = "residents/widgets/household_pick.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"readonly": True, "size": 10, **(attrs or {})})
        self.return_to = ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        query = {"terug": self.return_to} if self.return_to else {}
        context["pick_url"] = f"{reverse('residents:search')}?{urlencode(query)}".rstrip("?")
        context["picked"] = bool(value)
        return context


class HouseholdPickField(forms.CharField):
    widget = HouseholdPickWidget

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Huishouden"))
        kwargs.setdefault("max_length", 16)
        kwargs.setdefault(
            "help_text", _("Zoek het huishouden op naam, geboortedatum, adres of BSN en kies het.")
        )
        kwargs.setdefault("error_messages", {"required": _("Zoek en kies eerst een huishouden.")})
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        label = str(super().clean(value)).strip().upper()
        if label and not LABEL.fullmatch(label):
            raise forms.ValidationError(_("Zoek en kies het huishouden opnieuw."))
        return label


def safe_return(path: str) -> str:
    """A path on this site to go back to, or ''."""
    if path.startswith("/") and url_has_allowed_host_and_scheme(path, allowed_hosts=None):
        return path
    return ""


def pick_prepare(form: forms.BaseForm, field: str, request: HttpRequest) -> None:
    """Point the field's search link back at this page, and fill in a household just chosen."""
    widget = form.fields[field].widget
    if isinstance(widget, HouseholdPickWidget):
        widget.return_to = request.path
    picked = request.GET.get(PICKED, "").strip().upper()
    if not form.is_bound and LABEL.fullmatch(picked):
        form.initial[field] = picked


def picked_url(return_to: str, label: str) -> str:
    """Where the search sends the worker after choosing a household."""
    separator = "&" if "?" in return_to else "?"
    return f"{return_to}{separator}{urlencode({PICKED: label})}"

"""Residents screens: find a household, see who lives there (after giving a purpose), and note
the phone and e-mail a resident gives. Thin: the door in `access` reads and logs, services write."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from stabiel.accounts.policy import Permission, PermissionRequiredMixin

from . import access, services
from .forms import WORK_PURPOSES, ContactForm, HouseholdSearchForm, PurposeForm
from .picking import picked_url, safe_return

SEARCH_FIELDS = ("surname", "birth_date", "postcode", "house_number", "bsn", "label", "purpose")


def household_url(household_id: int, purpose: str = "") -> str:
    url = reverse("residents:household-detail", args=[household_id])
    return f"{url}?purpose={purpose}" if purpose else url


class HouseholdSearchView(PermissionRequiredMixin, View):
    """Search by surname, birth date, postcode and house number, BSN or label, within the
    worker's teams; the search and every household in the results are logged with the purpose."""

    permission = Permission.CASES_WORK

    def get(self, request: HttpRequest) -> HttpResponse:
        return_to = safe_return(request.GET.get("terug", ""))
        searched = any(name in request.GET for name in SEARCH_FIELDS)
        data = request.GET.copy()
        data["terug"] = return_to
        form = HouseholdSearchForm(data if searched else None, initial={"terug": return_to})
        context: dict[str, Any] = {"form": form, "return_to": return_to, "result": None}
        if searched and form.is_valid():
            purpose = str(access.PURPOSES[form.cleaned_data["purpose"]])
            result = access.households_search(
                actor=request.user, purpose=purpose, terms=form.terms()
            )
            context["result"] = result
            context["rows"] = [
                {
                    "household": household,
                    "open_url": household_url(household.household_id, form.cleaned_data["purpose"]),
                    "pick_url": picked_url(return_to, household.label) if return_to else "",
                }
                for household in result.households
            ]
        return TemplateResponse(request, "residents/search.html", context)


class HouseholdDetailView(PermissionRequiredMixin, View):
    """Who lives here and where, with phone and e-mail: only after the worker says why."""

    permission = Permission.CASES_WORK

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = PurposeForm(request.GET if "purpose" in request.GET else None)
        if not form.is_bound or not form.is_valid():
            # Nothing about the household is shown (or looked up) before a purpose is given.
            return TemplateResponse(
                request, "residents/purpose.html", {"form": form, "household_id": pk}
            )
        purpose_key = form.cleaned_data["purpose"]
        household = access.household_identity_get(
            actor=request.user,
            household_id=pk,
            purpose=str(access.PURPOSES[purpose_key]),
            shown="namen, geboortedata, adres, telefoon en e-mail",
        )
        return TemplateResponse(
            request,
            "residents/household_detail.html",
            {"household": household, "purpose": purpose_key},
        )


class ContactEditView(PermissionRequiredMixin, View):
    """Phone and e-mail of one member, as the resident gave them. The feed never touches them."""

    permission = Permission.CASES_WORK

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        purpose = request.POST.get("purpose") or request.GET.get("purpose", "")
        self.purpose_key = purpose if purpose in dict(WORK_PURPOSES) else ""

    def context(self, pk: int, person_pk: int, form: ContactForm | None = None) -> dict[str, Any]:
        household = access.household_identity_get(
            actor=self.request.user,
            household_id=pk,
            purpose=str(access.PURPOSES[self.purpose_key]),
            shown="telefoon en e-mail van een bewoner",
        )
        member = next((m for m in household.members if m.person_id == person_pk), None)
        if member is None:
            raise Http404
        if form is None:
            form = ContactForm(initial={"phone": member.phone, "email": member.email})
        return {"household": household, "member": member, "form": form, "purpose": self.purpose_key}

    def get(self, request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
        if not self.purpose_key:
            return redirect(household_url(pk))
        return TemplateResponse(request, "residents/contact_form.html", self.context(pk, person_pk))

    def post(self, request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
        if not self.purpose_key:
            return redirect(household_url(pk))
        form = ContactForm(request.POST)
        if form.is_valid():
            try:
                services.person_contact_set(
                    actor=request.user,
                    household_id=pk,
                    person_id=person_pk,
                    phone=form.cleaned_data["phone"],
                    email=form.cleaned_data["email"],
                    purpose=str(access.PURPOSES[self.purpose_key]),
                )
            except services.ResidentInputError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, _("De contactgegevens zijn opgeslagen."))
                return redirect(household_url(pk, self.purpose_key))
        return TemplateResponse(
            request, "residents/contact_form.html", self.context(pk, person_pk, form)
        )

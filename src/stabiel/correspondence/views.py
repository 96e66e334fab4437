"""Letter screens. Thin: the household is opened through the door (logged with its purpose),
queries read, services write."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from stabiel.accounts.policy import Permission, PermissionRequiredMixin, may
from stabiel.cases.queries import case_get
from stabiel.plainlanguage import rendering
from stabiel.plainlanguage.models import LetterTemplate
from stabiel.plainlanguage.queries import active_templates
from stabiel.residents.access import household_identity_get, households_searchable_by
from stabiel.rules.alert_queries import alert_detail

from . import pdf, queries, recipients, services
from .forms import LetterForm, PhoneCallForm, PhoneFirstForm

PURPOSE = gettext_lazy("Brief aan het huishouden maken")


def _origin(request, household_id: int):
    """The case or alert the worker came from (?casus= / ?melding=), only if visible and of
    this household."""
    case = alert = None
    case_id, alert_id = request.GET.get("casus", ""), request.GET.get("melding", "")
    if case_id.isdigit():
        case = case_get(actor=request.user, pk=int(case_id))
        if case.household_id != household_id:
            raise Http404
    if alert_id.isdigit():
        alert = alert_detail(actor=request.user, pk=int(alert_id))
        if alert.household_id != household_id:
            raise Http404
    return case, alert


def household_letters_url(household_id: int, *, case=None, alert=None) -> str:
    url = reverse("correspondence:household-letters", args=[household_id])
    params = []
    if case is not None:
        params.append(f"casus={case.pk}")
    if alert is not None:
        params.append(f"melding={alert.pk}")
    return f"{url}?{'&'.join(params)}" if params else url


def open_through_door(request, household_id: int, *, shown: str, action: str):
    """Names and address through the residents door (logged: who, when, what, why), and the
    household row the letters hang on (no second log row: the door just wrote one)."""
    identity = household_identity_get(
        actor=request.user,
        household_id=household_id,
        purpose=str(PURPOSE),
        shown=shown,
        action=action,
    )
    household = households_searchable_by(request.user).get(pk=identity.household_id)
    return identity, household


class HouseholdMixin(PermissionRequiredMixin):
    permission = Permission.CASES_WORK
    shown = "namen en adres voor een brief"
    action = "view"

    def open_household(self, request, household_id: int):
        self.case, self.alert = _origin(request, household_id)
        self.identity, self.household = open_through_door(
            request, household_id, shown=self.shown, action=self.action
        )
        self.today = timezone.localdate()
        self.addressees = recipients.addressees(
            self.identity, municipality_id=self.household.municipality_id, day=self.today
        )
        # The invitation for turning 18 is made from the list of young people, not here.
        self.templates = [
            t
            for t in active_templates(municipality=request.user.municipality)
            if t.purpose != LetterTemplate.Purpose.TURNING_18
        ]

    def door(self) -> dict:
        return {"household": self.household, "identity": self.identity}

    def page(self, *, status: int = 200, **extra):
        household = self.household
        here = household_letters_url(household.pk, case=self.case, alert=self.alert)
        context = {
            "household": household,
            "case": self.case,
            "alert": self.alert,
            "addressees": self.addressees,
            "minors": recipients.minors_left_out(self.identity, self.today),
            "templates": self.templates,
            "phone_first": list(queries.phone_first_active(household, self.today)),
            "calls": list(queries.calls_for_household(household)[:10]),
            "call_needed": queries.call_needed(household, self.today),
            "letters": list(
                queries.letters_for_household(actor=self.request.user, household=household)[:50]
            ),
            "here": here,
            "query": here[len(self.request.path) :] if "?" in here else "",
            "call_valid_days": queries.CALL_VALID_DAYS,
            **extra,
        }
        context.setdefault(
            "letter_form", LetterForm(templates=self.templates, addressees=self.addressees)
        )
        context.setdefault(
            "phone_first_form", PhoneFirstForm(addressees=self.addressees, prefix="eerst")
        )
        context.setdefault(
            "call_form",
            PhoneCallForm(initial={"called_on": self.today.isoformat()}, prefix="gesprek"),
        )
        return render(self.request, "correspondence/household_letters.html", context, status=status)


class HouseholdLettersView(HouseholdMixin, View):
    """The letters of one household: make one from an active template, phone first, history."""

    def get(self, request, household_id):
        self.open_household(request, household_id)
        return self.page()

    def post(self, request, household_id):
        self.open_household(request, household_id)
        form = LetterForm(request.POST, templates=self.templates, addressees=self.addressees)
        if not form.is_valid():
            return self.page(letter_form=form, status=400)
        arguments = {
            "actor": request.user,
            **self.door(),
            "person_id": form.cleaned_data["person"],
            "template_id": form.cleaned_data["template"],
            "personal_sentence": form.cleaned_data["personal_sentence"],
            "case": self.case,
            "alert": self.alert,
        }
        try:
            if request.POST.get("stap") == "maken":
                letter = services.letter_make(**arguments)
            else:
                _template, addressee, checked = services.letter_preview(**arguments)
                items = rendering.numbered(checked.result.marks)
                return self.page(
                    letter_form=form,
                    preview=True,
                    checked=checked,
                    check_items=items,
                    check_html=rendering.marked_html(checked.text, items),
                    chosen=addressee,
                )
        except services.LetterInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            extra = {}
            if exc.supporter_mark_id is not None:
                mark_page = reverse("supporters:mark-detail", args=[exc.supporter_mark_id])
                extra["address_fix_url"] = f"{mark_page}#postadres"
            if exc.check is not None:
                items = rendering.numbered(exc.check.result.marks)
                extra = {
                    "checked": exc.check,
                    "check_items": items,
                    "check_html": rendering.marked_html(exc.check.text, items),
                }
            return self.page(letter_form=form, status=400, **extra)
        messages.success(request, _("De brief is gemaakt. Print hem en stuur hem op."))
        return redirect("correspondence:letter-detail", pk=letter.pk)


class PhoneFirstCreateView(HouseholdMixin, View):
    http_method_names = ["post"]
    action = "change"

    def post(self, request, household_id):
        self.open_household(request, household_id)
        form = PhoneFirstForm(request.POST, addressees=self.addressees, prefix="eerst")
        if form.is_valid():
            try:
                data = dict(form.cleaned_data)
                services.phone_first_create(
                    actor=request.user,
                    **self.door(),
                    person_id=data.pop("person"),
                    **data,
                )
            except services.LetterInputError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, _("Opgeslagen: bel eerst voordat er een brief gaat."))
                return redirect(
                    household_letters_url(self.household.pk, case=self.case, alert=self.alert)
                )
        return self.page(phone_first_form=form, status=400)


class PhoneCallView(HouseholdMixin, View):
    http_method_names = ["post"]
    action = "change"

    def post(self, request, household_id):
        self.open_household(request, household_id)
        form = PhoneCallForm(request.POST, prefix="gesprek")
        if form.is_valid():
            try:
                services.phone_call_record(
                    actor=request.user,
                    household=self.household,
                    case=self.case,
                    **form.cleaned_data,
                )
            except services.LetterInputError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, _("Het gesprek is opgeschreven."))
                return redirect(
                    household_letters_url(self.household.pk, case=self.case, alert=self.alert)
                )
        return self.page(call_form=form, status=400)


class PhoneFirstEndView(PermissionRequiredMixin, View):
    permission = Permission.CASES_WORK
    http_method_names = ["post"]

    def post(self, request, pk):
        mark = queries.phone_first_get(actor=request.user, pk=pk)
        if mark is None:
            raise Http404
        services.phone_first_end(actor=request.user, mark=mark)
        messages.success(request, _("'Eerst bellen' is gestopt."))
        return redirect("correspondence:household-letters", household_id=mark.household_id)


class LetterMixin(PermissionRequiredMixin):
    permission = Permission.CASES_WORK
    shown = "Brief"
    action = "view"

    def open_letter(self, request, pk):
        letter = queries.letter_get(actor=request.user, pk=pk)
        if letter is None:
            raise Http404
        # Names and address: through the door, logged with the purpose.
        identity, household = open_through_door(
            request,
            letter.household_id,
            shown=f"{self.shown} {letter.pk}: naam en adres",
            action=self.action,
        )
        addressee = recipients.addressee(
            identity,
            letter.person_id,
            municipality_id=household.municipality_id,
            day=letter.made_on,
            adults_only=False,
        )
        return letter, identity, household, addressee


class LetterDetailView(LetterMixin, TemplateView):
    template_name = "correspondence/letter_detail.html"

    def back_to_list(self, letter) -> bool:
        """An invitation for turning 18 leads back to its list, other letters to the household."""
        return bool(letter.turning_18_list_id) and may(self.request.user, Permission.TURNING_18)

    def back_url(self, letter, household) -> str:
        if self.back_to_list(letter):
            return reverse("correspondence:turning-18-list", args=[letter.turning_18_list_id])
        return household_letters_url(household.pk, case=letter.case, alert=letter.alert)

    def get_context_data(self, **kwargs):
        letter, identity, household, addressee = self.open_letter(self.request, kwargs["pk"])
        content = pdf.letter_content(letter, identity, addressee, request=self.request)
        return {
            **super().get_context_data(**kwargs),
            "letter": letter,
            "household": household,
            "content": content,
            "back_url": self.back_url(letter, household),
            "back_to_list": self.back_to_list(letter),
        }


class LetterSentView(PermissionRequiredMixin, View):
    permission = Permission.CASES_WORK
    http_method_names = ["post"]

    def post(self, request, pk):
        letter = queries.letter_get(actor=request.user, pk=pk)
        if letter is None:
            raise Http404
        try:
            services.letter_mark_sent(actor=request.user, letter=letter)
        except services.LetterInputError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Opgeschreven: de brief is verstuurd."))
        return redirect("correspondence:letter-detail", pk=letter.pk)


class LetterPdfView(LetterMixin, View):
    """The letter as PDF for print. An export: logged as such."""

    shown = "Brief als PDF"
    action = "export"

    def get(self, request, pk):
        letter, identity, _household, addressee = self.open_letter(request, pk)
        document = pdf.letter_pdf(letter, identity, addressee, request=request)
        response = HttpResponse(document, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="brief-{letter.pk}.pdf"'
        return response

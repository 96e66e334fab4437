"""Young people who turn 18: draw the list for a period, then make the invitation letters as
one batch (issue 20, part 5). Thin: the list is read through the residents door with its
purpose (logged), services write.

VNG, *Stop het stapelen* (2022), chapter "Bestaanszekerheid", green flag "Zoek zelf contact met
jongeren".
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import View

from stabiel.accounts.policy import Permission, PermissionRequiredMixin
from stabiel.plainlanguage.models import LetterTemplate
from stabiel.plainlanguage.queries import active_templates
from stabiel.residents.access import turning_18_list_read

from . import queries, services, turning18
from .forms import TurningEighteenInviteForm, TurningEighteenPeriodForm, chosen_people


class TurningEighteenView(PermissionRequiredMixin, View):
    """Choose a period and draw the list; the lists drawn before (who, when, period, count)."""

    permission = Permission.TURNING_18

    def page(self, form, *, status: int = 200):
        lists = list(queries.turning_18_lists_for(actor=self.request.user)[:20])
        context = {"form": form, "lists": lists}
        return render(self.request, "correspondence/turning_18.html", context, status=status)

    def get(self, request):
        today = timezone.localdate()
        initial = {
            "start_on": today.isoformat(),
            "end_on": (today + turning18.DEFAULT_LENGTH).isoformat(),
        }
        return self.page(TurningEighteenPeriodForm(initial=initial, today=today))

    def post(self, request):
        form = TurningEighteenPeriodForm(request.POST, today=timezone.localdate())
        if not form.is_valid():
            return self.page(form, status=400)
        try:
            drawn = services.turning_18_list_draw(actor=request.user, **form.cleaned_data)
        except services.LetterInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            return self.page(form, status=400)
        messages.success(
            request,
            _("De lijst is gemaakt: %(n)s jongeren worden in deze periode 18.")
            % {"n": drawn.young_people},
        )
        return redirect("correspondence:turning-18-list", pk=drawn.pk)


class TurningEighteenListView(PermissionRequiredMixin, View):
    """One list: the young people in the worker's team areas (through the door), who already
    has an invitation, and the batch form to make the letters."""

    permission = Permission.TURNING_18

    def open_list(self, request, pk):
        self.drawn = queries.turning_18_list_get(actor=request.user, pk=pk)
        if self.drawn is None:
            raise Http404
        self.templates = [
            t
            for t in active_templates(municipality=request.user.municipality)
            if t.purpose == LetterTemplate.Purpose.TURNING_18
        ]

    def page(self, form=None, *, status: int = 200, **extra):
        young = turning_18_list_read(
            actor=self.request.user,
            start=self.drawn.start_on,
            end=self.drawn.end_on,
            purpose=services.TURNING_18_PURPOSE,
        )
        invited = queries.turning_18_invitations(
            municipality_id=self.request.user.municipality_id,
            person_ids=[y.person_id for y in young],
        )
        rows = [{"young": y, "letter": invited.get(y.person_id)} for y in young]
        # None: a fresh list, everyone without an invitation ticked; else what was sent back.
        ticked = extra.pop("ticked", None)
        if form is None:
            initial = {"template": self.templates[0].pk} if len(self.templates) == 1 else {}
            form = TurningEighteenInviteForm(templates=self.templates, initial=initial)
        context = {
            "drawn": self.drawn,
            "rows": rows,
            "open_count": sum(1 for row in rows if row["letter"] is None),
            "templates": self.templates,
            "form": form,
            "ticked": ticked,
            **extra,
        }
        return render(self.request, "correspondence/turning_18_list.html", context, status=status)

    def get(self, request, pk):
        self.open_list(request, pk)
        return self.page()

    def post(self, request, pk):
        self.open_list(request, pk)
        form = TurningEighteenInviteForm(request.POST, templates=self.templates)
        raw = request.POST.getlist("people")
        people_error = ""
        try:
            people = chosen_people(raw)
        except forms.ValidationError as exc:
            people, people_error = [], exc.messages[0]
        if not form.is_valid() or people_error:
            return self.page(form, status=400, people_error=people_error, ticked=people)
        try:
            result = services.turning_18_invite(
                actor=request.user,
                drawn=self.drawn,
                person_ids=people,
                template_id=form.cleaned_data["template"],
                personal_sentence=form.cleaned_data["personal_sentence"],
            )
        except services.LetterInputError as exc:
            if exc.field == "people":
                return self.page(form, status=400, people_error=str(exc), ticked=people)
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            return self.page(form, status=400, ticked=people)
        # Shown on this page, not as a message: the names stay out of the session.
        return self.page(result=result)

"""Each role's start page: the stability model with counts, and for workers their own list."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from stabiel.accounts.policy import Permission, may
from stabiel.cases.queries import my_work
from stabiel.catalogue.queries import pillar_flag_counts
from stabiel.core import pagination
from stabiel.core.access import log_access
from stabiel.plans import cycle
from stabiel.plans.invitations import invitation_token
from stabiel.plans.queries import participant_invitations
from stabiel.privacy.queries import inspection_requests_open
from stabiel.rules.alert_queries import unassigned_alert_count
from stabiel.signals.queries import own_signals
from stabiel.supporters.queries import ending_soon_for

# The parts of `my_work` that name households (the rest are flags and counts).
HOUSEHOLD_LISTS_ON_HOME = ("register_notices", "alerts", "visits", "check_ins", "team_overdue")


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "home/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["model_counts"] = (
            pillar_flag_counts(municipality=user.municipality) if user.municipality_id else None
        )
        if may(user, Permission.CASES_WORK):
            context.update(self.worker_context(user))
        if may(user, Permission.TEAM_LEAD):
            context["unassigned_alerts"] = unassigned_alert_count(actor=user)
            context["list_count_cap"] = pagination.LIST_COUNT_CAP
        if may(user, Permission.SIGNALS_REPORT):
            # Only what the partner sent itself, with the status a partner may see.
            context["own_signals"] = list(own_signals(actor=user)[:5])
        # Each role's start page opens with its next work (issue 13).
        context["starts_with"] = {
            "report": may(user, Permission.SIGNALS_REPORT),
            "requests": may(user, Permission.PERSONAL_DATA_REQUESTS),
            "files": may(user, Permission.USERS_MANAGE),
            "plans": may(user, Permission.PLANS_WORK),
        }
        if may(user, Permission.PERSONAL_DATA_REQUESTS):
            # Pseudonymous labels and dates only: nothing here goes in the access log.
            context["inspection_requests"] = inspection_requests_open(
                municipality=user.municipality, today=timezone.localdate()
            )
        if may(user, Permission.PLANS_WORK):
            context.update(self.adviser_context(user))
        if may(user, Permission.SESSION_ANSWER):
            context.update(self.participant_context(user))
        return context

    def adviser_context(self, user) -> dict:
        """The current plan: status, next work session, measures behind, changes since the last
        visit (the visit is noted by a service)."""
        since = cycle.adviser_visit_record(user=user, now=timezone.now())
        home = cycle.adviser_home(user=user, today=timezone.localdate(), since=since)
        return {"adviser_home": home}

    def participant_context(self, user) -> dict:
        """A work-session participant's own sessions with their invitation links."""
        return {
            "invitations": [
                {
                    "participant": p,
                    "link": self.request.build_absolute_uri(
                        reverse("plans:answer", kwargs={"token": invitation_token(p)})
                    ),
                }
                for p in participant_invitations(user=user)
            ],
            "is_participant": True,
        }

    def worker_context(self, user) -> dict:
        """The worker's own list: alerts on me, visits and calls due, pilot-light check-ins."""
        today = timezone.localdate()
        work = my_work(actor=user, today=today)
        marks = ending_soon_for(user)
        # Logged only when the page names households: flags such as "is_lead" show nobody, and
        # an empty start page adds no row to the access log (issue 13).
        shows_households = any(
            value for key, value in work.items() if key in HOUSEHOLD_LISTS_ON_HOME
        )
        if shows_households or marks:
            log_access(
                actor=user,
                action="view",
                shown="Startpagina: mijn meldingen, bezoeken en waakvlamcontacten",
                purpose="Werkvoorraad bekijken",
            )
        return {"my_work": work, "ending_soon": marks, "today": today}

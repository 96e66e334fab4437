"""Who may do what: the one place where roles become permissions.

Views ask ``may(user, Permission.X)`` (or use :class:`PermissionRequiredMixin`); menus are built
from the same table, so a hidden link and a refused URL can never disagree.
"""

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from .roles import Role

if TYPE_CHECKING:
    from .models import Municipality, User


class Permission(StrEnum):
    CATALOGUE_VIEW = "catalogue.view"
    CATALOGUE_EDIT = "catalogue.edit"
    USERS_MANAGE = "accounts.manage"
    PLANS_WORK = "plans.work"
    INSIGHTS_VIEW = "insights.view"
    INSIGHTS_COMPARE_SET = "insights.compare_set"
    CASES_WORK = "cases.work"
    TEAM_LEAD = "cases.lead"
    SIGNALS_REPORT = "signals.report"
    RULES_MANAGE = "rules.manage"
    ACCESS_LOG_READ = "privacy.access_log"
    RULE_REGISTER_READ = "rules.register"
    SESSION_ANSWER = "plans.answer"
    IMPORTS_MANAGE = "signals.import"
    PRACTICES_VIEW = "practices.view"
    CASE_TABLE = "meetings.case_table"
    MUNICIPAL_SETTINGS = "accounts.settings"
    DEBT_SIGNALS_WORK = "earlywarning.work"
    DEBT_DELIVERY = "earlywarning.delivery"
    DEBT_FILES = "earlywarning.files"
    RETENTION_MANAGE = "privacy.retention"
    PERSONAL_DATA_REQUESTS = "privacy.requests"
    INVENTORY_VIEW = "inventory.view"
    INVENTORY_EDIT = "inventory.edit"
    ASSESSMENT_READ = "assessment.read"
    ASSESSMENT_RUN = "assessment.run"
    SAFETY_SPECIALIST = "safety.specialist"
    SAFETY_SETTINGS = "safety.settings"
    CASE_REVIEW = "safety.review"
    REGISTER_FEED = "residents.feed"
    FREE_BUDGET = "safety.free_budget"
    TURNING_18 = "correspondence.turning_18"


GRANTS: dict[Permission, frozenset[Role]] = {
    # The vocabulary of the model holds no personal data; participants of a work session read it
    # to prepare (issue 14).
    Permission.CATALOGUE_VIEW: frozenset(
        {
            Role.POLICY_ADVISER,
            Role.ACCESS_WORKER,
            Role.TEAM_LEAD,
            Role.FUNCTIONAL_ADMIN,
            Role.PRIVACY_OFFICER,
            Role.SESSION_PARTICIPANT,
        }
    ),
    Permission.CATALOGUE_EDIT: frozenset({Role.FUNCTIONAL_ADMIN}),
    Permission.USERS_MANAGE: frozenset({Role.FUNCTIONAL_ADMIN}),
    Permission.PLANS_WORK: frozenset({Role.POLICY_ADVISER}),
    Permission.INSIGHTS_VIEW: frozenset({Role.POLICY_ADVISER, Role.TEAM_LEAD}),
    # Whether the municipality's outcome figures stand beside other municipalities' (issue 17).
    Permission.INSIGHTS_COMPARE_SET: frozenset({Role.POLICY_ADVISER, Role.FUNCTIONAL_ADMIN}),
    # The safety specialist sits close to the team and works its cases with it (issue 20).
    Permission.CASES_WORK: frozenset({Role.ACCESS_WORKER, Role.TEAM_LEAD, Role.SAFETY_SPECIALIST}),
    Permission.TEAM_LEAD: frozenset({Role.TEAM_LEAD}),
    Permission.SIGNALS_REPORT: frozenset({Role.PARTNER_REPORTER}),
    Permission.RULES_MANAGE: frozenset({Role.FUNCTIONAL_ADMIN}),
    Permission.ACCESS_LOG_READ: frozenset({Role.PRIVACY_OFFICER}),
    Permission.RULE_REGISTER_READ: frozenset({Role.PRIVACY_OFFICER, Role.FUNCTIONAL_ADMIN}),
    Permission.SESSION_ANSWER: frozenset({Role.SESSION_PARTICIPANT}),
    # Partners upload their own monthly files; the administrator uploads for anyone and decisions.
    Permission.IMPORTS_MANAGE: frozenset({Role.FUNCTIONAL_ADMIN, Role.PARTNER_REPORTER}),
    # The good-practice library holds no personal data; everyone who plans or helps may read it.
    Permission.PRACTICES_VIEW: frozenset(
        {Role.POLICY_ADVISER, Role.ACCESS_WORKER, Role.TEAM_LEAD, Role.FUNCTIONAL_ADMIN}
    ),
    # Members of the anonymous case table see summaries only, never a name or BSN.
    Permission.CASE_TABLE: frozenset({Role.ACCESS_WORKER, Role.TEAM_LEAD}),
    # Local figures and settings: costs of not helping, early-warning thresholds, feedback rules.
    Permission.MUNICIPAL_SETTINGS: frozenset({Role.FUNCTIONAL_ADMIN}),
    # Debt-help workers work the early-warning reports; they sit in the access teams.
    Permission.DEBT_SIGNALS_WORK: frozenset({Role.ACCESS_WORKER, Role.TEAM_LEAD}),
    # Early-warning files: the workers read them in, and so does the functional administrator,
    # who uploads the other partner files too (issue 13).
    Permission.DEBT_FILES: frozenset({Role.ACCESS_WORKER, Role.TEAM_LEAD, Role.FUNCTIONAL_ADMIN}),
    # The DDAS delivery to CBS and the monthly figures.
    Permission.DEBT_DELIVERY: frozenset({Role.TEAM_LEAD, Role.FUNCTIONAL_ADMIN}),
    # Retention periods per record type (DOMAIN.md: the administrator manages retention).
    Permission.RETENTION_MANAGE: frozenset({Role.FUNCTIONAL_ADMIN}),
    # Inspection and correction requests of residents (AVG art. 15 and 16), every step logged.
    Permission.PERSONAL_DATA_REQUESTS: frozenset({Role.PRIVACY_OFFICER}),
    # The provision inventory holds no personal data: advisers keep it, workers search it.
    Permission.INVENTORY_VIEW: frozenset(
        {Role.POLICY_ADVISER, Role.ACCESS_WORKER, Role.TEAM_LEAD, Role.FUNCTIONAL_ADMIN}
    ),
    Permission.INVENTORY_EDIT: frozenset({Role.POLICY_ADVISER}),
    # KPMG's route of the basic functions is public knowledge, like the practice library.
    Permission.ASSESSMENT_READ: frozenset(
        {Role.POLICY_ADVISER, Role.ACCESS_WORKER, Role.TEAM_LEAD, Role.FUNCTIONAL_ADMIN}
    ),
    # The self-assessment rounds (statements, respondents, results) are the policy adviser's.
    Permission.ASSESSMENT_RUN: frozenset({Role.POLICY_ADVISER}),
    # Reads the safety notes of every case of their team and answers consults (issue 20).
    Permission.SAFETY_SPECIALIST: frozenset({Role.SAFETY_SPECIALIST}),
    # The escalation ladder and the size of the yearly case-review sample are local settings.
    Permission.SAFETY_SETTINGS: frozenset({Role.FUNCTIONAL_ADMIN}),
    # The team lead draws the yearly sample of closed cases and has them reviewed.
    Permission.CASE_REVIEW: frozenset({Role.TEAM_LEAD}),
    # The extract of the population register (BRP) is loaded by the functional administrator.
    Permission.REGISTER_FEED: frozenset({Role.FUNCTIONAL_ADMIN}),
    # The team's free budget: workers spend it without forms, the team lead sets and evaluates it.
    Permission.FREE_BUDGET: frozenset({Role.ACCESS_WORKER, Role.TEAM_LEAD}),
    # The list of young people in the team's areas who turn 18, for an invitation letter
    # (issue 20, part 5): the access team sends it, the team lead may draw it too.
    Permission.TURNING_18: frozenset({Role.ACCESS_WORKER, Role.TEAM_LEAD}),
}


def may(user, permission: Permission) -> bool:
    """True when an active, logged-in user of a municipality holds a role that grants it."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.municipality_id is None:
        return False  # hosts (superusers) manage through Django admin, never see tenant data
    return bool(user.role_set & GRANTS[permission])


def require(user, permission: Permission) -> None:
    if not may(user, permission):
        raise PermissionDenied


class PermissionRequiredMixin(AccessMixin):
    """Class-based views: anonymous users go to the login page, others without the right get 403."""

    permission: Permission

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        require(request.user, self.permission)
        response: HttpResponseBase = super().dispatch(request, *args, **kwargs)
        return response


# Roles that see or send personal data (DOMAIN.md "Roles"): a local password alone is not enough
# for them, they confirm with a code from an authenticator app (TWO_FACTOR_REQUIRED). Workers and
# team leads open households; the privacy officer answers inspection requests with all of a
# resident's data; the administrator and partners upload files with BSNs. The policy adviser and
# the session participant see aggregates and worksheets only.
SECOND_FACTOR_ROLES: frozenset[Role] = frozenset(
    {
        Role.ACCESS_WORKER,
        Role.TEAM_LEAD,
        Role.PRIVACY_OFFICER,
        Role.FUNCTIONAL_ADMIN,
        Role.PARTNER_REPORTER,
    }
)


def needs_second_factor(user) -> bool:
    """True for a logged-in user holding a role that sees personal data."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.role_set & SECOND_FACTOR_ROLES) or user.is_superuser


def signed_in_user(request: HttpRequest) -> "User":
    """The user of a request that passed PermissionRequiredMixin or `require`: signed in and of
    a municipality. Typed as a User for the services that take one; anyone else gets 403."""
    from .models import User

    user = request.user
    if not isinstance(user, User) or user.municipality_id is None:
        raise PermissionDenied
    return user


def signed_in_municipality(request: HttpRequest) -> "Municipality":
    """The municipality of the signed-in user (see `signed_in_user`)."""
    municipality = signed_in_user(request).municipality
    if municipality is None:
        raise PermissionDenied
    return municipality

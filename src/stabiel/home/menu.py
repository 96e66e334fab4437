"""The main menu, built from the policy table so a link shows only when its page lets you in."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from stabiel.accounts.policy import Permission, may


@dataclass(frozen=True)
class MenuItem:
    label: str | Promise
    url_name: str
    permission: Permission | None  # None: every logged-in user

    def url(self) -> str:
        return reverse(self.url_name)


MENU: tuple[MenuItem, ...] = (
    MenuItem(_("Start"), "home:home", None),
    MenuItem(_("Meldingen"), "alerts:alert-list", Permission.CASES_WORK),
    MenuItem(_("Casussen"), "cases:case-list", Permission.CASES_WORK),
    MenuItem(_("Werkverdeling"), "cases:workload", Permission.TEAM_LEAD),
    MenuItem(_("Huishouden zoeken"), "residents:search", Permission.CASES_WORK),
    MenuItem(_("Signalen zonder huishouden"), "signals:unmatched-list", Permission.CASES_WORK),
    MenuItem(_("Overleggen"), "meetings:meeting-list", Permission.CASES_WORK),
    MenuItem(_("Consulten veiligheid"), "safety:consults", Permission.SAFETY_SPECIALIST),
    MenuItem(_("Casusreview"), "safety:reviews", Permission.CASE_REVIEW),
    MenuItem(_("Vrij budget"), "safety:free-budget", Permission.FREE_BUDGET),
    MenuItem(_("Post via ondersteuner"), "supporters:mark-list", Permission.CASES_WORK),
    MenuItem(_("Jongeren die 18 worden"), "correspondence:turning-18", Permission.TURNING_18),
    # The team tells its stories beside the figures (issue 17, point 3).
    MenuItem(_("Verhalen bij de cijfers"), "insights:stories", Permission.CASES_WORK),
    MenuItem(_("Vroegsignalering"), "earlywarning:report-list", Permission.DEBT_SIGNALS_WORK),
    MenuItem(_("Vroegsignalering: cijfers"), "earlywarning:figures", Permission.DEBT_DELIVERY),
    MenuItem(_("Signaal melden"), "signals:report", Permission.SIGNALS_REPORT),
    MenuItem(_("Mijn meldingen"), "signals:own-list", Permission.SIGNALS_REPORT),
    MenuItem(
        _("Terugkoppeling vroegsignalen"), "earlywarning:own-feedback", Permission.SIGNALS_REPORT
    ),
    MenuItem(_("Bestanden"), "signals:batch-list", Permission.IMPORTS_MANAGE),
    MenuItem(_("Basisregistratie personen"), "residents:feed-list", Permission.REGISTER_FEED),
    MenuItem(_("Beschikking invoeren"), "signals:decision-create", Permission.USERS_MANAGE),
    MenuItem(_("Kolomkoppen"), "signals:mapping-list", Permission.USERS_MANAGE),
    MenuItem(_("API-sleutels"), "signals:key-list", Permission.USERS_MANAGE),
    MenuItem(_("Toegangslog"), "privacy:access-log", Permission.ACCESS_LOG_READ),
    MenuItem(_("Inzageverzoeken"), "privacy:request-list", Permission.PERSONAL_DATA_REQUESTS),
    MenuItem(_("Inzage en correctie"), "privacy:inspection", Permission.PERSONAL_DATA_REQUESTS),
    MenuItem(_("Preventieplan"), "plans:plan-list", Permission.PLANS_WORK),
    MenuItem(_("Ken je inwoners"), "knowresidents:picture", Permission.PLANS_WORK),
    MenuItem(_("Uitkomsten"), "insights:outcomes", Permission.INSIGHTS_VIEW),
    MenuItem(_("Veiligheid: cijfers"), "insights:safety", Permission.INSIGHTS_VIEW),
    MenuItem(_("Thema's van de tafels"), "insights:meeting-themes", Permission.INSIGHTS_VIEW),
    MenuItem(_("Catalogus"), "catalogue:overview", Permission.CATALOGUE_VIEW),
    MenuItem(_("Goede voorbeelden"), "practices:list", Permission.PRACTICES_VIEW),
    MenuItem(_("Sociale kaart"), "inventory:offering-list", Permission.INVENTORY_VIEW),
    MenuItem(_("Basisfuncties"), "assessment:route", Permission.ASSESSMENT_READ),
    MenuItem(_("Brief toetsen"), "plainlanguage:check", None),
    MenuItem(_("Gebruikers"), "accounts:user-list", Permission.USERS_MANAGE),
    MenuItem(_("Teams"), "accounts:team-list", Permission.USERS_MANAGE),
    MenuItem(_("Gebieden"), "accounts:area-list", Permission.USERS_MANAGE),
    MenuItem(_("Inloggen via gemeente"), "accounts:sso-mapping-list", Permission.USERS_MANAGE),
    MenuItem(_("Regels"), "rules:rule-list", Permission.RULES_MANAGE),
    MenuItem(_("Regelregister"), "rules:register", Permission.RULE_REGISTER_READ),
    MenuItem(_("Kosten niet-helpen"), "meetings:cost-figures", Permission.MUNICIPAL_SETTINGS),
    MenuItem(_("Soorten overleg"), "meetings:kind-settings", Permission.MUNICIPAL_SETTINGS),
    MenuItem(_("Ambtelijke woorden"), "plainlanguage:jargon-list", Permission.MUNICIPAL_SETTINGS),
    MenuItem(_("Briefsjablonen"), "plainlanguage:template-list", Permission.MUNICIPAL_SETTINGS),
    MenuItem(_("Bewaartermijnen"), "privacy:retention-list", Permission.RETENTION_MANAGE),
    MenuItem(_("Escalatieladder"), "safety:ladder", Permission.SAFETY_SETTINGS),
    MenuItem(
        _("Vergelijken met gemeenten"), "insights:compare-setting", Permission.INSIGHTS_COMPARE_SET
    ),
)


def menu_for(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    return [
        {"label": item.label, "url": item.url(), "url_name": item.url_name}
        for item in MENU
        if item.permission is None or may(user, item.permission)
    ]

from django.contrib import admin
from django.urls import include, path

from stabiel.core import health

urlpatterns = [
    path("gezond", health.ready, name="health"),  # load balancer and container health check
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("stabiel.accounts.urls")),
    path("catalogus/", include("stabiel.catalogue.urls")),
    path("signalen/", include("stabiel.signals.urls")),
    path("inwoners/", include("stabiel.residents.urls")),
    path("meldingen/", include("stabiel.rules.alert_urls")),
    path("privacy/", include("stabiel.privacy.urls")),
    path("casussen/", include("stabiel.cases.urls")),
    path("overleggen/", include("stabiel.meetings.urls")),
    path("ondersteuners/", include("stabiel.supporters.urls")),
    path("brieven/", include("stabiel.correspondence.urls")),
    path("vroegsignalering/", include("stabiel.earlywarning.urls")),
    path("veiligheid/", include("stabiel.safety.urls")),
    path("plannen/", include("stabiel.plans.urls")),
    path("plannen/", include("stabiel.plans.export_urls")),
    path("praktijken/", include("stabiel.practices.urls")),
    path("brieftoets/", include("stabiel.plainlanguage.urls")),
    path("sociale-kaart/", include("stabiel.inventory.urls")),
    # The inventory as an open Open Referral (HSDS 3.0) API, per municipality that publishes.
    path("hsds/", include("stabiel.inventory.hsds.urls")),
    path("basisfuncties/", include("stabiel.assessment.urls")),
    path("inzicht/", include("stabiel.insights.urls")),
    path("ken-je-inwoners/", include("stabiel.knowresidents.urls")),
    # Django admin exists for the host's superusers only; the product has its own screens.
    path("django-admin/", admin.site.urls),
    # Before the partner API, whose catch-all answers any other /api/vN/ address.
    path("api/", include("stabiel.plainlanguage.api.urls")),
    path("api/", include("stabiel.signals.api.urls")),
    path("regels/", include("stabiel.rules.urls")),
    path("", include("stabiel.home.urls")),
]

handler400 = "stabiel.core.views.error_400"
handler403 = "stabiel.core.views.error_403"
handler404 = "stabiel.core.views.error_404"
handler500 = "stabiel.core.views.error_500"

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.views.generic import TemplateView

from stabiel.catalogue.queries import pillar_flag_counts


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["model_counts"] = (
            pillar_flag_counts(municipality=user.municipality) if user.municipality_id else None
        )
        return context


def error_400(request, exception=None):
    return render(request, "core/error.html", {"status": 400}, status=400)


def error_403(request, exception=None):
    return render(request, "core/error.html", {"status": 403}, status=403)


def error_404(request, exception=None):
    return render(request, "core/error.html", {"status": 404}, status=404)


def error_500(request):
    return render(request, "core/error.html", {"status": 500}, status=500)


def csrf_failure(request, reason=""):
    return render(request, "core/error.html", {"status": 403, "csrf": True}, status=403)

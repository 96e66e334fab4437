"""Screens of the self-assessment of the basic functions: thin, one selector or service each."""

from django.shortcuts import render
from django.views import View

from stabiel.accounts.policy import Permission, PermissionRequiredMixin

from . import queries
from .drawing import route_layout
from .route import SOURCE, route


class ReaderView(PermissionRequiredMixin, View):
    permission = Permission.ASSESSMENT_READ
    http_method_names = ["get", "head"]


class RouteView(ReaderView):
    """The route drawn as one picture, the five functions and KPMG's five insights."""

    def get(self, request):
        the_route = route()
        return render(
            request,
            "assessment/route.html",
            {
                "route": the_route,
                "drawing": route_layout(the_route),
                "source": SOURCE,
                "publication": queries.publication(),
            },
        )


class FunctionDetailView(ReaderView):
    def get(self, request, code):
        context = queries.function_page(municipality=request.user.municipality, code=code)
        return render(request, "assessment/function_detail.html", {**context, "source": SOURCE})


class StepDetailView(ReaderView):
    def get(self, request, number):
        context = queries.step_page(municipality=request.user.municipality, number=number)
        return render(request, "assessment/step_detail.html", {**context, "source": SOURCE})

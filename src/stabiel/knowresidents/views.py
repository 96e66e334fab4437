"""Know your residents (policy adviser): the figures, the national picture, the stories."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from stabiel.accounts.policy import Permission, PermissionRequiredMixin

from . import cbs, queries, services
from .exports import worksheet_context, worksheet_pdf
from .figures import LoadError, RowProblem
from .forms import CbsLoadForm, CsvLoadForm, HardCaseForm, ObservationForm
from .indicators import LOCAL_INDICATORS
from .localcsv import REQUIRED
from .national import CHAPTER, PUBLICATION


def _year(request) -> int | None:
    raw = request.GET.get("jaar", "")
    return int(raw) if raw.isdigit() and len(raw) == 4 else None


class PictureView(PermissionRequiredMixin, TemplateView):
    permission = Permission.PLANS_WORK
    template_name = "knowresidents/picture.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        municipality = self.request.user.municipality
        context.update(worksheet_context(municipality=municipality, year=_year(self.request)))
        return context


class FigureLoadView(PermissionRequiredMixin, TemplateView):
    """Two forms: this year's CBS figures, and the municipality's own CSV."""

    permission = Permission.PLANS_WORK
    template_name = "knowresidents/load.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("cbs_form", CbsLoadForm())
        context.setdefault("csv_form", CsvLoadForm())
        context.setdefault("problems", [])
        context["loads"] = queries.loads(municipality=self.request.user.municipality)
        context["columns"] = REQUIRED
        context["local_indicators"] = LOCAL_INDICATORS
        return context

    def post(self, request, *args, **kwargs):
        if getattr(request, "upload_too_large", False):
            messages.error(request, _("Het bestand is te groot."))
            return self.render_to_response(self.get_context_data(), status=400)
        if "bron" in request.POST:
            return self._csv(request)
        return self._cbs(request)

    def _done(self, request, result):
        if not result.changed:
            messages.info(request, _("Deze cijfers waren al geladen. Er is niets veranderd."))
        elif result.replaced:
            messages.success(request, _("De cijfers zijn geladen en vervangen de vorige versie."))
        else:
            messages.success(request, _("De cijfers zijn geladen."))
        return redirect(f"{reverse('knowresidents:picture')}?jaar={result.load.year}")

    def _failed(self, *, problems, **forms):
        return self.render_to_response(
            self.get_context_data(problems=problems, **forms), status=400
        )

    def _cbs(self, request):
        form = CbsLoadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._failed(problems=[], cbs_form=form)
        year, way = form.cleaned_data["jaar"], form.cleaned_data["manier"]
        try:
            if way == CbsLoadForm.ONLINE:
                recording = cbs.fetch(
                    year=year, municipality_code=request.user.municipality.cbs_code
                )
            elif way == CbsLoadForm.FILE:
                recording = cbs.load_bytes(form.cleaned_data["opname"].read())
            else:
                path = cbs.sample_path(year)
                if path is None:
                    raise LoadError(
                        [
                            RowProblem(
                                0,
                                _(
                                    "Voor %(year)s is geen opname meegeleverd. Kies 2024, of haal "
                                    "de cijfers online op."
                                )
                                % {"year": year},
                            )
                        ]
                    )
                recording = cbs.load_file(path)
            result = services.figures_load_cbs(actor=request.user, year=year, recording=recording)
        except LoadError as error:
            return self._failed(problems=error.problems, cbs_form=form)
        except services.KnowResidentsInputError as error:
            return self._failed(problems=[RowProblem(0, str(error))], cbs_form=form)
        return self._done(request, result)

    def _csv(self, request):
        form = CsvLoadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._failed(problems=[], csv_form=form)
        upload = form.cleaned_data["bestand"]
        try:
            result = services.figures_load_csv(
                actor=request.user,
                year=form.cleaned_data["jaar"],
                source=form.cleaned_data["bron"],
                filename=upload.name,
                content=upload.read(),
            )
        except LoadError as error:
            return self._failed(problems=error.problems, csv_form=form)
        except services.KnowResidentsInputError as error:
            return self._failed(problems=[RowProblem(0, str(error))], csv_form=form)
        return self._done(request, result)


class FigureLoadRemoveView(PermissionRequiredMixin, View):
    permission = Permission.PLANS_WORK

    def post(self, request, pk):
        try:
            services.figures_load_remove(actor=request.user, load_id=pk)
        except services.KnowResidentsInputError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("De cijfers zijn verwijderd."))
        return redirect("knowresidents:load")


class SampleCsvView(PermissionRequiredMixin, View):
    permission = Permission.PLANS_WORK

    def get(self, request):
        content = (cbs.SAMPLE_DIR / "voorbeeld-lokale-cijfers.csv").read_bytes()
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="voorbeeld-lokale-cijfers.csv"'
        return response


class _StoryFormView(PermissionRequiredMixin, TemplateView):
    permission = Permission.PLANS_WORK
    form_class: type
    heading = ""
    intro = ""
    done = ""

    template_name = "knowresidents/story_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.form_class())
        context.update(
            heading=self.heading, intro=self.intro, chapter=CHAPTER, publication=PUBLICATION
        )
        return context

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.save(form.cleaned_data)
            except services.KnowResidentsInputError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, self.done)
                return redirect("knowresidents:picture")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class HardCaseCreateView(_StoryFormView):
    form_class = HardCaseForm

    @property
    def heading(self):
        return _("Schrijnend geval vastleggen")

    @property
    def intro(self):
        return _(
            "Vraag medewerkers van de toegang om ongeveer vijf gevallen waarin een stabiele "
            "situatie moeilijk te bereiken was. Schrijf ze anoniem op: geen naam, BSN, "
            "huishoudcode of adres. Stabiel weigert een tekst waarin die staan."
        )

    @property
    def done(self):
        return _("Het geval is vastgelegd.")

    def save(self, data):
        services.hard_case_record(actor=self.request.user, **data)


class ObservationCreateView(_StoryFormView):
    form_class = ObservationForm

    @property
    def heading(self):
        return _("Bevinding vastleggen")

    @property
    def intro(self):
        return _(
            "Leg vast wat medewerkers van toegang, welzijn en jongerenwerk zeggen dat inwoners "
            "echt hielp, of wat u zag tijdens een dagdeel aan een balie: bij de sociale dienst, "
            "in een buurthuis of bij de receptie van het gemeentehuis. Schrijf anoniem."
        )

    @property
    def done(self):
        return _("De bevinding is vastgelegd.")

    def save(self, data):
        services.observation_record(actor=self.request.user, **data)


class RecordDeleteView(PermissionRequiredMixin, View):
    permission = Permission.PLANS_WORK

    def post(self, request, model, pk):
        if model not in {"geval", "bevinding"}:
            raise Http404
        try:
            services.record_delete(actor=request.user, model=model, pk=pk)
        except services.KnowResidentsInputError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Verwijderd."))
        return redirect("knowresidents:picture")


class WorksheetPdfView(PermissionRequiredMixin, View):
    permission = Permission.PLANS_WORK

    def get(self, request):
        pdf = worksheet_pdf(municipality=request.user.municipality, year=_year(request))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="werkblad-ken-je-inwoners.pdf"'
        return response

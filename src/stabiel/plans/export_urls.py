from django.urls import path

from . import export_views

app_name = "plan_exports"
urlpatterns = [
    path("<int:pk>/export/plan.pdf", export_views.ExportView.as_view(kind="pdf"), name="pdf"),
    path("<int:pk>/export/plan.docx", export_views.ExportView.as_view(kind="docx"), name="docx"),
    path(
        "<int:pk>/export/plan.md",
        export_views.ExportView.as_view(kind="markdown"),
        name="markdown",
    ),
    path("<int:pk>/delen.json", export_views.ExportView.as_view(kind="json"), name="share"),
    path("importeren/", export_views.PlanImportView.as_view(), name="import"),
]

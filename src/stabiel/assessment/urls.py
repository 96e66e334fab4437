from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("", views.RouteView.as_view(), name="route"),
    path("functies/<slug:code>/", views.FunctionDetailView.as_view(), name="function-detail"),
    path("stappen/<int:number>/", views.StepDetailView.as_view(), name="step-detail"),
]

from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("uitkomsten/", views.OutcomeOverviewView.as_view(), name="outcomes"),
    path("uitkomsten/<slug:code>/", views.OutcomeFigureView.as_view(), name="outcome-figure"),
    path("uitkomsten/<slug:code>/csv/", views.OutcomeFigureCsvView.as_view(), name="outcome-csv"),
    path("vergelijken/", views.CompareView.as_view(), name="compare"),
    path("vergelijken/meedoen/", views.CompareSettingView.as_view(), name="compare-setting"),
    path("veiligheid/", views.SafetyFiguresView.as_view(), name="safety"),
]

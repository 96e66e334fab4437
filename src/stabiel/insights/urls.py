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
    path("verhalen/", views.StoryListView.as_view(), name="stories"),
    path("verhalen/nieuw/", views.StoryTellView.as_view(), name="story-tell"),
    path("verhalen/<int:pk>/weghalen/", views.StoryRemoveView.as_view(), name="story-remove"),
    path("ervaringen/", views.ExperienceFiguresView.as_view(), name="experience"),
    path(
        "ervaringen/casus/<int:pk>/",
        views.ExperienceInviteView.as_view(),
        name="experience-invite",
    ),
    # Public: the household answers by this link, without an account.
    path("ervaring/<str:token>/", views.ExperienceAnswerView.as_view(), name="experience-answer"),
    path("themas/", views.MeetingThemesView.as_view(), name="meeting-themes"),
]

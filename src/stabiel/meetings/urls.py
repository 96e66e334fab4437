from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.MeetingListView.as_view(), name="meeting-list"),
    path("nieuw/", views.MeetingCreateView.as_view(), name="meeting-create"),
    path("geleerd/", views.LessonListView.as_view(), name="lesson-list"),
    path("kosten/", views.CostFiguresView.as_view(), name="cost-figures"),
    path("soorten/", views.KindSettingsView.as_view(), name="kind-settings"),
    path("soorten/<int:pk>/", views.KindEditView.as_view(), name="kind-edit"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path("<int:pk>/casus-inbrengen/", views.BringCaseView.as_view(), name="bring-case"),
    path("<int:pk>/inbrengen/", views.PutForwardView.as_view(), name="put-forward"),
    path("agenda/<int:pk>/", views.ItemDetailView.as_view(), name="item-detail"),
]

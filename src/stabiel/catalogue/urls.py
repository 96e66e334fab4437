from django.urls import path

from . import views

app_name = "catalogue"
urlpatterns = [
    path("", views.CatalogueOverviewView.as_view(), name="overview"),
    path("<slug:kind>/", views.ItemListView.as_view(), name="item-list"),
    path("<slug:kind>/nieuw/", views.ItemCreateView.as_view(), name="item-create"),
    path("<slug:kind>/<int:pk>/", views.ItemDetailView.as_view(), name="item-detail"),
    path("<slug:kind>/<int:pk>/wijzigen/", views.ItemUpdateView.as_view(), name="item-update"),
    path("<slug:kind>/<int:pk>/aan-uit/", views.ItemSwitchView.as_view(), name="item-switch"),
]

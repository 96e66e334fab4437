from django.urls import path

from . import views

app_name = "hsds"
urlpatterns = [
    path("<str:cbs_code>/", views.api_root, name="root"),
    path("<str:cbs_code>/openapi.json", views.openapi, name="openapi"),
    path("<str:cbs_code>/services", views.service_list, name="service-list"),
    path("<str:cbs_code>/services/<str:id>", views.service_detail, name="service-detail"),
    path("<str:cbs_code>/organizations", views.organization_list, name="organization-list"),
    path(
        "<str:cbs_code>/organizations/<str:id>",
        views.organization_detail,
        name="organization-detail",
    ),
    path(
        "<str:cbs_code>/service_at_locations",
        views.service_at_location_list,
        name="service-at-location-list",
    ),
    path(
        "<str:cbs_code>/service_at_locations/<str:id>",
        views.service_at_location_detail,
        name="service-at-location-detail",
    ),
    path("<str:cbs_code>/taxonomies", views.taxonomy_list, name="taxonomy-list"),
    path("<str:cbs_code>/taxonomies/<str:id>", views.taxonomy_detail, name="taxonomy-detail"),
    path("<str:cbs_code>/taxonomy_terms", views.taxonomy_term_list, name="taxonomy-term-list"),
    path(
        "<str:cbs_code>/taxonomy_terms/<str:id>",
        views.taxonomy_term_detail,
        name="taxonomy-term-detail",
    ),
]

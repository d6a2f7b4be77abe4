from django.urls import path

from fazhi.network import views

app_name = "network"
urlpatterns = [
    path("map/", views.map_page, name="map"),
    path("map/data.json", views.map_data, name="map_data"),
    path("coverage/", views.coverage_page, name="coverage"),
    path("coverage/export.xlsx", views.coverage_export, name="coverage_export"),
    path("siting/", views.siting_page, name="siting"),
]

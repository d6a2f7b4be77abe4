from django.urls import path

from fazhi.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("api/", views.api_indicators, name="api"),
    path("<str:key>/records/", views.drill, name="drill"),
]

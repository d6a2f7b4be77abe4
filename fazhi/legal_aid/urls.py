from django.urls import path

from fazhi.legal_aid import views

app_name = "legal_aid"
urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("cases/<int:pk>/reassess/", views.reassess, name="reassess"),
    path("cases/<int:pk>/lawyers/", views.lawyer_options, name="lawyer_options"),
    path("consultations/", views.consultations, name="consultations"),
    path("lawyers/", views.lawyers, name="lawyers"),
    path("lawyers/<int:pk>/active/", views.lawyer_active, name="lawyer_active"),
    path("commendations/", views.commendations, name="commendations"),
]

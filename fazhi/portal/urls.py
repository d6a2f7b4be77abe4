"""The portal's URL map: each part (sign-in, submitting, tracking) keeps its own routes module."""

from django.urls import path

from fazhi.portal import urls_auth, urls_submit, urls_track, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    *urls_auth.urlpatterns,
    *urls_submit.urlpatterns,
    *urls_track.urlpatterns,
]

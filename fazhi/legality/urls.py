"""合法性审查's own screens (the case pages, worklists and ledgers come from the engine)."""

from django.urls import path

from fazhi.legality import views

app_name = "legality"
urlpatterns = [
    path("new/", views.legality_new, name="new"),
]

"""重大行政决策's own screens (the case pages, worklists and ledgers come from the engine)."""

from django.urls import path

from fazhi.decisions import views

app_name = "decisions"
urlpatterns = [path("new/", views.decision_new, name="new")]

"""重大行政决策's own screens (the case pages, worklists and ledgers come from the engine)."""

app_name = "decisions"
urlpatterns: list = []

"""合法性审查's own screens (the case pages, worklists and ledgers come from the engine)."""

app_name = "legality"
urlpatterns: list = []

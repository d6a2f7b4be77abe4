"""行政规范性文件's own screens (the case pages, worklists and ledgers come from the engine)."""

app_name = "normative"
urlpatterns: list = []

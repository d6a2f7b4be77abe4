from django.urls import path

from fazhi.network import sheet_views

app_name = "signpost_sheets"
urlpatterns = [
    path("print/", sheet_views.sheet_choose, name="choose"),
    path("print/sheets.pdf", sheet_views.sheet_batch, name="batch"),
    path("<int:pk>/sheet.pdf", sheet_views.sheet_one, name="one"),
]

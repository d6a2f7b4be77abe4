"""行政规范性文件's own screens: the worklist (filings due, 有效期 warnings), the form parameter
from a legality review, and the clean-up campaign. The register itself (list, detail with history
and deadlines, forms, steps, Excel ledger, API) comes from fazhi.registers."""

from django.urls import path

from fazhi.normative import views

app_name = "normative"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("new/", views.new, name="new"),
    path("cleanup/", views.cleanup_list, name="cleanup_list"),
    path("cleanup/<int:pk>/", views.cleanup_detail, name="cleanup_detail"),
    path("cleanup/<int:pk>/publish/", views.cleanup_publish, name="cleanup_publish"),
]

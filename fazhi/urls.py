"""URL map: the staff workbench at /, the public portal at /portal/, the Django admin at /admin/."""

from django.contrib import admin
from django.urls import include, path

from fazhi.core.urls import portal_urlpatterns

admin.site.site_header = "法治 · 司法行政工作平台 管理后台"
admin.site.site_title = "法治平台管理后台"
admin.site.index_title = "基础数据与系统管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("portal/", include((portal_urlpatterns, "portal"))),
    path("cases/", include("fazhi.cases.urls")),
    path("", include("fazhi.core.urls")),
]

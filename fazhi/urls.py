"""URL map: the staff workbench at /, the public portal at /portal/, the Django admin at /admin/,
the REST API at /api/ (docs at /api/docs)."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "法治 · 司法行政工作平台 管理后台"
admin.site.site_title = "法治平台管理后台"
admin.site.index_title = "基础数据与系统管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("portal/nearby/", include("fazhi.network.public_urls")),  # a signpost's QR code leads here
    path("network/signposts/", include("fazhi.network.sheet_urls")),
    path("portal/assistant/", include("fazhi.assistant.portal_urls")),  # the public chat panel
    path("portal/", include("fazhi.portal.urls")),
    path("cases/", include("fazhi.cases.urls")),
    path("registers/", include("fazhi.registers.urls")),
    path("indicators/", include("fazhi.indicators.urls")),
    path("legal-aid/", include("fazhi.legal_aid.urls")),
    path("litigation/", include("fazhi.litigation.urls")),
    path("legality/", include("fazhi.legality.urls")),
    path("normative/", include("fazhi.normative.urls")),
    path("decisions/", include("fazhi.decisions.urls")),
    path("network/", include("fazhi.network.urls")),
    path("assistant/", include("fazhi.assistant.urls")),
    path("api/", include("fazhi.api.urls")),
    path("demo/", include("fazhi.demo.urls")),
    path("", include("fazhi.core.urls")),
]

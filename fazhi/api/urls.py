"""/api/: the REST API, its OpenAPI document (/api/openapi.json) and its docs page (/api/docs)."""

from fazhi.api.api import build_api, urlpatterns_of

app_name = "api"
api = build_api()
urlpatterns = urlpatterns_of(api)

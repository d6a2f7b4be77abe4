"""The OpenAPI document and the docs page: served to anyone (they hold no data), with every asset
from this server — the machines running the platform may have no internet."""

import re

from django.contrib.staticfiles import finders


def test_the_openapi_document_describes_the_api_in_chinese(client, xihu):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "法治平台数据接口"
    assert "Authorization: Bearer" in schema["info"]["description"]
    assert schema["components"]["securitySchemes"]["BearerToken"] == {"type": "http", "scheme": "bearer"}
    listing = schema["paths"]["/api/cases/mediation/"]["get"]
    assert listing["tags"] == ["人民调解"] and listing["summary"] == "人民调解工作清单"
    params = {p["name"]: p for p in listing["parameters"]}
    assert params["dispute_type"]["schema"]["title"] == "纠纷类型"
    # 纠纷类型 are data a bureau extends (issue 14.8): the codes are read when a request comes.
    assert "选项代码" in params["dispute_type"]["description"]
    agree = schema["paths"]["/api/cases/mediation/{case_id}/transitions/agree"]["post"]
    assert agree["summary"] == "办理：达成调解协议" and agree["description"] == "从“调解中”到“达成协议”。"
    assert set(agree["responses"]) == {"200", "400", "401", "403", "404"}
    data = schema["components"]["schemas"]["MediationAgreeData"]
    assert data["properties"]["agreement_form"]["enum"] == ["written", "oral"]
    assert sorted(data["required"]) == ["agreement_form", "content"]
    operation_ids = [op["operationId"] for ops in schema["paths"].values() for op in ops.values()]
    assert len(operation_ids) == len(set(operation_ids))


def test_the_docs_page_loads_nothing_from_elsewhere(client, xihu):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in assets and "/static/ninja/swagger-ui.css" in assets
    assert all(a.startswith("/static/") for a in assets), assets
    assert "cdn" not in html.lower() and "https://" not in html
    assert '"validatorUrl": null' in html  # no call to swagger.io's validator either
    for asset in assets:
        assert finders.find(asset.removeprefix("/static/")), asset


def test_an_unknown_path_under_the_api_is_a_json_404(client, xihu):
    for url in ("/api/nothing-here", "/api/cases/mediation/abc", "/api/cases/no_such_kind/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["detail"].startswith("没有这个接口")

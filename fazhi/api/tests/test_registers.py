"""The registers' endpoints: scoped lists with filters, detail, create / update / retire through
the register service, masked personal data, and every endpoint in the OpenAPI document."""

from fazhi.core.models import AuditEvent
from fazhi.core.roles import Role
from fazhi.legal_aid.models import Consultation, LegalAidLawyer
from fazhi.registers import declarations

BASE = "/api/registers"


def test_openapi_lists_each_registers_endpoints(client, xihu):
    schema = client.get("/api/openapi.json").json()
    for reg in declarations.all_registers():
        listing = schema["paths"][f"{BASE}/{reg.key}/"]
        assert set(listing) == {"get", "post"}, reg.key
        assert listing["get"]["tags"] == [reg.label]
        one = schema["paths"][f"{BASE}/{reg.key}/{{record_id}}"]
        assert set(one) == {"get", "patch"}
        assert (f"{BASE}/{reg.key}/{{record_id}}/retire" in schema["paths"]) == (reg.retire is not None)
    create = schema["components"]["schemas"]["LegalAidLawyersCreateIn"]
    assert create["properties"]["licensed_on"]["title"] == "首次执业日期"
    assert "licensed_on" in create["required"] and "licence_number" not in create["required"]
    params = {p["name"]: p for p in schema["paths"][f"{BASE}/consultations/"]["get"]["parameters"]}
    assert params["channel"]["schema"]["title"] == "咨询方式" and "from" in params


def test_create_list_update_retire_scoped(api, make_user, xihu):
    staff = make_user(Role.LEGAL_AID_STAFF, "330106-FYZX")
    client = api(staff)
    body = {
        "name": "李新",
        "law_firm": "浙江之江律师事务所",
        "licensed_on": "2016-04-01",
        "joined_on": "2024-02-01",
        "org_unit": "330106-FYZX",
    }
    bad = client.post(f"{BASE}/legal_aid_lawyers/", {**body, "licensed_on": "2023-01-01"})
    assert bad.status_code == 400 and "招募执业3年以上" in bad.json()["errors"]["licensed_on"]
    created = client.post(f"{BASE}/legal_aid_lawyers/", body)
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["values"]["org_unit"] == xihu["330106-FYZX"].name
    patched = client.client.patch(
        f"{BASE}/legal_aid_lawyers/{pk}",
        '{"law_firm": "某所"}',
        content_type="application/json",
        headers=client.headers,
    )
    assert patched.status_code == 200 and patched.json()["values"]["law_firm"] == "某所"
    retired = client.post(f"{BASE}/legal_aid_lawyers/{pk}/retire", {"on": "2024-06-01"})
    assert retired.json()["retired_on"] == "2024-06-01"
    assert not LegalAidLawyer.objects.get().active
    assert client.get(f"{BASE}/legal_aid_lawyers/").json()["total"] == 0  # in the pool only, by default
    assert client.get(f"{BASE}/legal_aid_lawyers/", {"state": "all"}).json()["total"] == 1
    events = AuditEvent.objects.filter(object_type="legal_aid.legalaidlawyer")
    assert events.count() == 3 and all(e.detail.get("via") == "api" for e in events)
    # A 司法所's legal-aid staff neither sees the pool nor writes to it.
    station = api(make_user(Role.JUSTICE_OFFICE_STAFF, "330106002"))
    assert station.get(f"{BASE}/legal_aid_lawyers/").status_code == 403
    assert station.get(f"{BASE}/legal_aid_lawyers/{pk}").status_code == 403


def test_consultations_are_scoped_filtered_and_masked(api, make_user):
    beishan = api(make_user(Role.LEGAL_AID_STAFF, "330106002-SFS"))
    sandun = api(make_user(Role.LEGAL_AID_STAFF, "330106109-SFS"))
    body = {"consulted_on": "2024-03-05", "channel": "phone", "org_unit": "330106002-SFS", "topic": "labour"}
    assert beishan.post(f"{BASE}/consultations/", {**body, "person_name": "赵某某"}).status_code == 201
    assert beishan.post(f"{BASE}/consultations/", {**body, "channel": "walk_in"}).status_code == 201
    refused = sandun.post(f"{BASE}/consultations/", body)
    assert refused.status_code == 400 and "org_unit" in refused.json()["errors"]
    assert sandun.get(f"{BASE}/consultations/").json()["total"] == 0
    page = beishan.get(f"{BASE}/consultations/", {"channel": "phone"}).json()
    assert page["total"] == 1 and page["items"][0]["values"]["person_name"] == "赵某某"
    assert beishan.get(f"{BASE}/consultations/", {"channel": "letter"}).status_code == 400
    leader = api(make_user(Role.LEADER)).get(f"{BASE}/consultations/", {"channel": "phone"}).json()
    assert (
        leader["items"][0]["values"]["person_name"] == "赵**"
        and leader["items"][0]["raw"]["person_name"] == "赵**"
    )
    assert api(make_user(Role.LEADER)).post(f"{BASE}/consultations/", body).status_code == 403
    assert Consultation.objects.count() == 2

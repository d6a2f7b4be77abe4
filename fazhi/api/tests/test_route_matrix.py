"""The route matrix (issue 13.11): every URL pattern of the site — read from the URL resolver, so a
new route cannot escape it — and every GET operation of the REST API — read from its OpenAPI schema
— opened by every role. No answer is a server error; no body shows a record's full ID number or
phone to a role that may not see them, or a record outside the role's scope.

Path parameters are filled from a small dataset: a mediation case of 北山街道 (the street whose
mediator is one of the roles) and one of 三墩镇 (nobody's street among the roles but the district's),
each with an applicant whose ID number and phone are known, plus every case kind and register key.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from fazhi.cases import registry
from fazhi.cases.services import PartyInput, case_create
from fazhi.core.models import RoleGrant
from fazhi.core.roles import Role
from fazhi.law.validators import id_number_checksum
from fazhi.registers.declarations import all_registers

BEISHAN, SANDUN = "330106002-TWH", "330106109-TWH"
ID_BEISHAN = "33010619850315002" + id_number_checksum("33010619850315002")
ID_SANDUN = "33010619790102003" + id_number_checksum("33010619790102003")
PHONE_SANDUN = "13957112345"
NAME_SANDUN = "欧阳三墩"

# (role, unit) of the users who walk the matrix; None: a user with no grant at all.
ROLES = [
    (Role.LEADER, "330106"),
    (Role.ADMIN, "330106"),
    (Role.RECONSIDERATION_OFFICER, "330106"),
    (Role.LITIGATION_OFFICER, "330106"),
    (Role.LEGAL_AID_STAFF, "330106-FYZX"),
    (Role.LEGAL_AID_LAWYER, "330106"),
    (Role.JUSTICE_OFFICE_STAFF, "330106002"),
    (Role.MEDIATOR, BEISHAN),
    (Role.AUDITOR, "330106"),
    (Role.PUBLIC, "330106"),
    (None, ""),
]
# Roles whose scope does not reach the 三墩 case at all: its applicant's name must not appear.
OUTSIDE_SANDUN = {Role.MEDIATOR, Role.JUSTICE_OFFICE_STAFF, Role.LEGAL_AID_LAWYER, Role.PUBLIC, None}


def _patterns(resolver: URLResolver | None = None, prefix: str = "") -> list[tuple[str, str]]:
    """(route, name) of every URL pattern, with the routes of included resolvers joined."""
    out = []
    for p in (resolver or get_resolver()).url_patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            if route.startswith("admin/"):
                continue  # the admin has its own tests (staff only, Django's views)
            out.extend(_patterns(p, route))
        elif isinstance(p, URLPattern):
            out.append((route, p.name or ""))
    return out


_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _urls(values: dict[str, list[str]]) -> list[str]:
    """Each route with every combination of its parameters' sample values (kept small)."""
    urls = []
    for route, _name in _patterns():
        if "(?P" in route or route.startswith("api/"):  # regex routes: static / API (below)
            continue
        params = _PARAM.findall(route)
        filled = [route]
        for _conv, name in params:
            options = values.get(name, ["1"])
            filled = [re.sub(rf"<(?:\w+:)?{name}>", opt, f, count=1) for f in filled for opt in options]
        urls.extend("/" + f for f in filled)
    return sorted(set(urls))


@pytest.fixture
def dataset(make_user, xihu):
    maker = make_user(Role.JUSTICE_OFFICE_STAFF, "330106", username="matrix_maker")

    def mediation(unit, name, id_number, phone):
        return case_create(
            actor=maker,
            kind="mediation",
            org_unit=xihu[unit],
            received_on=date(2024, 3, 5),
            title="矩阵测试纠纷",
            parties=[
                PartyInput(role="applicant", person={"name": name, "id_number": id_number, "phone": phone}),
                PartyInput(role="respondent", person={"name": "对方某"}),
            ],
            detail={"dispute_type": "neighbour"},
        )

    beishan = mediation(BEISHAN, "王北山", ID_BEISHAN, "13812345678")
    sandun = mediation(SANDUN, NAME_SANDUN, ID_SANDUN, PHONE_SANDUN)
    return beishan, sandun


def _user(make_user, xihu, role, unit, i):
    if role is None:
        return make_user(Role.PUBLIC, "330106", username=f"matrix_nogrant_{i}")
    user = make_user(role, unit, username=f"matrix_{role}_{i}", is_staff=role == Role.ADMIN)
    return user


def test_every_route_for_every_role_answers_without_error_or_leak(client, make_user, xihu, dataset):
    beishan, sandun = dataset
    party = sandun.parties.order_by("order").first()
    values = {
        "kind": [k.kind for k in registry.all_kinds()] + ["no-such-kind"],
        "key": [r.key for r in all_registers()] + ["no-such-register"],
        "pk": [str(beishan.pk), str(sandun.pk), "999999"],
        "party_pk": [str(party.pk)],
        "field": ["id_number", "phone"],
        "name": ["accept", "no-such-step"],
        "fmt": ["pdf", "docx"],
        "attachment_pk": ["1"],
        "event_pk": ["1"],
    }
    urls = _urls(values)
    assert len(urls) > 60, urls  # the matrix really walks the site
    failures = []
    for i, (role, unit) in enumerate(ROLES):
        user = _user(make_user, xihu, role, unit, i)
        if role is None:
            RoleGrant.objects.filter(user=user).delete()
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            if response.status_code >= 500:
                failures.append((role, url, response.status_code))
                continue
            if getattr(response, "streaming", False):
                continue  # files: scoped downloads with their own tests
            body = response.content.decode("utf-8", "replace")
            # Nobody among these roles may see the 三墩 applicant in clear: the district roles
            # lack the right, the street roles lack the scope.
            for secret in (ID_SANDUN, PHONE_SANDUN):
                if secret in body:
                    failures.append((role, url, f"clear personal data {secret[-4:]}"))
            if role in OUTSIDE_SANDUN and NAME_SANDUN in body:
                failures.append((role, url, "a record outside the role's scope"))
    assert failures == []


def test_every_api_read_for_every_role_answers_without_error_or_leak(client, make_user, xihu, dataset):
    from fazhi.api.urls import api

    _beishan, sandun = dataset
    schema = api.get_openapi_schema()
    paths = []
    for path, ops in schema["paths"].items():
        if "get" not in ops:
            continue
        path = path if path.startswith("/api") else "/api" + path
        for pk in (str(sandun.pk), "999999"):
            filled = re.sub(r"\{(\w*id|pk)\}", pk, path)
            filled = re.sub(r"\{kind\}", "mediation", filled)
            filled = re.sub(r"\{\w+\}", "1", filled)
            paths.append(filled)
    paths = sorted(set(paths))
    assert len(paths) > 5, paths
    failures = []
    for i, (role, unit) in enumerate(ROLES):
        user = _user(make_user, xihu, role, unit, 100 + i)
        client.force_login(user)
        for path in paths:
            for query in ("", "?reveal_pii=true"):
                response = client.get(path + query)
                if response.status_code >= 500:
                    failures.append((role, path + query, response.status_code))
                    continue
                body = response.content.decode("utf-8", "replace")
                for secret in (ID_SANDUN, PHONE_SANDUN):
                    if secret in body:
                        failures.append((role, path + query, f"clear personal data {secret[-4:]}"))
    assert failures == []

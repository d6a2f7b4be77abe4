"""台账 export as users meet it: any size on both databases (SQLite once answered 500 above a few
hundred rows: a prefetch of the parties' people asked for one OR term per person, beyond SQLite's
expression depth), streamed from a file, personal data masked for roles that may not see them."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.roles import Role
from fazhi.mediation.tests.conftest import ID_NUMBER
from fazhi.mediation.tests.test_ledger import district, import_rows, row  # noqa: F401 - fixture

ROWS = 1200  # ~2,400 people: beyond the 1,000 terms SQLite allows


def test_a_large_export_streams_every_row_masked(district, client, make_user):  # noqa: F811
    job = import_rows(district, [row(f"BIG-{i}", 申请人=f"申请人{i}") for i in range(ROWS)])
    assert job.created_count == ROWS, job.rejected[:3]
    client.force_login(make_user(Role.LEADER))
    response = client.get(reverse("cases:export", args=["mediation"]))
    assert response.status_code == 200 and response.streaming
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    assert len(data) == ROWS
    ids = [r[header.index("申请人身份证号")] for r in data]
    assert ID_NUMBER not in ids and all(i and "*" in i for i in ids)  # masked for the leader
    numbers = {r[header.index("案号")] for r in data}
    assert numbers == {f"BIG-{i}" for i in range(ROWS)}


def test_only_the_ledger_buttons_a_role_may_use_are_shown(district, client, make_user):  # noqa: F811
    worklist = reverse("cases:worklist", args=["mediation"])
    client.force_login(make_user(Role.LEADER))  # may export, may not import
    html = client.get(worklist).content.decode()
    assert reverse("cases:export", args=["mediation"]) in html
    assert reverse("cases:import", args=["mediation"]) not in html
    assert client.get(reverse("cases:import", args=["mediation"])).status_code == 403
    client.force_login(district)  # the district office staff: both
    html = client.get(worklist).content.decode()
    assert reverse("cases:import", args=["mediation"]) in html

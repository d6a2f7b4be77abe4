"""Issue 13.2: a user with a district-wide grant without the right to personal data and a street
grant with it exported every committee's rows with full ID numbers and phones, while the case page
masked the same records. Now each row is decided by the case page's own rule."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.models import RoleGrant
from fazhi.core.roles import Role
from fazhi.mediation.tests.conftest import ID_NUMBER
from fazhi.mediation.tests.test_ledger import district, import_rows, row  # noqa: F401 - fixture


def test_an_export_shows_clear_data_only_for_the_rows_the_user_may_see(district, client, make_user, xihu):  # noqa: F811
    job = import_rows(district, [row("P-BEISHAN"), row("P-OTHER", 调解委员会="330106004-TWH")])
    assert job.created_count == 2, job.rejected
    user = make_user(Role.LEADER, "330106")  # district-wide: view and export, no personal data
    RoleGrant.objects.create(user=user, role=Role.MEDIATOR, org_unit=xihu["330106002-TWH"])  # 北山: clear
    client.force_login(user)
    response = client.get(reverse("cases:export", args=["mediation"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    header, *data = list(sheet.iter_rows(values_only=True))
    ids = {r[header.index("案号")]: r[header.index("申请人身份证号")] for r in data}
    assert ids["P-BEISHAN"] == ID_NUMBER  # the street the user mediates in
    assert ids["P-OTHER"] != ID_NUMBER and "*" in ids["P-OTHER"]  # elsewhere: masked, as on the case page
    from fazhi.cases.models import Case

    other = Case.objects.get(number="P-OTHER")
    page = client.get(reverse("cases:detail", args=["mediation", other.pk])).content.decode()
    assert ID_NUMBER not in page

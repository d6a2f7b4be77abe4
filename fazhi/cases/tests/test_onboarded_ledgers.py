"""Issue 15 acceptance, through the pages (the same walk in Chromium: e2e/test_onboarding_walk.py):
a county that is not Xihu (桐庐县) onboarded from the shipped division data with its departments
and users; each of its clerks imports one ledger per case line — upload, 列对应, 试导入, confirm —
and the cases land in that county only: a Xihu clerk sees none of them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.cases import ledger, registry, selectors
from fazhi.cases.ledger_aliases import ensure_defaults
from fazhi.cases.models import Case, ImportJob, ImportStatus, LedgerAlias
from fazhi.cases.tests import onboarded
from fazhi.core import onboarding
from fazhi.core.models import OrgUnit, User
from fazhi.core.roles import Role


@pytest.fixture
def tonglu(xihu, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ensure_defaults(LedgerAlias)
    report = onboarding.onboard(
        onboarded.COUNTY,
        departments_text=onboarded.DEPARTMENTS_CSV,
        users=(onboarded.USERS_CSV.encode(), "users.csv"),
    )
    assert report.users == {"created": 2, "kept": 0, "rejected": 0}
    return OrgUnit.objects.get(code=onboarded.COUNTY)


def _walk(client, kind: str, spec: dict) -> ImportJob:
    """Upload (试导入 ticked), confirm the 列对应, read the dry run, confirm the import."""
    client.force_login(User.objects.get(username=spec["user"]))
    upload = SimpleUploadedFile(f"{kind}.xlsx", onboarded.workbook(spec["rows"]))
    response = client.post(f"/cases/{kind}/import/", {"file": upload, "dry_run": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.get(kind=kind)
    assert response.url.endswith("/mapping/")  # each sheet names a column its own way
    page = client.get(response.url)
    assert page.status_code == 200 and "表头在第 2 行" in page.content.decode()
    proposal, _ = ledger.job_proposal(job, registry.get(kind).ledger)
    form = {}
    for c in proposal.columns:
        value = spec["choose"].get(c.header, c.column)
        form[f"col_{c.index}"] = "__ignore__" if value == "" else value
    response = client.post(response.url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    job.refresh_from_db()
    assert job.dry_run and job.status == ImportStatus.DONE, job.error
    assert (job.created_count, job.rejected) == (len(spec["numbers"]), []), job.rejected
    assert not Case.objects.filter(kind=kind).exists()  # a dry run writes nothing
    response = client.post(f"/cases/imports/{job.pk}/confirm/")
    assert response.status_code == 302
    return ImportJob.objects.exclude(pk=job.pk).get(kind=kind)


@pytest.mark.parametrize("kind", list(onboarded.LEDGERS))
def test_an_onboarded_countys_clerk_imports_each_line_into_that_county_only(client, tonglu, make_user, kind):
    spec = onboarded.LEDGERS[kind]
    real = _walk(client, kind, spec)
    assert (real.status, real.created_count, real.rejected) == (ImportStatus.DONE, len(spec["numbers"]), [])
    cases = Case.objects.filter(kind=kind)
    assert sorted(cases.values_list("number", flat=True)) == sorted(spec["numbers"])
    assert all(c.org_path.startswith(tonglu.path) for c in cases)
    clerk = User.objects.get(username=spec["user"])
    assert selectors.cases_for(clerk, kind=kind).count() == len(spec["numbers"])
    role = {
        "mediation": Role.JUSTICE_OFFICE_STAFF,
        "legal_aid": Role.LEGAL_AID_STAFF,
        "reconsideration": Role.RECONSIDERATION_OFFICER,
        "litigation": Role.LITIGATION_OFFICER,
    }[kind]
    xihu_clerk = make_user(role, "330106")
    assert not selectors.cases_for(xihu_clerk, kind=kind).exists()

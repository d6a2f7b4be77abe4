"""Onboarding a bureau (接入新的区县): a county's org tree, its departments and its users.

`onboard(code)` builds the county's division tree (区县, 镇/乡/街道, 村/社区) from the shipped
national division data (`fazhi.core.divisions`), generates the standard units by rule (the bureau
and its offices with their 职能, the 区县人民政府, a 司法所 and a 调委会 per 乡级 unit, a 调委会
per 村/社区), adds the bureau's own departments from a CSV file, and imports users with their
role grants from a sheet. Everything is idempotent: a unit or user already there is kept as it
is (the bureau may have edited it), only what is missing is created; each run reports counts of
created / kept / rejected and is audited.

Initial passwords: a new user gets a random password (16 characters from `secrets`), shown
once in the run's report (command output / the admin result page) and never stored in clear or
logged; the user changes it at first login (修改密码). An existing user keeps their password.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
import string
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core import divisions, orgtree, xlsx
from fazhi.core.audit import AuditAction, audit_record
from fazhi.core.models import OnboardingJob, OnboardingStatus, OrgUnit, RoleGrant, User
from fazhi.core.models.org import OrgKind, UnitFunction
from fazhi.core.roles import Role
from fazhi.law.errors import LawValidationError
from fazhi.law.validators import check_mobile

SUFFIX = orgtree.UNIT_CODE  # a unit code is <division>-<SUFFIX>
DEPARTMENT_KINDS = (OrgKind.DEPARTMENT, OrgKind.OFFICE, OrgKind.MEDIATION_COMMITTEE, OrgKind.OTHER)
DEPARTMENT_COLUMNS = {
    "suffix": ("suffix", "代码后缀"),
    "name": ("name", "名称"),
    "kind": ("kind", "类型"),
    "function": ("function", "职能"),
}
USER_COLUMNS = ("用户名", "姓名", "手机", "角色", "单位")
GRANTABLE_ROLES = [r for r in Role if r != Role.PUBLIC]
Progress = Callable[[str, int, int], None]  # (step, rows done, rows in all)


class OnboardingError(ValueError):
    """A file rejected whole; `errors` lists (line number, reason)."""

    def __init__(self, what: str, errors: list[tuple[int, str]]):
        self.errors = errors
        lines = "\n".join(f"第{line}行：{reason}" for line, reason in errors)
        super().__init__(f"{what}有 {len(errors)} 处错误，整个文件未导入：\n{lines}")


@dataclass
class Report:
    county: str = ""
    name: str = ""
    units: dict[str, int] = field(default_factory=dict)  # created / kept
    users: dict[str, int] = field(default_factory=dict)  # created / kept / rejected
    grants: dict[str, int] = field(default_factory=dict)  # created / kept
    rejected_rows: list[tuple[int, str]] = field(default_factory=list)
    passwords: list[tuple[str, str]] = field(default_factory=list)  # shown once, never stored

    def lines(self) -> list[str]:
        out = [f"{self.name}（{self.county}）"]
        u = self.units
        out.append(f"组织机构：新增 {u.get('created', 0)}，保留 {u.get('kept', 0)}")
        if self.users or self.rejected_rows:
            s, g = self.users, self.grants
            out.append(
                f"用户：新增 {s.get('created', 0)}，保留 {s.get('kept', 0)}，拒绝 {s.get('rejected', 0)} 行；"
                f"角色授权：新增 {g.get('created', 0)}，保留 {g.get('kept', 0)}"
            )
            out.extend(f"  第{line}行未导入：{reason}" for line, reason in self.rejected_rows)
        return out


# --- preview -------------------------------------------------------------------------------------


def preview(code: str, departments: list[divisions.Department] = ()) -> dict[str, Any]:  # type: ignore[assignment]
    """What onboarding `code` would build, and how much of it is there already."""
    county = divisions.county(code)
    rows = divisions.standard_rows(county, list(departments))
    kinds: dict[str, int] = {}
    for row in rows:
        kinds[row[2]] = kinds.get(row[2], 0) + 1
    existing = OrgUnit.objects.filter(code__in=[r[0] for r in rows]).count()
    return {
        "code": county.code,
        "name": county.name,
        "units": len(rows),
        "existing": existing,
        "by_kind": [
            (OrgKind(k).label, n)
            for k, n in sorted(kinds.items(), key=lambda kv: list(OrgKind.values).index(kv[0]))
        ],
    }


# --- departments ---------------------------------------------------------------------------------


def _choice(value: str, choices: type, allowed: Any = None) -> str | None:
    value = value.strip()
    for member in choices:
        if value in (member.value, member.label) and (allowed is None or member in allowed):
            return str(member.value)
    return None


def parse_departments(text: str) -> list[divisions.Department]:
    """The bureau's department file: header `suffix,name,kind,function` (or 代码后缀,名称,类型,职能);
    kind and function optional (kind defaults to 区级部门; Chinese labels or codes). Checked whole:
    any bad line rejects the file with every bad line's number and reason."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in next(reader, [])]
    index: dict[str, int] = {}
    for key, names in DEPARTMENT_COLUMNS.items():
        for i, h in enumerate(header):
            if h in names:
                index[key] = i
    if "suffix" not in index or "name" not in index:
        raise OnboardingError(
            "部门文件", [(1, "表头应含 suffix,name[,kind,function]（或 代码后缀,名称,类型,职能）")]
        )
    errors: list[tuple[int, str]] = []
    out: list[divisions.Department] = []
    seen: dict[str, int] = {}
    functions: dict[str, int] = {}
    for line, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values) or values[0].startswith("#"):
            continue

        def get(key: str, values: list[str] = values) -> str:
            i = index.get(key)
            return values[i].strip() if i is not None and i < len(values) else ""

        suffix, name = get("suffix").upper(), get("name")
        kind = _choice(get("kind"), OrgKind, DEPARTMENT_KINDS) if get("kind") else OrgKind.DEPARTMENT.value
        function = _choice(get("function"), UnitFunction) if get("function") else ""
        reasons = []
        if not SUFFIX.match(f"000000-{suffix}"):
            reasons.append(f"代码后缀“{suffix}”无效：应为大写字母开头、最多16位的字母数字")
        if not name:
            reasons.append("名称为空")
        if kind is None:
            reasons.append(
                f"类型“{get('kind')}”无效，应为 {'/'.join(str(k.label) for k in DEPARTMENT_KINDS)} 之一"
            )
        if function is None:
            reasons.append(
                f"职能“{get('function')}”无效，应为 {'/'.join(str(f.label) for f in UnitFunction)} 之一"
            )
        if suffix in seen:
            reasons.append(f"代码后缀 {suffix} 与第{seen[suffix]}行重复")
        if function and function in functions:
            reasons.append(f"职能“{UnitFunction(function).label}”与第{functions[function]}行重复")
        standard = {s[0]: s[3] for s in (divisions.BUREAU, divisions.GOVERNMENT, *divisions.OFFICES)}
        if function and suffix not in standard and function in standard.values():
            reasons.append(
                f"职能“{UnitFunction(function).label}”已由标准机构承担；如该机构另有名称，请用其代码后缀"
                f" {next(s for s, f in standard.items() if f == function)} 改名"
            )
        errors.extend((line, r) for r in reasons)
        seen.setdefault(suffix, line)
        if function:
            functions.setdefault(function, line)
        if not reasons:
            out.append(divisions.Department(suffix, name, kind or "department", function or ""))
    if errors:
        raise OnboardingError("部门文件", errors)
    return out


# --- the tree ------------------------------------------------------------------------------------


def city_of(county: divisions.County) -> tuple[str, str]:
    """The 地市 a county lies in: (its code, its name) — 330100 杭州市 for 330122 杭州市桐庐县."""
    return f"{county.code[:4]}00", county.name.removesuffix(county.short) or county.name


def _under_city(county: divisions.County, rows: list, city: bool) -> list:
    """The county's rows, under its 地市 root when asked (`city`) or when the database already has
    that city as a root: every county of the city then sits below it, and a leader granted at the
    city sees them all. A county already onboarded as a root of its own stays where it is (moving
    it would re-path every unit of it): OnboardingError says so."""
    city_code, city_name = city_of(county)
    stored = OrgUnit.objects.filter(code=city_code, kind=OrgKind.CITY).first()
    if not (city or stored):
        return rows
    district = OrgUnit.objects.filter(code=county.code).select_related("parent").first()
    if district is not None and district.parent_id is None:
        raise OnboardingError(
            "组织机构",
            [(1, f"{county.name}已作为独立的根接入，不能再置于{city_name}之下（需迁移其全部单位的路径）")],
        )
    name = stored.name if stored else city_name
    head = (city_code, name, OrgKind.CITY.value, "", "", divisions.SOURCE_NBS, "")
    return [head, *((r[0], r[1], r[2], city_code, *r[4:]) if r[0] == county.code else r for r in rows)]


def build_tree(
    code: str,
    departments: list[divisions.Department] = (),  # type: ignore[assignment]
    *,
    actor=None,
    city: bool = False,
) -> dict[str, int]:
    """Create the county's missing units (division tree, standard units, departments); with
    `city`, under its 地市 (see `_under_city`)."""
    county = divisions.county(code)
    generated = _under_city(county, divisions.standard_rows(county, list(departments)), city)
    rows = orgtree.parse(orgtree.rows_to_csv(generated))
    counts = orgtree.load(rows, actor=actor, label=f"{county.name}（接入）", keep_existing=True)
    return {"created": counts["created"], "kept": counts["unchanged"] + counts["updated"]}


# --- users ---------------------------------------------------------------------------------------


def read_sheet(content: bytes, filename: str) -> list[list[str]]:
    """Rows of a user sheet (.xlsx first sheet, or CSV in UTF-8/GBK), as text."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        from openpyxl import load_workbook

        try:  # a workbook that would unpack too large is refused before it is read
            xlsx.check_workbook(
                content,
                max_cells=settings.FAZHI_IMPORT_MAX_CELLS,
                max_unpacked=settings.FAZHI_IMPORT_MAX_UNPACKED_MB * 1024 * 1024,
            )
            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except (xlsx.SheetTooLarge, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise OnboardingError("用户表", [(1, f"无法读取 Excel 文件：{exc}")]) from exc
        ws = wb.worksheets[0]
        out = [["" if v is None else str(v).strip() for v in row] for row in ws.iter_rows(values_only=True)]
        wb.close()
        return out
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise OnboardingError("用户表", [(1, "无法识别文件编码（应为 UTF-8 或 GBK）")])
    return [[v.strip() for v in row] for row in csv.reader(io.StringIO(text))]


def _password() -> str:
    alphabet = string.ascii_letters + string.digits
    while True:
        pw = "".join(secrets.choice(alphabet) for _ in range(16))
        if any(c.isdigit() for c in pw) and any(c.isupper() for c in pw) and any(c.islower() for c in pw):
            return pw


def check_user_header(rows: list[list[str]]) -> None:
    """A user sheet whose header is not USER_COLUMNS is refused whole (before anything is written)."""
    if not rows or [h.strip() for h in rows[0][: len(USER_COLUMNS)]] != list(USER_COLUMNS):
        raise OnboardingError("用户表", [(1, f"表头应为 {','.join(USER_COLUMNS)}")])


def import_users(
    district: OrgUnit,
    rows: list[list[str]],
    *,
    actor=None,
    report: Report,
    progress: Progress | None = None,
) -> None:
    """Users and their role grants, one grant a row (a user with two roles has two rows). Good
    rows are imported, each bad row is reported with its line and reason. 单位 is a code or an
    exact name, looked up only inside `district`. Each row is its own transaction (a run that
    breaks off keeps the rows before; running again creates only what is missing); the 手机
    column is checked but not stored (an account has no phone number)."""
    check_user_header(rows)
    units = list(OrgUnit.objects.filter(path__startswith=district.path, is_active=True))
    by_code = {u.code: u for u in units}
    by_name: dict[str, list[OrgUnit]] = {}
    for u in units:
        by_name.setdefault(u.name, []).append(u)
    validate_username = UnicodeUsernameValidator()
    counts = {"created": 0, "kept": 0, "rejected": 0}
    grants = {"created": 0, "kept": 0}
    seen_new: set[str] = set()
    for line, values in enumerate(rows[1:], start=2):
        if progress is not None:
            progress("导入用户", line - 2, len(rows) - 1)
        values = [*values, *[""] * len(USER_COLUMNS)][: len(USER_COLUMNS)]
        if not any(values):
            continue
        username, display, phone, role_text, unit_text = values
        reasons = []
        try:
            validate_username(username)
        except ValidationError:
            reasons.append(f"用户名“{username}”无效：只能含字母、数字和 @/./+/-/_")
        if not username:
            reasons = ["用户名为空"]
        if not display:
            reasons.append("姓名为空")
        if phone:
            try:
                check_mobile(phone)
            except LawValidationError as exc:
                reasons.append(f"手机“{phone}”无效：{exc.message}")
        role = _choice(role_text, Role, GRANTABLE_ROLES)
        if role is None:
            reasons.append(
                f"角色“{role_text}”无效，应为 {'、'.join(str(r.label) for r in GRANTABLE_ROLES)} 之一"
            )
        unit = by_code.get(unit_text)
        if unit is None:
            named = by_name.get(unit_text, [])
            if len(named) == 1:
                unit = named[0]
            elif len(named) > 1:
                reasons.append(f"单位“{unit_text}”有 {len(named)} 个同名单位，请填写单位代码")
            else:
                reasons.append(f"单位“{unit_text}”不在{district.name}的组织机构中")
        user = User.objects.filter(username=username).first() if username else None
        if user is not None and user.is_public:
            reasons.append(f"用户名“{username}”已被公众用户使用")
        if reasons:
            counts["rejected"] += 1
            report.rejected_rows.append((line, "；".join(reasons)))
            continue
        with transaction.atomic():
            _import_user_row(
                line, username, display, role, unit, user, actor, counts, grants, seen_new, report
            )
    if progress is not None:
        progress("导入用户", len(rows) - 1, len(rows) - 1)
    report.users = counts
    report.grants = grants


def _import_user_row(
    line, username, display, role, unit, user, actor, counts, grants, seen_new, report
) -> None:
    """One good row of the user sheet: the user (if new, with a random password) and the grant."""
    if user is None:
        password = _password()
        user = User(username=username, display_name=display)
        user.set_password(password)
        user.save()
        counts["created"] += 1
        seen_new.add(username)
        report.passwords.append((username, password))
        audit_record(
            actor=actor, action=AuditAction.CREATE, obj=user, detail={"来源": "接入用户表", "行": line}
        )
    elif username not in seen_new:
        counts["kept"] += 1
        seen_new.add(username)
    grant, created = RoleGrant.objects.get_or_create(
        user=user,
        role=role,
        org_unit=unit,
        defaults={"granted_by": actor if actor and actor.pk else None},
    )
    grants["created" if created else "kept"] += 1
    if created:
        audit_record(
            actor=actor,
            action=AuditAction.GRANT,
            obj=grant,
            detail={"角色": role, "单位": unit.code, "行": line},
        )


# --- the whole run -------------------------------------------------------------------------------


def onboard(
    code: str,
    *,
    departments_text: str | None = None,
    users: tuple[bytes, str] | None = None,
    actor=None,
    progress: Progress | None = None,
    city: bool = False,
) -> Report:
    """Onboard county `code`: tree, departments, users. Every file is read and checked first: a
    bad department file or an unreadable user sheet rejects the run before anything is written;
    bad user rows are reported and skipped. The tree is one transaction, each user row its own
    (`progress`, if given, is told each step and row between them — a background job's page
    shows it); running again creates only what is missing."""
    departments = parse_departments(departments_text) if departments_text else []
    county = divisions.county(code)
    rows = read_sheet(*users) if users is not None else None
    if rows is not None:
        check_user_header(rows)
    report = Report(county=county.code, name=county.name)
    if progress is not None:
        progress("生成组织机构", 0, len(rows) - 1 if rows else 0)
    with transaction.atomic():
        report.units = build_tree(code, departments, actor=actor, city=city)
    if rows is not None:
        district = OrgUnit.objects.get(code=county.code)
        import_users(district, rows, actor=actor, report=report, progress=progress)
    audit_record(
        actor=actor,
        action=AuditAction.LOAD_REFERENCE,
        object_type="core.orgunit",
        object_id=county.code,
        object_repr=f"接入区县 {county.name}",
        detail={"组织机构": report.units, "用户": report.users, "角色授权": report.grants},
    )
    return report


# --- as a background job (the admin page) ---------------------------------------------------------


def onboard_start(
    code: str,
    *,
    actor: Any,
    departments_text: str | None,
    users: tuple[bytes, str] | None,
    city: bool = False,
) -> tuple[OnboardingJob, bool]:
    """Check the county and the files now (a bad file is refused at once, nothing written) and
    make the job (the caller queues it: `onboard_task`); the admin page follows its progress.
    Returns (the job, whether it is new): a run of the same county already queued or running is
    returned instead of a second one (onboarding is idempotent, but two at once would only race)."""
    from django.core.files.base import ContentFile

    if departments_text:
        parse_departments(departments_text)
    divisions.county(code)
    if users is not None:
        check_user_header(read_sheet(*users))
    running = OnboardingJob.objects.filter(
        county=code, status__in=[OnboardingStatus.PENDING, OnboardingStatus.RUNNING]
    ).first()
    if running is not None:
        return running, False
    job = OnboardingJob(
        county=code,
        under_city=city,
        created_by=actor,
        departments=departments_text or "",
        step="排队中",
    )
    if users is not None:
        job.users_name = users[1][:200]
        job.users_file.save(users[1], ContentFile(users[0]), save=False)
    job.save()
    return job, True


def onboard_run(job: OnboardingJob) -> OnboardingJob:
    """Run a queued 接入任务 (the background worker; inline in tests): progress saved as it goes,
    the report and the initial passwords (encrypted) kept for the page; the user sheet deleted."""
    job.status, job.error = OnboardingStatus.RUNNING, ""
    job.save()

    def progress(step: str, done: int, total: int) -> None:
        if step != job.step or done == total or done % 10 == 0:
            job.step, job.processed, job.total = step, done, total
            job.save(update_fields=["step", "processed", "total", "heartbeat_at"])

    try:
        users = None
        if job.users_file:
            with job.users_file.open("rb") as fh:
                users = (fh.read(), job.users_name or job.users_file.name)
        report = onboard(
            job.county,
            departments_text=job.departments or None,
            users=users,
            actor=job.created_by,
            progress=progress,
            city=job.under_city,
        )
    except (divisions.UnknownCounty, OnboardingError, orgtree.OrgTreeError, OSError) as exc:
        job.status, job.error = OnboardingStatus.FAILED, str(exc)
    except Exception as exc:
        job.status = OnboardingStatus.FAILED
        job.error = f"接入意外中断（{type(exc).__name__}）：已完成的部分已保存，重新运行会只补上缺少的部分。"
        raise
    else:
        job.status = OnboardingStatus.DONE
        job.report = {"lines": report.lines()}
        job.passwords = json.dumps(report.passwords) if report.passwords else ""
        job.step = "完成"
    finally:
        job.finished_at = timezone.now()
        if job.users_file:
            job.users_file.delete(save=False)
        job.save()
    return job


def take_passwords(job: OnboardingJob) -> list[tuple[str, str]]:
    """The new users' initial passwords of a finished run, once: emptied as they are read."""
    with transaction.atomic():
        fresh = OnboardingJob.objects.select_for_update().get(pk=job.pk)
        if fresh.passwords_shown or not fresh.passwords:
            return []
        pairs = [tuple(p) for p in json.loads(fresh.passwords)]
        OnboardingJob.objects.filter(pk=job.pk).update(passwords="", passwords_shown=True)
    return pairs  # type: ignore[return-value]


def read_file(path: str | Path) -> tuple[bytes, str]:
    path = Path(path)
    return path.read_bytes(), path.name

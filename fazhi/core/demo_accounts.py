"""The demo accounts (演示账号): one per role, on the Xihu org tree. Created by `make run`."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from fazhi.core.models import OrgUnit, RoleGrant, User
from fazhi.core.models.accounts import UserKind
from fazhi.core.roles import Role

DEMO_PASSWORD = "Fazhi@2024"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    role: str
    org_code: str
    kind: str = UserKind.STAFF
    is_staff: bool = False


DEMO_ACCOUNTS = [
    DemoAccount("leader", "王局长（演示）", Role.LEADER, "330106"),
    DemoAccount("admin", "系统管理员（演示）", Role.ADMIN, "330106", is_staff=True),
    DemoAccount("fuyi", "复议局 李复议（演示）", Role.RECONSIDERATION_OFFICER, "330106"),
    DemoAccount("yingsu", "应诉科 赵应诉（演示）", Role.LITIGATION_OFFICER, "330106"),
    DemoAccount("fayuan", "法援中心 陈法援（演示）", Role.LEGAL_AID_STAFF, "330106"),
    DemoAccount("lvshi", "法援律师 周律师（演示）", Role.LEGAL_AID_LAWYER, "330106"),
    DemoAccount("sfs_beishan", "北山司法所 孙所长（演示）", Role.JUSTICE_OFFICE_STAFF, "330106002"),
    DemoAccount("sfs_sandun", "三墩司法所 吴所长（演示）", Role.JUSTICE_OFFICE_STAFF, "330106109"),
    DemoAccount("tiaojie_beishan", "北山街道调委会 郑调解（演示）", Role.MEDIATOR, "330106002-TWH"),
    DemoAccount("hefa", "合法性审查中心 冯审查（演示）", Role.LEGALITY_REVIEWER, "330106"),
    DemoAccount("bumen", "区市场监管局 法制科 钱法制（演示）", Role.DEPARTMENT_OFFICER, "330106-SCJG"),
    DemoAccount("qifu", "涉企服务专区 何专员（演示）", Role.ENTERPRISE_SERVICE, "330106"),
    DemoAccount("shenji", "审计员 许审计（演示）", Role.AUDITOR, "330106"),
    DemoAccount("qunzhong", "张群众（演示）", Role.PUBLIC, "330106", kind=UserKind.CITIZEN),
    DemoAccount("qiye", "西湖演示科技有限公司（演示）", Role.PUBLIC, "330106", kind=UserKind.ENTERPRISE),
]

ADMIN_GROUP = "系统管理员"


def admin_group() -> Group:
    """Model permissions for the Django admin; the audit log stays view-only."""
    group, _ = Group.objects.get_or_create(name=ADMIN_GROUP)
    perms = Permission.objects.exclude(
        content_type__app_label="core", content_type__model="auditevent"
    ).exclude(codename__startswith="delete_historical")
    view_audit = Permission.objects.filter(content_type__app_label="core", codename="view_auditevent")
    group.permissions.set([*perms, *view_audit])
    return group


@transaction.atomic
def ensure_demo_accounts(password: str = DEMO_PASSWORD) -> list[DemoAccount]:
    """Create or refresh the demo accounts and their grants. Safe to run repeatedly."""
    units = {u.code: u for u in OrgUnit.objects.filter(code__in={a.org_code for a in DEMO_ACCOUNTS})}
    missing = {a.org_code for a in DEMO_ACCOUNTS} - set(units)
    if missing:
        raise RuntimeError(f"组织机构中缺少 {', '.join(sorted(missing))}，请先运行 fazhi load_reference。")
    group = admin_group()
    # For speed: one hash for all (PBKDF2 costs ~0.4 s each; `make run` runs this at each start).
    hashed = make_password(password)
    for account in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(username=account.username)
        user.display_name = account.display_name
        user.kind = account.kind
        user.is_staff = account.is_staff
        user.is_demo = True
        user.password = hashed
        user.save()
        if account.is_staff:
            user.groups.add(group)
        RoleGrant.objects.get_or_create(user=user, role=account.role, org_unit=units[account.org_code])
    return DEMO_ACCOUNTS

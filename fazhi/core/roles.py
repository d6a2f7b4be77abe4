"""Roles (角色) and what each may do in each business area.

A role is granted on an org unit and covers its subtree (`RoleGrant`). This table says which
actions a role has in which area; `fazhi.core.scoping` turns grants into query filters.
"""

from django.db import models


class Role(models.TextChoices):
    LEADER = "leader", "局领导"
    ADMIN = "admin", "局系统管理员"
    RECONSIDERATION_OFFICER = "reconsideration_officer", "行政复议工作人员"
    LITIGATION_OFFICER = "litigation_officer", "行政应诉工作人员"
    LEGAL_AID_STAFF = "legal_aid_staff", "法律援助中心工作人员"
    LEGAL_AID_LAWYER = "legal_aid_lawyer", "法律援助律师"
    JUSTICE_OFFICE_STAFF = "justice_office_staff", "司法所工作人员"
    MEDIATOR = "mediator", "人民调解员"
    LEGALITY_REVIEWER = "legality_reviewer", "合法性审查人员"
    DEPARTMENT_OFFICER = "department_officer", "部门法制工作人员"
    ENTERPRISE_SERVICE = "enterprise_service", "涉企服务人员"
    AUDITOR = "auditor", "审计员"
    PUBLIC = "public", "公众用户"


class Area(models.TextChoices):
    """业务领域: one per business line, plus the platform's own areas."""

    ORG = "org", "组织机构"
    MEDIATION = "mediation", "人民调解"
    LEGAL_AID = "legal_aid", "法律援助"
    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION = "litigation", "行政应诉"
    LEGALITY = "legality", "合法性审查"
    SUPERVISION = "supervision", "行政执法监督"
    SERVICES = "services", "公共法律服务"
    ENTERPRISE = "enterprise", "涉企法治服务"
    OUTREACH = "outreach", "普法宣传"
    TALENT = "talent", "法治人才"
    GOVERNANCE = "governance", "依法治区"
    INDICATORS = "indicators", "指标与预警"
    AUDIT = "audit", "审计日志"


class Action(models.TextChoices):
    VIEW = "view", "查看"
    CHANGE = "change", "办理"
    VIEW_PII = "view_pii", "查看个人信息原文"
    EXPORT = "export", "导出"
    ADMIN = "admin", "管理"


V, C, P, E, A = Action.VIEW, Action.CHANGE, Action.VIEW_PII, Action.EXPORT, Action.ADMIN
ALL_AREAS = "*"
BUSINESS_AREAS = [a for a in Area if a not in (Area.AUDIT,)]

# role -> {area: actions}. ALL_AREAS applies to every area except the audit log.
PERMISSIONS: dict[str, dict[str, frozenset[str]]] = {
    Role.LEADER: {ALL_AREAS: frozenset({V, E})},
    Role.ADMIN: {ALL_AREAS: frozenset({V, C, E, A})},
    Role.RECONSIDERATION_OFFICER: {
        Area.RECONSIDERATION: frozenset({V, C, P, E}),
        Area.LITIGATION: frozenset({V}),
        Area.SUPERVISION: frozenset({V}),
        Area.INDICATORS: frozenset({V}),
        Area.ORG: frozenset({V}),
    },
    Role.LITIGATION_OFFICER: {
        Area.LITIGATION: frozenset({V, C, P, E}),
        Area.RECONSIDERATION: frozenset({V}),
        Area.INDICATORS: frozenset({V}),
        Area.ORG: frozenset({V}),
    },
    Role.LEGAL_AID_STAFF: {
        Area.LEGAL_AID: frozenset({V, C, P, E}),
        Area.SERVICES: frozenset({V, C}),
        Area.TALENT: frozenset({V}),
        Area.INDICATORS: frozenset({V}),
        Area.ORG: frozenset({V}),
    },
    # Lawyers see only the cases assigned to them (the model names its assignee field).
    Role.LEGAL_AID_LAWYER: {Area.LEGAL_AID: frozenset({V, C, P})},
    Role.JUSTICE_OFFICE_STAFF: {
        Area.MEDIATION: frozenset({V, C, P, E}),
        Area.SERVICES: frozenset({V, C}),
        Area.LEGAL_AID: frozenset({V}),
        Area.OUTREACH: frozenset({V, C}),
        Area.INDICATORS: frozenset({V}),
        Area.ORG: frozenset({V}),
    },
    Role.MEDIATOR: {Area.MEDIATION: frozenset({V, C, P}), Area.ORG: frozenset({V})},
    Role.LEGALITY_REVIEWER: {
        Area.LEGALITY: frozenset({V, C, E}),
        Area.GOVERNANCE: frozenset({V}),
        Area.ORG: frozenset({V}),
    },
    # A department's (or street's) own legal officer: submits drafts for legality review, keeps
    # the unit's normative documents and major decisions, and sees what the unit submitted.
    Role.DEPARTMENT_OFFICER: {
        Area.LEGALITY: frozenset({V, C, E}),
        Area.ORG: frozenset({V}),
    },
    Role.ENTERPRISE_SERVICE: {
        Area.ENTERPRISE: frozenset({V, C, E}),
        Area.SERVICES: frozenset({V}),
        Area.ORG: frozenset({V}),
    },
    # Read-only everywhere (masked), plus the audit log itself.
    Role.AUDITOR: {ALL_AREAS: frozenset({V}), Area.AUDIT: frozenset({V, E})},
    # Public users: only their own submissions, in the areas the portal offers.
    Role.PUBLIC: {
        Area.MEDIATION: frozenset({V}),
        Area.LEGAL_AID: frozenset({V}),
        Area.RECONSIDERATION: frozenset({V}),
        Area.SERVICES: frozenset({V}),
        Area.ENTERPRISE: frozenset({V}),
    },
}

# Roles whose grant reaches only the objects assigned to the user, or submitted by the user.
ASSIGNEE_ONLY_ROLES = frozenset({Role.LEGAL_AID_LAWYER})
OWNER_ONLY_ROLES = frozenset({Role.PUBLIC})


def role_allows(role: str, area: str, action: str) -> bool:
    """Whether `role` may take `action` in `area` (before any scoping by org unit)."""
    perms = PERMISSIONS.get(role, {})
    if action in perms.get(area, frozenset()):
        return True
    return area != Area.AUDIT and action in perms.get(ALL_AREAS, frozenset())

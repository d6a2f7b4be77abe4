"""Core models: the org tree, accounts and role grants, people, audit, numbering, calendar."""

from fazhi.core.models.accounts import RoleGrant, User
from fazhi.core.models.audit import AuditEvent
from fazhi.core.models.calendar import HolidayOverride, HolidayYear
from fazhi.core.models.numbering import NumberSequence
from fazhi.core.models.org import OrgUnit
from fazhi.core.models.people import LegalEntity, Person

__all__ = [
    "AuditEvent",
    "HolidayOverride",
    "HolidayYear",
    "LegalEntity",
    "NumberSequence",
    "OrgUnit",
    "Person",
    "RoleGrant",
    "User",
]

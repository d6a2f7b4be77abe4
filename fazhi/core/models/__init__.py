"""Core models: the org tree, accounts and role grants, people, audit, numbering, calendar,
notifications and the SMS outbox."""

from fazhi.core.models.accounts import RoleGrant, User
from fazhi.core.models.audit import AuditEvent
from fazhi.core.models.calendar import HolidayOverride, HolidayYear
from fazhi.core.models.notifications import Notification, SmsMessage, SmsStatus
from fazhi.core.models.numbering import NumberSequence
from fazhi.core.models.onboarding import OnboardingJob, OnboardingStatus
from fazhi.core.models.org import OrgUnit
from fazhi.core.models.people import LegalEntity, Person

__all__ = [
    "AuditEvent",
    "HolidayOverride",
    "HolidayYear",
    "LegalEntity",
    "Notification",
    "NumberSequence",
    "OnboardingJob",
    "OnboardingStatus",
    "OrgUnit",
    "Person",
    "RoleGrant",
    "SmsMessage",
    "SmsStatus",
    "User",
]

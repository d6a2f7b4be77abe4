from django.conf import settings
from django.db import models

from fazhi.core.history import row_history
from fazhi.core.scoping import ScopedQuerySet, ScopeSpec


class Thing(models.Model):
    """A scoped object owned by an org unit, submitted by a user, assigned to a user."""

    title = models.CharField(max_length=50)
    org_unit = models.ForeignKey("core.OrgUnit", on_delete=models.PROTECT)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope = ScopeSpec(area="mediation", owner_field="submitted_by", assignee_field="assignee")

    def __str__(self) -> str:
        return self.title


class SiteStatus(models.TextChoices):
    PLANNED = "planned", "筹建中"
    OPEN = "open", "运行中"
    SUSPENDED = "suspended", "暂停服务"
    CLOSED = "closed", "已撤销"


class Site(models.Model):
    """A test-only record with a lifecycle (a service site that is planned, opened, suspended and
    closed): the registers' `workflow` over `status`."""

    name = models.CharField("名称", max_length=50)
    org_unit = models.ForeignKey("core.OrgUnit", on_delete=models.PROTECT, verbose_name="所属单位")
    status = models.CharField("状态", max_length=20, choices=SiteStatus.choices, default=SiteStatus.PLANNED)
    opened_on = models.DateField("启用日期", null=True, blank=True)
    closed_on = models.DateField("撤销日期", null=True, blank=True)
    close_reason = models.CharField("撤销原因", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = ScopeSpec(area="mediation")
    history = row_history(no_db_index=["org_unit"])

    def __str__(self) -> str:
        return self.name

from django.conf import settings
from django.db import models

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

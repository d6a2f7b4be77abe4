"""Template context of the portal's shell (`portal`): the district the page serves and its bureau's
name (from the org tree, never written into a template), the 12348 hotline, whether large-text
mode (大字模式) is on, and who is signed in. Everything is computed only when a template reads it,
so workbench pages pay nothing."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from fazhi.core.models import OrgUnit
from fazhi.core.models.org import OrgKind, UnitFunction
from fazhi.core.orgtree import district_of, unit_for
from fazhi.core.roles import Role
from fazhi.core.scoping import active_grants, is_public_user
from fazhi.network.signposts import HOTLINE

LARGE_TEXT_COOKIE = "fz_large_text"


def large_text_on(request: Any) -> bool:
    """Large text: the signed-in public account's choice, else the browser's cookie."""
    from fazhi.portal.models import PublicAccount

    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        chosen = PublicAccount.objects.filter(user=user).values_list("large_text", flat=True).first()
        if chosen is not None:
            return bool(chosen)
    return request.COOKIES.get(LARGE_TEXT_COOKIE) == "1"


class PortalContext:
    hotline = HOTLINE

    def __init__(self, request: Any) -> None:
        self.request = request

    @cached_property
    def user(self) -> Any:
        return getattr(self.request, "user", None)

    @cached_property
    def is_public(self) -> bool:
        return bool(self.user is not None and self.user.is_authenticated and is_public_user(self.user))

    @cached_property
    def is_staff_user(self) -> bool:
        """Signed in with a staff account: the portal treats them as a visitor."""
        return bool(self.user is not None and self.user.is_authenticated and not self.is_public)

    @cached_property
    def large_text(self) -> bool:
        return large_text_on(self.request)

    @cached_property
    def district(self) -> OrgUnit | None:
        """A public user's district (their PUBLIC grant), else the deployment's (FAZHI_DISTRICT_CODE)
        or the only district."""
        if self.is_public:
            for grant in active_grants(self.user):
                if grant.role == Role.PUBLIC:
                    try:
                        return district_of(grant.org_unit)
                    except OrgUnit.DoesNotExist:
                        break
        from fazhi.portal.auth import SignInError, default_district

        try:
            return default_district()
        except SignInError:
            return None

    @cached_property
    def district_name(self) -> str:
        return self.district.name if self.district else ""

    @cached_property
    def bureau_name(self) -> str:
        if self.district is None:
            return ""
        try:
            return unit_for(self.district, UnitFunction.BUREAU).name
        except OrgUnit.DoesNotExist:
            return f"{self.district.name}司法局"

    @cached_property
    def matters(self) -> list[Any]:
        """The matters one may submit online (declared by the lines), for the visitor's home."""
        from fazhi.cases.submittable import all_matters

        return all_matters()

    @cached_property
    def several_districts(self) -> bool:
        return OrgUnit.objects.filter(kind=OrgKind.DISTRICT, is_active=True).count() > 1


def portal(request: Any) -> dict[str, Any]:
    return {"portal": PortalContext(request)}

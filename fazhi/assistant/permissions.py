"""Who may do what with the assistant: any staff account may ask in the workbench; staff who
handle public legal services (公共法律服务, 办理) keep its knowledge and rebuild its index; staff who
see that area read the question log's unanswered and poorly rated topics. Public accounts ask only
on the portal."""

from __future__ import annotations

from typing import Any

from fazhi.core.roles import Action, Area
from fazhi.core.scoping import active_grants, can_in_area, is_public_user


def _staff(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or is_public_user(user):
        return False
    return bool(getattr(user, "is_superuser", False) or active_grants(user))


def may_use(user: Any) -> bool:
    """在工作台使用助手: any staff account holding a grant."""
    return _staff(user)


def may_manage(user: Any) -> bool:
    """维护知识库、重建索引: 办理 in the public legal services area."""
    return _staff(user) and can_in_area(user, Area.SERVICES, Action.CHANGE)


def may_review(user: Any) -> bool:
    """查看问答记录 (masked): 查看 in the public legal services area."""
    return _staff(user) and can_in_area(user, Area.SERVICES, Action.VIEW)

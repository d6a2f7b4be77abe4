"""Template context for the workbench shell: menu, the user's scope (数据范围)."""

from fazhi.core import navigation
from fazhi.core.paging import PAGE_SIZES
from fazhi.core.scoping import active_grants


def workbench(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    grants = active_grants(user)
    items = navigation.items_for(user)
    # The item the page belongs to: the longest item address the path starts with (so that
    # /registers/normative/5/ marks 行政规范性文件, not also 规范性文件工作台 at /normative/).
    path = request.path
    under = [i["url"] for i in items if path.startswith(i["url"].split("?")[0])]
    return {
        "nav_items": items,
        "nav_active": max(under, key=lambda u: len(u.split("?")[0])) if under else "",
        "user_grants": grants,
        "scope_summary": "、".join(f"{g.org_unit.name}（{g.get_role_display()}）" for g in grants)
        or ("全部（超级管理员）" if user.is_superuser else "未授权"),
        "page_sizes": PAGE_SIZES,  # what a list offers under 每页 (pagination.html)
    }

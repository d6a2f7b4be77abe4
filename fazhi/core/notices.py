"""Page notices (页面提示): a banner a higher app puts on a page of a lower one (e.g. the demo
build's progress on the home page and the 驾驶舱) without the lower app's templates naming the
higher app. A page says where notices go with `{% notices "home" %}` (fazhi.core.templatetags);
an app registers what to show there in its `ready()` with `register("home", render)`, where
`render(request)` returns HTML (already escaped, e.g. from `render_to_string`) or "" for nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Notice = Callable[[Any], str]
_NOTICES: dict[str, list[Notice]] = {}


def register(place: str, notice: Notice) -> None:
    """Show `notice(request)` where a page has `{% notices place %}` (once per function)."""
    funcs = _NOTICES.setdefault(place, [])
    if notice not in funcs:
        funcs.append(notice)


def render(place: str, request: Any) -> str:
    return "".join(n(request) for n in _NOTICES.get(place, ()))

"""The demo build's progress banner (home page, 驾驶舱) while `fazhi demo` builds in the background;
nothing once the build is done (or when none was started). Registered as a page notice
(fazhi.core.notices) by the app's ready()."""

from typing import Any

from django.template.loader import render_to_string

from fazhi.demo import progress


def demo_progress(request: Any, polling: bool = True) -> str:
    build = progress.current()
    if build is None or build.state == "done":
        return ""
    return render_to_string("demo/_progress.html", {"build": build, "polling": polling}, request=request)

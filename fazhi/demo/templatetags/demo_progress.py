"""{% demo_progress %}: the demo build's progress banner (home page, 驾驶舱) while `fazhi demo`
builds in the background; nothing once the build is done (or when none was started)."""

from django import template

from fazhi.demo import progress

register = template.Library()


@register.inclusion_tag("demo/_progress.html")
def demo_progress(polling: bool = True) -> dict:
    build = progress.current()
    return {"build": build if build is not None and build.state != "done" else None, "polling": polling}

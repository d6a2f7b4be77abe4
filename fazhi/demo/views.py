"""The demo build's progress fragment, polled by the banner (htmx) while the build runs."""

from django.shortcuts import render

from fazhi.demo import progress


def progress_fragment(request):
    """GET: the banner as it stands; when the build has just finished, a note to reload the page."""
    build = progress.current()
    return render(request, "demo/_progress.html", {"build": build, "polling": True, "fragment": True})

"""Portal views: 查询进度 (placeholder, replaced by its part of issue 18)."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render


@login_not_required
def track(request):
    """查询进度."""
    return render(request, "portal/home.html", {"submissions": []})

"""Portal views: 登录 (placeholder, replaced by its part of issue 18)."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render


@login_not_required
def signin(request):
    """登录."""
    return render(request, "portal/home.html", {"submissions": []})

"""Portal views: 网上办事 (placeholder, replaced by its part of issue 18)."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render


@login_not_required
def matters(request):
    """网上办事."""
    return render(request, "portal/home.html", {"submissions": []})

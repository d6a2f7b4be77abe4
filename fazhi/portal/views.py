"""The public portal (公众服务门户): citizens and enterprises see the matters they submitted."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from fazhi.cases.models import Case
from fazhi.core.roles import Action


@login_not_required
def home(request):
    """Home: a signed-in public user sees their own submissions and their progress."""
    submissions = []
    if request.user.is_authenticated:
        submissions = (
            Case.objects.scoped_for(request.user, Action.VIEW)
            .filter(submitted_by=request.user)
            .order_by("-received_on")[:50]
        )
    return render(request, "portal/home.html", {"submissions": submissions})

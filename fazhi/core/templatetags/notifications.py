"""{% unread_notifications as n %}: the signed-in user's unread notifications (the header bell)."""

from django import template

from fazhi.core.notifications import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: template.Context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    return unread_count(user) if user is not None and user.is_authenticated else 0

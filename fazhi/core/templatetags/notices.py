"""{% notices "place" %}: the notices apps registered for this place (fazhi.core.notices)."""

from django import template
from django.utils.safestring import mark_safe

from fazhi.core import notices as registry

register = template.Library()


@register.simple_tag(takes_context=True)
def notices(context: template.Context, place: str) -> str:
    return mark_safe(registry.render(place, context.get("request")))

"""A machine-readable moment for <time datetime="…">, in every template:

    {% load timestamps %}<time datetime="{{ comment.created_at|html_datetime }}">…</time>

`|date:"c"` writes microseconds (six fractional digits), which HTML does not allow (at most
three); this writes whole seconds, in the zone the page is shown in, as `|date` does.
"""

from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def html_datetime(value: datetime | date | None) -> str:
    if isinstance(value, datetime):
        return timezone.template_localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return ""

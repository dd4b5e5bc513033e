from decimal import Decimal

from django import template

from plans.schedule import format_hours

register = template.Library()


@register.filter
def hours(value: Decimal | int | None) -> str:
    """Hours without trailing zeros: 2, 1.5, 0.25."""
    return format_hours(value or 0)

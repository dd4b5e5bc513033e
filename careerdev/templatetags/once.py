from django import template
from django.utils.html import format_html

from careerdev.once import FIELD, new_token

register = template.Library()


@register.simple_tag
def form_token() -> str:
    """The one-time token of a form that creates something (see careerdev.once)."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())

from django import template

from plans.adoption import ways_to_build
from plans.library import Activity

register = template.Library()


@register.filter
def gap_activities(suggestion_key: str) -> list[Activity]:
    """Ways to close a skills-gap suggestion's gap, the cheapest first (none for others)."""
    return ways_to_build(str(suggestion_key))

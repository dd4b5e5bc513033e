from django import template

from plans import library as knowledge
from plans.adoption import ways_to_build
from plans.library import Activity

register = template.Library()


@register.filter
def gap_activities(suggestion_key: str) -> list[Activity]:
    """Ways to close a skills-gap suggestion's gap, the cheapest first (none for others)."""
    return ways_to_build(str(suggestion_key))


@register.inclusion_tag("plans/includes/paths_through.html")
def paths_through(code: str) -> dict[str, object]:
    """The career paths with a stage in this occupation, for the occupation's own page."""
    paths = knowledge.library().paths_through(str(code))
    return {
        "paths": [
            (path, [stage.name for stage in path.stages if stage.occupation.code == code])
            for path in paths
        ]
    }

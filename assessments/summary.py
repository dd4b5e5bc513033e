"""What the rest of careerdev reads of a member's assessments.

Goal suggestions (plans) and mentors (mentoring) read these plain values, never the
assessment tables, so the instruments can change without breaking their readers.
"""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class SkillRating:
    """One skill from the skills assessment: where the member is and where the target role is."""

    slug: str
    name: str
    group: str
    current: int
    target: int

    @property
    def gap(self) -> int:
        return self.target - self.current


@dataclass(frozen=True)
class AreaScore:
    """A scored area of an instrument (a competency, RIASEC area, value or trait), 0-100."""

    slug: str
    name: str
    score: float


@dataclass(frozen=True)
class ProfileSummary:
    """The latest completed result of each instrument; an instrument not yet taken is empty."""

    skills: tuple[SkillRating, ...] = ()
    leadership: tuple[AreaScore, ...] = ()
    interests: tuple[AreaScore, ...] = ()
    interest_code: str = ""
    values: tuple[AreaScore, ...] = ()
    personality: tuple[AreaScore, ...] = ()
    completed_at: dict[str, datetime] = field(default_factory=dict)

    def largest_skill_gaps(self, limit: int = 3) -> list[SkillRating]:
        gaps = [skill for skill in self.skills if skill.gap > 0]
        return sorted(gaps, key=lambda skill: (-skill.gap, skill.name))[:limit]

    def weakest_leadership(self, limit: int = 2) -> list[AreaScore]:
        return sorted(self.leadership, key=lambda area: (area.score, area.name))[:limit]

    def top_values(self, limit: int = 3) -> list[AreaScore]:
        return sorted(self.values, key=lambda area: (-area.score, area.name))[:limit]

    @property
    def is_empty(self) -> bool:
        return not self.completed_at

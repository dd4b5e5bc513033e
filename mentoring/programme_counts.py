"""What a programme's admins see of its members: counts over the group, never a person.

Every figure is worked out in the database over the whole membership, in a fixed number
of queries however many members there are. Up to PROGRAMME_LIVE_COUNTS_UP_TO members that
happens at each request; a larger programme's figures are worked out in the background
(snapshots_refresh, each beat tick, PROGRAMME_COUNTS_MAX_AGE apart) and the page reads the
latest, saying when it was made. A count covering fewer than MIN_GROUP members
is not shown at all ("fewer than 5"), and neither is a skills gap or a target role that
fewer than MIN_GROUP members share: a small group's figure could point at one person.
"""

from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    Aggregate,
    Count,
    Exists,
    F,
    FloatField,
    Max,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import Cast
from django.utils import timezone

from assessments.models import Answer, Attempt, CareerDirection
from assessments.occupations import catalogue
from mentoring.models import MentorProfile
from mentoring.programme_models import Programme, ProgrammeMembership, ProgrammeSnapshot
from plans.library import skill_name
from plans.models import Goal, Reflection

MIN_GROUP = 5
TOP = 5
FEWER = f"fewer than {MIN_GROUP}"


class Median(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


@dataclass(frozen=True)
class Figure:
    """A count, shown only when it covers at least MIN_GROUP members."""

    value: int

    @property
    def is_shown(self) -> bool:
        return self.value >= MIN_GROUP

    def __str__(self) -> str:
        return f"{self.value:,}" if self.is_shown else FEWER


@dataclass(frozen=True)
class Shared:
    """A skill or role and how many members share it (never fewer than MIN_GROUP)."""

    name: str
    members: int


@dataclass(frozen=True)
class ProgrammeCounts:
    joined: Figure
    assessed: Figure
    planning: Figure
    reflected: Figure
    progress_members: Figure  # members whose active goals the median covers
    median_progress: float | None  # 0-100, None when progress_members is not shown
    skills_gaps: list[Shared]
    target_roles: list[Shared]

    @property
    def median_shown(self) -> str:
        if self.median_progress is None:
            return FEWER if self.progress_members.value else "no planned work yet"
        return f"{round(self.median_progress)}%"


def member_ids(programme: Programme) -> QuerySet:
    return ProgrammeMembership.objects.filter(programme=programme).values("member_id")


def _headcounts(programme: Programme, month_start: datetime) -> dict[str, Any]:
    def has(queryset: QuerySet) -> Exists:
        return Exists(queryset.filter(member_id=OuterRef("member_id")))

    return ProgrammeMembership.objects.filter(programme=programme).aggregate(
        joined=Count("pk"),
        assessed=Count("pk", filter=has(Attempt.objects.completed())),
        planning=Count("pk", filter=has(Goal.objects.active())),
        reflected=Count("pk", filter=has(Reflection.objects.filter(completed_at__gte=month_start))),
    )


def _progress(programme: Programme) -> tuple[int, float | None]:
    """The median share of planned hours done, over members' active goals with planned
    hours; and how many members those goals belong to."""
    goals = (
        Goal.objects.active()
        .filter(member__in=member_ids(programme))
        .with_progress(datetime.min.date())
        .filter(total_hours__gt=0)
        .annotate(ratio=Cast(F("done_hours"), FloatField()) / Cast(F("total_hours"), FloatField()))
    )
    found = goals.aggregate(members=Count("member_id", distinct=True), median=Median("ratio"))
    members = found["members"] or 0
    if members < MIN_GROUP or found["median"] is None:
        return members, None
    return members, found["median"] * 100


def _skills_gaps(programme: Programme) -> list[Shared]:
    """The skills most members fall short in, on their latest skills assessment."""
    latest = (
        Attempt.objects.completed()
        .of_instrument("skills")
        .filter(member__in=member_ids(programme))
        .order_by("member_id", "-completed_at", "-pk")
        .distinct("member_id")
        .values("pk")
    )
    gaps = (
        Answer.objects.filter(attempt__in=latest)
        .annotate(skill=F("item__area__slug"))
        .values("attempt_id", "skill")
        .annotate(
            gap=Max("value", filter=Q(item__facet="target"))
            - Max("value", filter=Q(item__facet="current"))
        )
        .filter(gap__gt=0)
        .values("skill")
    )
    sql, params = gaps.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT skill, COUNT(*) FROM ({sql}) AS gaps GROUP BY skill "  # noqa: S608
            "HAVING COUNT(*) >= %s ORDER BY COUNT(*) DESC, skill LIMIT %s",
            [*params, MIN_GROUP, TOP],
        )
        return [Shared(skill_name(slug), count) for slug, count in cursor.fetchall()]


def _target_roles(programme: Programme) -> list[Shared]:
    rows = (
        CareerDirection.objects.filter(member__in=member_ids(programme))
        .exclude(target_code="")
        .values("target_code")
        .annotate(members=Count("pk"))
        .filter(members__gte=MIN_GROUP)
        .order_by("-members", "target_code")[:TOP]
    )
    known = catalogue()
    roles = []
    for row in rows:
        occupation = known.get(row["target_code"])
        roles.append(Shared(occupation.title if occupation else "Another role", row["members"]))
    return roles


def programme_counts(programme: Programme, month_start: datetime) -> ProgrammeCounts:
    """Five queries, whatever the size of the programme."""
    heads = _headcounts(programme, month_start)
    progress_members, median = _progress(programme)
    return ProgrammeCounts(
        joined=Figure(heads["joined"]),
        assessed=Figure(heads["assessed"]),
        planning=Figure(heads["planning"]),
        reflected=Figure(heads["reflected"]),
        progress_members=Figure(progress_members),
        median_progress=median,
        skills_gaps=_skills_gaps(programme),
        target_roles=_target_roles(programme),
    )


def month_start(now: datetime) -> datetime:
    """The first moment of the month, in UTC: the same for every admin and snapshot."""
    return now.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _to_json(counts: ProgrammeCounts) -> dict[str, Any]:
    return asdict(counts)


def _from_json(data: dict[str, Any]) -> ProgrammeCounts:
    figures = {
        key: Figure(data[key]["value"])
        for key in ("joined", "assessed", "planning", "reflected", "progress_members")
    }
    return ProgrammeCounts(
        **figures,
        median_progress=data["median_progress"],
        skills_gaps=[Shared(**row) for row in data["skills_gaps"]],
        target_roles=[Shared(**row) for row in data["target_roles"]],
    )


@dataclass(frozen=True)
class Overview:
    counts: ProgrammeCounts | None  # None while a large programme's first snapshot is made
    as_of: datetime | None  # when the snapshot was made; None when counted just now


def overview_counts(programme: Programme, now: datetime) -> Overview:
    """Counted now for a programme of up to PROGRAMME_LIVE_COUNTS_UP_TO members (6 queries),
    else read from its latest snapshot (2 queries)."""
    members = ProgrammeMembership.objects.filter(programme=programme).count()
    if members <= settings.PROGRAMME_LIVE_COUNTS_UP_TO:
        return Overview(programme_counts(programme, month_start(now)), None)
    snapshot = ProgrammeSnapshot.objects.filter(programme=programme).first()
    if snapshot is None:
        return Overview(None, None)
    return Overview(_from_json(snapshot.counts), snapshot.computed_at)


@transaction.atomic
def snapshot_refresh(*, programme: Programme, now: datetime | None = None) -> ProgrammeSnapshot:
    now = now or timezone.now()
    counts = programme_counts(programme, month_start(now))
    snapshot, _ = ProgrammeSnapshot.objects.update_or_create(
        programme=programme, defaults={"counts": _to_json(counts), "computed_at": now}
    )
    return snapshot


def snapshots_refresh(*, now: datetime | None = None) -> int:
    """Works out again the counts of each large programme whose snapshot is missing or older
    than PROGRAMME_COUNTS_MAX_AGE; returns how many."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.PROGRAMME_COUNTS_MAX_AGE)
    due = (
        Programme.objects.annotate(members=Count("memberships"))
        .filter(members__gt=settings.PROGRAMME_LIVE_COUNTS_UP_TO)
        .filter(Q(snapshot__isnull=True) | Q(snapshot__computed_at__lt=stale))
        .order_by(F("snapshot__computed_at").asc(nulls_first=True))
    )
    refreshed = 0
    for programme in due:
        snapshot_refresh(programme=programme, now=now)
        refreshed += 1
    return refreshed


@dataclass(frozen=True)
class PoolLoad:
    mentors: list[MentorProfile]  # each with mentee_count and requested_count

    @property
    def mentees(self) -> int:
        return sum(mentor.mentee_count for mentor in self.mentors)

    @property
    def waiting(self) -> int:
        return sum(mentor.requested_count for mentor in self.mentors)

    @property
    def places(self) -> int:
        return sum(mentor.capacity for mentor in self.mentors)

    @property
    def mentees_per_mentor(self) -> str:
        if not self.mentors:
            return "none"
        return f"{self.mentees / len(self.mentors):.1f}"


def pool_load(programme: Programme) -> PoolLoad:
    """The pool's mentors with their places taken and asked for: one query. How loaded a
    mentor is says nothing of what any mentee shares with them."""
    pool = ProgrammeMembership.objects.pool().filter(programme=programme).values("member_id")
    mentors = (
        MentorProfile.objects.with_places()
        .filter(user__in=pool)
        .select_related("user")
        .order_by("user__display_name", "user__email")
    )
    return PoolLoad(list(mentors))

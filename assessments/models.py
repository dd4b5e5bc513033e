"""Instruments as versioned data, and the attempts members make at them.

A version, its areas and its items are written once by the loader and never edited;
an attempt points at the version it was taken on, so a new version leaves every
earlier attempt, its answers and its scores exactly as they were.
"""

import math
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Window
from django.db.models.functions import RowNumber

if TYPE_CHECKING:
    from assessments.occupations import Occupation
    from careerdev.models import User


class InstrumentQuerySet(models.QuerySet["Instrument"]):
    def with_versions(self) -> "InstrumentQuerySet":
        """Loads the versions, newest first, for current_version, in one more query."""
        newest_first = InstrumentVersion.objects.order_by("-number")
        return self.prefetch_related(Prefetch("versions", newest_first, to_attr="newest_first"))

    def with_member_status(self, member: "User") -> "InstrumentQuerySet":
        """Annotates the member's progress on each instrument, in one query."""
        attempts = Attempt.objects.for_member(member).filter(instrument=OuterRef("pk"))
        completed = attempts.completed().order_by("-completed_at", "-pk")
        open_attempt = attempts.in_progress()
        return self.annotate(
            completed_count=Subquery(
                completed.order_by().values("instrument").annotate(n=Count("pk")).values("n")
            ),
            latest_attempt_id=Subquery(completed.values("pk")[:1]),
            latest_completed_at=Subquery(completed.values("completed_at")[:1]),
            open_attempt_id=Subquery(open_attempt.values("pk")[:1]),
            open_answered=Subquery(
                Answer.objects.filter(attempt=OuterRef("open_attempt_id"))
                .order_by()
                .values("attempt")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            open_item_count=Subquery(open_attempt.values("version__item_count")[:1]),
            current_item_count=Subquery(
                InstrumentVersion.objects.filter(instrument=OuterRef("pk"))
                .order_by("-number")
                .values("item_count")[:1]
            ),
        )


def minutes_for(slug: str, questions: int) -> int:
    """Whole minutes to answer that many questions of an instrument: about twelve seconds a
    statement; a skills rating asks the person to read five level examples, so about twenty."""
    seconds = 20 if slug == "skills" else 12
    return max(1, math.ceil(questions * seconds / 60))


class Instrument(models.Model):
    """One of the five self-assessments; its content lives in its versions."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=80)
    position = models.PositiveSmallIntegerField(default=0)

    objects: ClassVar[InstrumentQuerySet] = InstrumentQuerySet.as_manager()

    class Meta:
        ordering = ("position",)

    def __str__(self) -> str:
        return self.name

    @property
    def minutes(self) -> int:
        """An honest time to take the newest version (see minutes_for)."""
        version = self.current_version
        return max(3, minutes_for(self.slug, version.item_count)) if version else 0

    @property
    def current_version(self) -> "InstrumentVersion | None":
        """The newest version: new attempts are taken on it."""
        if hasattr(self, "newest_first"):
            return self.newest_first[0] if self.newest_first else None
        return self.versions.order_by("-number").first()


class InstrumentVersion(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=80)
    model = models.CharField(max_length=200, help_text="The public model the instrument follows.")
    summary = models.TextField()
    about = models.TextField()
    stem = models.CharField(max_length=200, blank=True)
    scale = models.JSONField(help_text="[[value, label], ...] shared by every item.")
    item_count = models.PositiveSmallIntegerField()
    page_count = models.PositiveSmallIntegerField()
    digest = models.CharField(max_length=64, help_text="Hash of the definition file.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("instrument__position", "number")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.number}"

    @property
    def scale_values(self) -> list[int]:
        return [value for value, _ in self.scale]

    @property
    def scale_low(self) -> int:
        return self.scale[0][0]

    @property
    def scale_high(self) -> int:
        return self.scale[-1][0]


class Area(models.Model):
    """What an instrument scores: a skill, competency, interest area, value or trait."""

    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="areas")
    slug = models.SlugField()
    name = models.CharField(max_length=80)
    group = models.CharField(max_length=80, blank=True)
    description = models.TextField()
    anchors = models.JSONField(default=list, blank=True, help_text="One example per scale point.")
    readings = models.JSONField(default=dict, blank=True, help_text="Plain words per score band.")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ("version", "position")
        constraints = [models.UniqueConstraint(fields=["version", "slug"], name="one_area_slug")]

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    """A question: one statement rated on the version's scale."""

    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="items")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="items")
    slug = models.SlugField(max_length=80)
    text = models.CharField(max_length=240)
    facet = models.CharField(max_length=20, blank=True, help_text="current or target for skills.")
    reverse_keyed = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField()
    page = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ("version", "position")
        constraints = [
            models.UniqueConstraint(fields=["version", "slug"], name="one_item_slug"),
            models.UniqueConstraint(fields=["version", "position"], name="one_item_position"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def field_name(self) -> str:
        return f"item-{self.pk}"

    @property
    def prompt(self) -> str:
        """The question without the area name it starts with ("Writing: your level now")."""
        return self.text.split(": ", 1)[-1]


class AttemptQuerySet(models.QuerySet["Attempt"]):
    def for_member(self, member: "User") -> "AttemptQuerySet":
        return self.filter(member=member)

    def completed(self) -> "AttemptQuerySet":
        return self.filter(completed_at__isnull=False)

    def in_progress(self) -> "AttemptQuerySet":
        return self.filter(completed_at__isnull=True)

    def of_instrument(self, slug: str) -> "AttemptQuerySet":
        return self.filter(instrument__slug=slug)

    def with_versions(self) -> "AttemptQuerySet":
        return self.select_related("instrument", "version")

    def latest_completed(self) -> "AttemptQuerySet":
        """The newest completed attempt of each instrument, whatever the number of attempts."""
        newest_first = Window(
            RowNumber(),
            partition_by=[F("member_id"), F("instrument_id")],
            order_by=[F("completed_at").desc(), F("pk").desc()],
        )
        return self.completed().annotate(row=newest_first).filter(row=1)

    def with_answer_count(self) -> "AttemptQuerySet":
        return self.annotate(answered=Count("answers"))


class Attempt(models.Model):
    """One sitting of an instrument by a member; completed attempts never change."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessment_attempts"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="attempts")
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    target_code = models.CharField(
        max_length=10,
        blank=True,
        help_text="Skills: the catalogue occupation the member aimed for when they finished.",
    )

    objects: ClassVar[AttemptQuerySet] = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ("-started_at", "-pk")
        indexes = [models.Index(fields=["member", "instrument", "completed_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "instrument"],
                condition=Q(completed_at__isnull=True),
                name="one_open_attempt_per_instrument",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument} attempt {self.pk}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    @property
    def target_occupation(self) -> "Occupation | None":
        """The role a skills gap was measured against, when it was one from the catalogue."""
        from assessments.occupations import catalogue

        return catalogue().get(self.target_code) if self.target_code else None

    def resume_page(self) -> int:
        """The page holding the first unanswered question, or the last page."""
        answered = self.answers.values("item_id")
        first_open = (
            Item.objects.filter(version_id=self.version_id)
            .exclude(pk__in=answered)
            .order_by("position")
            .values_list("page", flat=True)
            .first()
        )
        return first_open or self.version.page_count


class Answer(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    value = models.SmallIntegerField()
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "item"], name="one_answer_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.value}"


class CareerDirectionQuerySet(models.QuerySet["CareerDirection"]):
    def for_member(self, member: "User") -> "CareerDirectionQuerySet":
        return self.filter(member=member)

    def of_member(self, member: "User") -> "CareerDirection":
        """The member's direction, or an unsaved empty one: one query either way."""
        return self.for_member(member).first() or CareerDirection(member=member)


class CareerDirection(models.Model):
    """The occupations a member holds now and aims for, by O*NET-SOC code.

    The codes point into the occupation catalogue (assessments/occupations.py), which lives
    in data files rather than tables. A code the catalogue no longer lists reads as none.
    """

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="career_direction"
    )
    current_code = models.CharField(max_length=10, blank=True)
    target_code = models.CharField(max_length=10, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[CareerDirectionQuerySet] = CareerDirectionQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.member_id}: {self.current_code or '?'} to {self.target_code or '?'}"

    @property
    def roles(self) -> list[tuple[str, "Occupation | None"]]:
        return [("current", self.current_occupation), ("target", self.target_occupation)]

    @property
    def current_occupation(self) -> "Occupation | None":
        from assessments.occupations import catalogue

        return catalogue().get(self.current_code) if self.current_code else None

    @property
    def target_occupation(self) -> "Occupation | None":
        from assessments.occupations import catalogue

        return catalogue().get(self.target_code) if self.target_code else None

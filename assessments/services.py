"""Writes: loading instrument versions, starting attempts, saving answers, submitting, and
the occupations a member holds now and aims for."""

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from django.apps import apps as django_apps
from django.apps.registry import Apps
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.definitions import DefinitionError, InstrumentDefinition
from assessments.models import Answer, Attempt, CareerDirection, Instrument, Item
from assessments.occupations import Occupation, catalogue, normalise
from careerdev.fragments import members_changed

if TYPE_CHECKING:
    from careerdev.models import User


class AttemptClosed(Exception):
    """The attempt is complete, so its answers can no longer change."""


class AnswerRefused(ValueError):
    """An answer to a question outside the attempt, or a value outside the scale."""


class UnansweredItems(Exception):
    def __init__(self, items: Sequence[Item]) -> None:
        super().__init__(f"{len(items)} questions are unanswered.")
        self.items = list(items)


@transaction.atomic
def instruments_sync(
    *, definitions: Sequence[InstrumentDefinition], apps: Apps = django_apps
) -> list[str]:
    """Adds instrument versions not yet in the database; refuses to alter a loaded one.

    `apps` lets the post-migrate hook pass the models as the migrations left them.
    """
    instrument_model = apps.get_model("assessments", "Instrument")
    version_model = apps.get_model("assessments", "InstrumentVersion")
    area_model = apps.get_model("assessments", "Area")
    item_model = apps.get_model("assessments", "Item")
    added = []
    for definition in definitions:
        instrument, _ = instrument_model.objects.get_or_create(
            slug=definition.slug,
            defaults={"name": definition.name, "position": definition.position},
        )
        loaded = version_model.objects.filter(
            instrument=instrument, number=definition.version
        ).first()
        if loaded is not None:
            if loaded.digest != definition.digest:
                raise DefinitionError(
                    f"{definition.slug} version {definition.version} differs from the copy "
                    "already loaded. Published versions never change: save the edit as "
                    f"version {definition.version + 1}."
                )
            continue
        version = version_model.objects.create(
            instrument=instrument,
            number=definition.version,
            name=definition.name,
            model=definition.model,
            summary=definition.summary,
            about=definition.about,
            stem=definition.stem,
            scale=[list(point) for point in definition.scale],
            item_count=len(definition.items),
            page_count=max(item.page for item in definition.items),
            digest=definition.digest,
        )
        areas = area_model.objects.bulk_create(
            area_model(
                version=version,
                slug=area.slug,
                name=area.name,
                group=area.group,
                description=area.description,
                anchors=list(area.anchors),
                readings=dict(area.readings),
                position=area.position,
            )
            for area in definition.areas
        )
        area_ids = {area.slug: area.pk for area in areas}
        item_model.objects.bulk_create(
            item_model(
                version=version,
                area_id=area_ids[item.area],
                slug=item.slug,
                text=item.text,
                facet=item.facet,
                reverse_keyed=item.reverse_keyed,
                position=item.position,
                page=item.page,
            )
            for item in definition.items
        )
        # The instrument shows the name of its newest version.
        instrument_model.objects.filter(pk=instrument.pk).update(
            name=definition.name, position=definition.position
        )
        added.append(f"{definition.slug} v{definition.version}")
    return added


def attempt_start(*, member: "User", instrument: Instrument) -> Attempt:
    """The member's open attempt at the instrument, or a new one on its newest version."""
    existing = Attempt.objects.for_member(member).in_progress().filter(instrument=instrument)
    attempt = existing.with_versions().first()
    if attempt is not None:
        return attempt
    version = instrument.current_version
    if version is None:
        raise DefinitionError(f"{instrument.name} has no version to take.")
    now = timezone.now()
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                member=member,
                instrument=instrument,
                version=version,
                started_at=now,
                updated_at=now,
            )
    except IntegrityError:
        # A second tab started it a moment ago: carry on with that one.
        return existing.with_versions().get()


def _lock_open(attempt: Attempt) -> Attempt:
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if locked.is_complete:
        raise AttemptClosed("This attempt is complete; its answers can no longer change.")
    return locked


@transaction.atomic
def answers_save(*, attempt: Attempt, answers: Mapping[int, int]) -> int:
    """Saves answers by item id, all or none; returns how many were saved."""
    _lock_open(attempt)
    if not answers:
        return 0
    known = set(
        Item.objects.filter(version_id=attempt.version_id, pk__in=answers).values_list(
            "pk", flat=True
        )
    )
    if known != set(answers):
        raise AnswerRefused("That question is not part of this assessment.")
    allowed = set(attempt.version.scale_values)
    if not set(answers.values()) <= allowed:
        raise AnswerRefused("That answer is not on the scale.")
    now = timezone.now()
    Answer.objects.bulk_create(
        [
            Answer(attempt=attempt, item_id=item_id, value=value, answered_at=now)
            for item_id, value in answers.items()
        ],
        update_conflicts=True,
        unique_fields=["attempt", "item"],
        update_fields=["value", "answered_at"],
    )
    Attempt.objects.filter(pk=attempt.pk).update(updated_at=now)
    members_changed([attempt.member_id])
    return len(answers)


@transaction.atomic
def attempt_submit(*, attempt: Attempt) -> Attempt:
    """Completes the attempt, or raises UnansweredItems listing what is still open."""
    locked = _lock_open(attempt)
    answered = Answer.objects.filter(attempt=attempt).values("item_id")
    missing = Item.objects.filter(version_id=attempt.version_id).exclude(pk__in=answered)
    if missing.exists():
        raise UnansweredItems(list(missing.order_by("position")))
    locked.completed_at = locked.updated_at = timezone.now()
    if attempt.instrument.slug == "skills":
        # The gap is measured against the role the member aims for as they finish.
        aims = CareerDirection.objects.filter(member_id=attempt.member_id)
        locked.target_code = aims.values_list("target_code", flat=True).first() or ""
    locked.save(update_fields=["completed_at", "updated_at", "target_code"])
    attempt.completed_at, attempt.target_code = locked.completed_at, locked.target_code
    return attempt


ROLES = ("current", "target")


@transaction.atomic
def career_direction_set(
    *, member: "User", role: str, occupation: Occupation | None
) -> CareerDirection:
    """Makes an occupation the member's current or target role (None lets it go).

    The profile's role text follows, so every page that shows the role keeps working.
    """
    if role not in ROLES:
        raise ValueError(f"A role is one of {ROLES}, not {role!r}.")
    direction, _ = CareerDirection.objects.select_for_update().get_or_create(member=member)
    setattr(direction, f"{role}_code", occupation.code if occupation else "")
    direction.save()
    setattr(member, f"{role}_role", occupation.title[:120] if occupation else "")
    member.save(update_fields=[f"{role}_role"])
    return direction


@transaction.atomic
def career_direction_follow_profile(*, member: "User") -> CareerDirection | None:
    """After the member typed their roles on the profile, keeps each catalogue occupation
    the text still names, takes up one the text names exactly, and lets go of the rest."""
    direction = CareerDirection.objects.select_for_update().filter(member=member).first()
    codes = {}
    for role in ROLES:
        text = normalise(getattr(member, f"{role}_role"))
        held = catalogue().get(getattr(direction, f"{role}_code", ""))
        names = (held.title, held.title[:120], *held.also_called) if held else ()
        if held and text in {normalise(name) for name in names}:
            codes[role] = held.code
        else:
            named = catalogue().named(text) if text else None
            codes[role] = named.code if named else ""
    if direction is None and not any(codes.values()):
        return None
    direction, _ = CareerDirection.objects.update_or_create(
        member=member, defaults={"current_code": codes["current"], "target_code": codes["target"]}
    )
    return direction


@transaction.atomic
def quick_ratings_save(*, member: "User", ratings: Mapping[str, tuple[int, int]]) -> Attempt:
    """Saves quick ratings, {skill slug: (current level, target level)}, as answers in the
    member's open skills attempt (started if need be), so the full assessment continues
    from them. All or none: an unknown skill or a level off the scale raises AnswerRefused.
    """
    instrument = Instrument.objects.with_versions().get(slug="skills")
    attempt = attempt_start(member=member, instrument=instrument)
    wanted = {
        f"{slug}-{facet}": level
        for slug, levels in ratings.items()
        for facet, level in zip(("current", "target"), levels, strict=True)
    }
    items = dict(
        Item.objects.filter(version_id=attempt.version_id, slug__in=wanted).values_list(
            "slug", "pk"
        )
    )
    if set(items) != set(wanted):
        raise AnswerRefused("That skill is not part of the skills assessment.")
    answers_save(attempt=attempt, answers={items[slug]: level for slug, level in wanted.items()})
    return attempt

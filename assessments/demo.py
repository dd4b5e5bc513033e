"""Completed attempts with plausible answers, created in bulk for demo members.

Each member gets a leaning per area (so results have a shape, not noise), answers scatter
around it, reverse-keyed items are answered the other way round, and target skill levels
mostly sit a little above current ones.
"""

import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.utils import timezone

from assessments.models import Answer, Attempt, Instrument, InstrumentVersion, Item

if TYPE_CHECKING:
    from careerdev.models import User

MEMBERS_PER_BATCH = 250
AnswerRow = tuple[int, int, int, datetime]


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _answers(
    attempt: Attempt, version: InstrumentVersion, items: Sequence[Item], rng: random.Random
) -> list[AnswerRow]:
    low, high = version.scale_low, version.scale_high
    middle = (low + high) / 2
    leaning: dict[int, float] = {}
    current: dict[int, int] = {}
    answers: list[AnswerRow] = []
    for item in items:
        lean = leaning.setdefault(item.area_id, rng.gauss(middle, (high - low) / 4))
        if item.facet == "current":
            value = current[item.area_id] = _clamp(lean + rng.gauss(0, 0.5), low, high)
        elif item.facet == "target":
            step = rng.choice((-1, 0, 0, 1, 1, 1, 2, 2))
            value = _clamp(current.get(item.area_id, lean) + step, low, high)
        else:
            value = _clamp(lean + rng.gauss(0, 0.8), low, high)
            if item.reverse_keyed:
                value = low + high - value
        answers.append((attempt.pk, item.pk, value, attempt.completed_at))
    return answers


ANSWER_COLUMNS = ("attempt_id", "item_id", "value", "answered_at")


def _answers_insert(rows: list[AnswerRow]) -> None:
    """Millions of answers for many members: COPY on PostgreSQL, where building a model
    per answer and an INSERT for them took most of the seeding time."""
    if connection.vendor != "postgresql":
        Answer.objects.bulk_create(
            (Answer(**dict(zip(ANSWER_COLUMNS, row, strict=True))) for row in rows),
            batch_size=5000,
        )
        return
    table = connection.ops.quote_name(Answer._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(ANSWER_COLUMNS)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def demo_attempts_create(
    members: Sequence["User"],
    *,
    instruments: Sequence[str] | None = None,
    seed: int = 0,
    now: datetime | None = None,
) -> int:
    """One completed attempt per member and instrument (all five unless named); returns the
    number of attempts. Safe to call again: it adds retakes, never touches existing ones."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    now = now or timezone.now()
    chosen = Instrument.objects.with_versions()
    if instruments is not None:
        chosen = chosen.filter(slug__in=instruments)
    versions = [instrument.current_version for instrument in chosen]
    items = {
        version.pk: list(Item.objects.filter(version=version).order_by("position"))
        for version in versions
    }
    created = 0
    for start in range(0, len(members), MEMBERS_PER_BATCH):
        batch, answers = [], []
        for member in members[start : start + MEMBERS_PER_BATCH]:
            for version in versions:
                completed = now - timedelta(days=rng.randint(0, 120), minutes=rng.randint(0, 1440))
                started = completed - timedelta(minutes=rng.randint(3, 25))
                batch.append(
                    Attempt(
                        member=member,
                        instrument_id=version.instrument_id,
                        version=version,
                        started_at=started,
                        updated_at=completed,
                        completed_at=completed,
                    )
                )
        with transaction.atomic():
            Attempt.objects.bulk_create(batch)
            for attempt in batch:
                answers += _answers(attempt, attempt.version, items[attempt.version_id], rng)
            _answers_insert(answers)
        created += len(batch)
    return created

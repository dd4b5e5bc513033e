"""Reminders and notices by e-mail: preferences, the sweep each beat tick runs, and the
one-off and batched e-mails apps queue.

How a reminder flows: beat tick -> reminders_sweep() finds due schedules with one indexed
query, claims them (FOR UPDATE SKIP LOCKED), records one Delivery per occurrence (unique on
schedule + occurrence), moves each schedule to its next time in the member's zone, and on
commit queues send tasks carrying delivery ids; careerdev.outbox sends them.

Anything not handed to a worker (broker down, worker lost, a batched notice whose time has
come) is pending with a dispatch_at in the past, and the next tick queues it again. Each tick
also applies the rule for a stale claim (careerdev.outbox) and reports what it found.
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from careerdev import notifications
from careerdev.emails import absolute_url
from careerdev.fragments import members_changed
from careerdev.models import (
    KIND_REFLECTION_REMINDER,
    SCHEDULED_TOPICS,
    Delivery,
    EmailOptOut,
    ReminderSchedule,
    Topic,
    User,
    zone_named,
)
from careerdev.outbox import (
    CLAIM_EXPIRES,
    MAX_ATTEMPTS,
    REDISPATCH_AFTER,
    deliveries_enqueue,
    stale_claims_release,
)

# Sending lives in careerdev.outbox; its two entry points stay importable from here too.
from careerdev.outbox import deliveries_send as deliveries_send
from careerdev.outbox import delivery_send as delivery_send
from careerdev.schedules import Cadence, next_occurrence

log = logging.getLogger(__name__)

SWEEP_BATCH = 1000


# Preferences


@dataclass(frozen=True)
class ScheduleSetting:
    enabled: bool
    day: int
    hour: int
    month: int = 1


def member_schedules(member: User) -> dict[str, ReminderSchedule]:
    """Each scheduled topic's schedule for the member: saved, or unsaved with the defaults."""
    saved = {schedule.topic: schedule for schedule in ReminderSchedule.objects.for_member(member)}
    return {
        topic: saved.get(topic) or _default_schedule(member, topic, enabled=False)
        for topic in SCHEDULED_TOPICS
    }


def _default_schedule(member: User, topic: str, *, enabled: bool) -> ReminderSchedule:
    defaults = SCHEDULED_TOPICS[topic]
    return ReminderSchedule(
        member=member,
        topic=topic,
        enabled=enabled,
        day=defaults.day,
        hour=defaults.hour,
        month=defaults.month,
    )


@transaction.atomic
def reminder_defaults_create(*, member: User, now: datetime | None = None) -> None:
    """Gives a new member the schedules that are on by default."""
    now = now or timezone.now()
    for topic, defaults in SCHEDULED_TOPICS.items():
        if defaults.enabled:
            schedule = _default_schedule(member, topic, enabled=True)
            schedule.next_run_at = schedule.next_after(now, member.zone)
            schedule.save()


@transaction.atomic
def reminder_preferences_update(
    *,
    member: User,
    schedules: Mapping[str, ScheduleSetting],
    mentor_comments: bool,
    programme_checkins: bool | None = None,
    now: datetime | None = None,
) -> None:
    """programme_checkins None leaves that choice as it is (the member is in no programme)."""
    now = now or timezone.now()
    current = member_schedules(member)
    for topic, setting in schedules.items():
        schedule = current[topic]
        changed = (schedule.enabled, schedule.day, schedule.hour, schedule.month) != (
            setting.enabled,
            setting.day,
            setting.hour,
            setting.month,
        )
        if not changed:
            continue
        schedule.enabled = setting.enabled
        schedule.day, schedule.hour, schedule.month = setting.day, setting.hour, setting.month
        schedule.next_run_at = schedule.next_after(now, member.zone) if setting.enabled else None
        schedule.save()
    choices = {Topic.MENTOR_COMMENTS: mentor_comments, Topic.PROGRAMME_CHECKINS: programme_checkins}
    for topic, wanted in choices.items():
        if wanted is None:
            continue
        if wanted:
            EmailOptOut.objects.filter(member=member, topic=topic).delete()
        else:
            EmailOptOut.objects.get_or_create(member=member, topic=topic)


@transaction.atomic
def reminder_schedules_reschedule(*, member: User, now: datetime | None = None) -> None:
    """Recomputes each enabled schedule's next time, e.g. after a change of time zone."""
    now = now or timezone.now()
    for schedule in ReminderSchedule.objects.for_member(member).enabled().select_for_update():
        schedule.next_run_at = schedule.next_after(now, member.zone)
        schedule.save(update_fields=["next_run_at", "updated_at"])


def is_subscribed(member: User, topic: Topic) -> bool:
    if topic in SCHEDULED_TOPICS:
        return ReminderSchedule.objects.for_member(member).enabled().filter(topic=topic).exists()
    return not EmailOptOut.objects.filter(member=member, topic=topic).exists()


@transaction.atomic
def email_unsubscribe(*, member: User, topic: Topic) -> None:
    """Stops one topic for one member; doing it twice changes nothing."""
    if topic in SCHEDULED_TOPICS:
        ReminderSchedule.objects.for_member(member).filter(topic=topic).update(
            enabled=False, next_run_at=None, updated_at=timezone.now()
        )
        members_changed([member.pk])
    else:
        EmailOptOut.objects.get_or_create(member=member, topic=topic)


# The sweep


@dataclass(frozen=True)
class SweepResult:
    scheduled: int  # schedules found due and moved on
    dispatched: int  # older pending deliveries queued again
    reclaimed: int = 0  # stale claims handed back, to go again under the same Message-ID
    given_up: int = 0  # stale claims that had used up their attempts, now failed


def reminders_sweep(*, now: datetime | None = None, batch_size: int = SWEEP_BATCH) -> SweepResult:
    """One beat tick. Safe to run twice at once, and never raises for a broker outage."""
    now = now or timezone.now()
    next_times: dict[tuple, datetime] = {}
    scheduled = dispatched = 0
    while count := _schedules_claim(now=now, batch_size=batch_size, next_times=next_times):
        scheduled += count
        if count < batch_size:
            break
    reclaimed, given_up = stale_claims_release(now=now)
    while count := _deliveries_claim(now=now, batch_size=batch_size):
        dispatched += count
        if count < batch_size:
            break
    if scheduled or dispatched:
        log.info("Sweep: %d schedules due, %d deliveries queued again.", scheduled, dispatched)
    if reclaimed:
        log.warning(
            "Sweep: %d deliveries were claimed over %s ago and never settled; they go again "
            "under the same Message-ID.",
            reclaimed,
            CLAIM_EXPIRES,
        )
    if given_up:
        log.error(
            "Sweep: %d deliveries stayed claimed after %d attempts and are marked failed "
            "(see manage.py deliveries_stuck --failed).",
            given_up,
            MAX_ATTEMPTS,
        )
    return SweepResult(scheduled, dispatched, reclaimed, given_up)


def _schedules_claim(*, now: datetime, batch_size: int, next_times: dict[tuple, datetime]) -> int:
    with transaction.atomic():
        # Plain rows, not models: at 100,000 a tick, building objects costs more than the SQL.
        due = list(
            ReminderSchedule.objects.due(now)
            .order_by("next_run_at")
            .select_for_update(skip_locked=True, of=("self",))
            .values_list(
                "pk",
                "member_id",
                "topic",
                "day",
                "hour",
                "month",
                "next_run_at",
                "member__time_zone",
            )[:batch_size]
        )
        if not due:
            return 0
        records = []
        next_run_at = []
        for pk, member_id, topic, day, hour, month, occurrence, zone in due:
            records.append((SCHEDULED_TOPICS[topic].kind, member_id, topic, pk, occurrence))
            # Members sharing a rule and a zone share the answer.
            key = (topic, day, hour, month, zone)
            if key not in next_times:
                rule = ReminderSchedule.rule_for(topic, day=day, hour=hour, month=month)
                next_times[key] = next_occurrence(rule, after=now, zone=zone_named(zone))
            next_run_at.append((pk, next_times[key]))
        ids = _occurrences_record(records, now=now)
        _next_run_at_save(next_run_at)
        transaction.on_commit(partial(deliveries_enqueue, ids), robust=True)
    return len(due)


def _occurrences_record(
    records: list[tuple[str, int, str, int, datetime]], *, now: datetime
) -> list[int]:
    """Inserts a delivery per (kind, member id, topic, schedule id, occurrence) and returns the
    new ids. An occurrence already recorded is skipped, never an error that stops the tick."""
    dispatch_at = now + REDISPATCH_AFTER
    if connection.vendor == "postgresql":
        # One statement for the batch: building 1,000 model objects costs more than the insert.
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {Delivery._meta.db_table} (kind, member_id, topic, schedule_id, "  # noqa: S608
                "occurrence, send_after, address, batch_key, items, revision, dispatch_at, "
                "status, attempts, created_at, last_error, message_id) "
                "SELECT kind, member_id, topic, schedule_id, occurrence, occurrence, '', '', "
                "'[]'::jsonb, 0, %s, %s, 0, %s, '', '' "
                "FROM unnest(%s::varchar[], %s::bigint[], %s::varchar[], %s::bigint[], "
                "%s::timestamptz[]) AS v(kind, member_id, topic, schedule_id, occurrence) "
                "ON CONFLICT (schedule_id, occurrence) DO NOTHING RETURNING id",
                [dispatch_at, Delivery.Status.PENDING, now, *map(list, zip(*records, strict=True))],
            )
            return [row[0] for row in cursor.fetchall()]
    recorded = set(
        Delivery.objects.filter(
            schedule__in=[record[3] for record in records],
            occurrence__in={record[4] for record in records},
        ).values_list("schedule_id", "occurrence")
    )
    deliveries = Delivery.objects.bulk_create(
        Delivery(
            kind=kind,
            member_id=member_id,
            topic=topic,
            schedule_id=schedule_id,
            occurrence=occurrence,
            send_after=occurrence,
            dispatch_at=dispatch_at,
        )
        for kind, member_id, topic, schedule_id, occurrence in records
        if (schedule_id, occurrence) not in recorded
    )
    return [delivery.pk for delivery in deliveries]


def _next_run_at_save(values: list[tuple[int, datetime]]) -> None:
    # The dashboard says when the next reminder comes.
    members_changed(
        ReminderSchedule.objects.filter(pk__in=[pk for pk, _ in values]).values("member_id")
    )
    if connection.vendor == "postgresql":
        # One statement for the whole batch; bulk_update's CASE is slow to build at this size.
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {ReminderSchedule._meta.db_table} AS s SET next_run_at = v.next_run_at "  # noqa: S608
                "FROM unnest(%s::bigint[], %s::timestamptz[]) AS v(id, next_run_at) "
                "WHERE s.id = v.id",
                [[pk for pk, _ in values], [when for _, when in values]],
            )
        return
    ReminderSchedule.objects.bulk_update(
        [ReminderSchedule(pk=pk, next_run_at=when) for pk, when in values], ["next_run_at"]
    )


def _deliveries_claim(*, now: datetime, batch_size: int) -> int:
    with transaction.atomic():
        ids = list(
            Delivery.objects.to_dispatch(now)
            .order_by("dispatch_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return 0
        Delivery.objects.filter(pk__in=ids).update(dispatch_at=now + REDISPATCH_AFTER)
        transaction.on_commit(partial(deliveries_enqueue, ids), robust=True)
    return len(ids)


# One-off and batched e-mails


@transaction.atomic
def delivery_schedule(
    *,
    kind: str,
    member: User | None = None,
    address: str = "",
    item: Mapping[str, object] | None = None,
    send_after: datetime | None = None,
    batch_key: str = "",
) -> Delivery:
    """Queues one e-mail of a registered kind to a member (or to an address with no account).

    With a batch_key, it joins the unsent delivery with the same member, kind and key if
    there is one, adding `item` to its items, so a burst of notices becomes one e-mail sent
    at the first one's send_after. Without send_after it goes out at once (on commit).
    """
    topic = notifications.get(kind).topic
    now = timezone.now()
    send_after = send_after or now
    if member is None and not address:
        raise ValueError("A delivery needs a member or an address.")
    entry = [dict(item)] if item is not None else []
    recipient = {"member": member, "address": "" if member else address}
    if batch_key:
        open_batch = _open_batch(kind=kind, batch_key=batch_key, **recipient)
        if open_batch is None:
            try:
                with transaction.atomic():
                    return _delivery_create(
                        kind, recipient, topic, entry, send_after, batch_key, now
                    )
            except IntegrityError:
                # Another request opened the same batch a moment ago: join it.
                open_batch = _open_batch(kind=kind, batch_key=batch_key, **recipient)
                if open_batch is None:
                    raise
        open_batch.items = [*open_batch.items, *entry]
        # A worker that loaded it before this change will not claim it without reading it again.
        open_batch.revision += 1
        open_batch.save(update_fields=["items", "revision"])
        return open_batch
    return _delivery_create(kind, recipient, topic, entry, send_after, "", now)


def _open_batch(**lookup: object) -> Delivery | None:
    return Delivery.objects.pending().select_for_update().filter(**lookup).first()


def _delivery_create(
    kind: str,
    recipient: Mapping[str, object],
    topic: Topic | None,
    items: list,
    send_after: datetime,
    batch_key: str,
    now: datetime,
) -> Delivery:
    due_now = send_after <= now
    delivery = Delivery.objects.create(
        kind=kind,
        topic=topic or "",
        items=items,
        send_after=send_after,
        batch_key=batch_key,
        dispatch_at=now + REDISPATCH_AFTER if due_now else send_after,
        **recipient,
    )
    if due_now:
        transaction.on_commit(partial(deliveries_enqueue, [delivery.pk]), robust=True)
    return delivery


# Core's own e-mail: the reflection reminder


CADENCE_WORDS = {
    Cadence.MONTHLY: ("monthly", "month"),
    Cadence.QUARTERLY: ("quarterly", "quarter"),
    Cadence.YEARLY: ("yearly", "year"),
}


def reflection_reminder_render(delivery: Delivery) -> notifications.Email:
    schedule = delivery.schedule
    assert schedule is not None, "A reflection reminder comes from a schedule."  # noqa: S101
    adjective, period = CADENCE_WORDS[schedule.defaults.cadence]
    member = delivery.member
    return notifications.Email(
        subject=f"Time for your {adjective} reflection",
        template="emails/reflection_reminder",
        reason=(
            f"You asked careerdev for {adjective} reflection reminders, "
            f"{schedule.describe()} ({member.time_zone} time)."
        ),
        context={
            "member": member,
            "period": period,
            "adjective": adjective,
            "dashboard_url": absolute_url(reverse("dashboard")),
        },
    )


def register_core_kinds() -> None:
    notifications.register(KIND_REFLECTION_REMINDER, reflection_reminder_render)

"""Sending what the outbox holds, and what happens when something fails on the way.

deliveries_send() claims each delivery (pending -> sending, a conditional UPDATE whose row
count must be 1; the first claim also chooses its Message-ID), renders it through the kind
registered in careerdev.notifications, sends it, and marks it sent at once, before the next
one is claimed. Send tasks carry up to TASK_BATCH delivery ids; deliveries_enqueue() queues
them, and never keeps a web request waiting on the broker for long (BROKER_TIMEOUT_SECONDS).

When the database or the mail server goes away (TRANSIENT_ERRORS), the send task is run again
with backoff; a delivery claimed and not yet sent goes back to pending if the database lets
it, or else stays claimed until its claim expires. Other failures are retried after
RETRY_AFTER, MAX_ATTEMPTS times in all.

The rule for a stale claim: a delivery still "sending" CLAIM_EXPIRES after it was claimed was
never settled (its worker was killed, or lost the database). It may or may not have gone out,
so each sweep hands it back and it is sent again under the same Message-ID, by which mail
systems that de-duplicate recognise a second copy and drop it. A claim that went stale on
its MAX_ATTEMPTS-th attempt fails instead. The sweep reports both; `manage.py deliveries_stuck`
and the admin list, with their age, the deliveries still stuck, and can send them again.
"""

import logging
import smtplib
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from functools import partial
from itertools import batched

from allauth.account.models import EmailAddress
from django.core.mail import mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from careerdev import notifications
from careerdev.emails import Unsubscribe, email_send, message_id_new
from careerdev.models import Delivery, EmailOptOut, Topic

log = logging.getLogger(__name__)

# Ids per send task: queueing one message per e-mail tops out near 3,000 a second, too slow
# for a 100,000-reminder tick; a hundred per message queues 100,000 in well under a second.
TASK_BATCH = 100
# A queued delivery still pending after this long is queued again (its task was lost).
REDISPATCH_AFTER = timedelta(minutes=30)
MAX_ATTEMPTS = 3
RETRY_AFTER = timedelta(minutes=10)
# Far longer than one e-mail can take to render and send (EMAIL_TIMEOUT is 20 s a step): a
# claim this old was abandoned.
CLAIM_EXPIRES = timedelta(minutes=5)
# Pending this long after its time, a delivery has missed a redispatch: it is listed as stuck.
STUCK_AFTER = 2 * REDISPATCH_AFTER
# Errors that say the database or the mail server is away for now, not that the e-mail is
# wrong: the send task gives them back to Celery, which runs it again with backoff.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (
    OperationalError,
    InterfaceError,
    ConnectionError,
    TimeoutError,
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
)
# Back to pending. A batch handed back no longer gathers notices: a new notice may have opened
# another batch under the same key meanwhile, and only one may be open.
_HAND_BACK = {"status": Delivery.Status.PENDING, "batch_key": ""}


# Queueing


def deliveries_enqueue(delivery_ids: Sequence[int]) -> int:
    """Queues send tasks for these deliveries; returns how many were queued. Never raises:
    what the broker refused is made due again, so the next tick queues it."""
    from careerdev.celery import app
    from careerdev.tasks import deliveries_send as send_task

    queued = 0
    if not delivery_ids:
        return queued
    try:
        with app.connection_for_write() as broker:
            # One try, bounded by BROKER_TIMEOUT_SECONDS: a web request may be waiting.
            broker.ensure_connection(max_retries=0)
            producer = broker.Producer()
            for chunk in batched(delivery_ids, TASK_BATCH):
                send_task.apply_async(
                    (list(chunk),),
                    producer=producer,
                    retry=False,
                    argsrepr=f"[{len(chunk)} delivery ids]",  # cheaper to log than the ids
                )
                queued += len(chunk)
    except Exception:
        log.warning(
            "Could not queue %d deliveries; the next tick will.",
            len(delivery_ids) - queued,
            exc_info=True,
        )
        try:
            Delivery.objects.filter(pk__in=delivery_ids[queued:]).pending().update(
                dispatch_at=timezone.now()
            )
        except Exception:
            # They are queued again once REDISPATCH_AFTER has passed.
            log.exception("Could not mark deliveries for the next tick.")
    return queued


# Sending


def deliveries_send(*, delivery_ids: Iterable[int]) -> Counter[str]:
    """Sends each delivery this worker manages to claim, over one mail connection.

    One query loads them all; each is claimed on its own just before it is sent and marked
    sent right after, so a worker that dies mid-batch leaves at most the one it was sending
    claimed (see the rule for a stale claim) and the rest pending for a later tick. So two
    queries per e-mail, plus what the renderers need.

    Raises TRANSIENT_ERRORS (the database or the mail server is away) for the task to retry.
    """
    return Counter(_send_all(list(delivery_ids)).values())


def delivery_send(*, delivery_id: int) -> str:
    """Sends one delivery; returns what became of it ("sent", "skipped", ...)."""
    return _send_all([delivery_id])[delivery_id]


def _sendable() -> QuerySet[Delivery]:
    return (
        Delivery.objects.pending()
        .filter(send_after__lte=timezone.now())
        .select_related("member", "schedule")
        .annotate(
            verified=Exists(
                EmailAddress.objects.filter(
                    user_id=OuterRef("member_id"), email__iexact=OuterRef("member__email")
                ).filter(verified=True)
            ),
            opted_out=Exists(
                EmailOptOut.objects.filter(member_id=OuterRef("member_id"), topic=OuterRef("topic"))
            ),
        )
    )


def _send_all(ids: list[int]) -> dict[int, str]:
    outcomes = dict.fromkeys(ids, "not claimed")
    loaded = list(_sendable().filter(pk__in=ids))
    if not loaded:
        return outcomes
    mailer = mailers.default
    with mailer:
        for delivery in loaded:
            outcomes[delivery.pk] = _send_one(delivery, mailer)
    return outcomes


def _send_one(delivery: Delivery, mailer: BaseEmailBackend | None) -> str:
    """Claims it, then renders, sends and marks it sent."""
    claimed = _claim(delivery)
    if claimed is None:
        return "not claimed"
    delivery = claimed
    skip = _skip_reason(delivery)
    if skip:
        return _settle(delivery, Delivery.Status.SKIPPED, skip)
    try:
        email = notifications.get(delivery.kind).render(delivery)
        if email is None:
            return _settle(delivery, Delivery.Status.SKIPPED, "Nothing left to say.")
        unsubscribe = (
            Unsubscribe(delivery.member_id, Topic(delivery.topic))
            if delivery.topic and delivery.member_id
            else None
        )
        email_send(
            to=delivery.recipient,
            subject=email.subject,
            template=email.template,
            reason=email.reason,
            context=email.context,
            unsubscribe=unsubscribe,
            mailer=mailer,
            to_member=delivery.member_id is not None,
            message_id=delivery.message_id,
        )
    except notifications.UnknownKind as error:
        log.error("Delivery %s: %s", delivery.pk, error)
        return _settle(delivery, Delivery.Status.FAILED, str(error))
    except TRANSIENT_ERRORS as error:
        # The database or the mail server went away; the task runs again with backoff.
        log.warning("Delivery %s not sent: %r. Its task will retry.", delivery.pk, error)
        _hand_back(delivery, error)
        raise
    except Exception as error:
        log.exception("Delivery %s could not be sent.", delivery.pk)
        return _settle_error(delivery, error)
    return _settle(delivery, Delivery.Status.SENT)


def _claim(delivery: Delivery) -> Delivery | None:
    """pending -> sending, only if nobody changed it since it was loaded. The first claim
    chooses the Message-ID that every later attempt keeps."""
    for _ in range(3):
        now = timezone.now()
        message_id = delivery.message_id or message_id_new()
        claimed = (
            Delivery.objects.pending()
            .filter(pk=delivery.pk, revision=delivery.revision, message_id=delivery.message_id)
            .update(
                status=Delivery.Status.SENDING,
                claimed_at=now,
                attempts=F("attempts") + 1,
                message_id=message_id,
            )
        )
        if claimed == 1:
            delivery.status, delivery.claimed_at = Delivery.Status.SENDING, now
            delivery.attempts += 1
            delivery.message_id = message_id
            return delivery
        # Claimed by another worker, or a notice was merged into it: read it again.
        reloaded = _sendable().filter(pk=delivery.pk).first()
        if reloaded is None:
            return None
        delivery = reloaded
    return None


def _skip_reason(delivery: Delivery) -> str:
    member = delivery.member
    if member is None:
        return ""
    if not member.is_active:
        return "The member's account is closed."
    if not delivery.verified:  # type: ignore[attr-defined]
        return "The member's e-mail address is not verified."
    if delivery.schedule is not None and not delivery.schedule.enabled:
        return "The member turned this reminder off."
    if delivery.schedule is None and delivery.opted_out:  # type: ignore[attr-defined]
        return "The member unsubscribed from this topic."
    return ""


def _settle(delivery: Delivery, status: str, note: str = "") -> str:
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
        status=status,
        dispatch_at=None,
        sent_at=timezone.now() if status == Delivery.Status.SENT else None,
        last_error=note,
    )
    return status


def _settle_error(delivery: Delivery, error: Exception) -> str:
    """Nothing went out: try again later, up to MAX_ATTEMPTS times."""
    if delivery.attempts >= MAX_ATTEMPTS:
        return _settle(delivery, Delivery.Status.FAILED, repr(error))
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
        **_HAND_BACK,
        dispatch_at=timezone.now() + RETRY_AFTER * delivery.attempts,
        last_error=repr(error),
    )
    return "retry"


def _hand_back(delivery: Delivery, error: Exception) -> None:
    """_settle_error, if the database lets us. If it is still away, the delivery stays
    claimed until its claim expires, and the sweep hands it back then."""
    try:
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()  # so the next query reconnects
        _settle_error(delivery, error)
    except DatabaseError:
        log.warning(
            "Delivery %s stays claimed until its claim expires (%s).",
            delivery.pk,
            CLAIM_EXPIRES,
            exc_info=True,
        )


# Stale claims


def stale_claims_release(*, now: datetime) -> tuple[int, int]:
    """Applies the rule for a stale claim; returns (handed back, given up as failed)."""
    stale = Delivery.objects.stale_claims(now - CLAIM_EXPIRES)
    given_up = stale.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=Delivery.Status.FAILED,
        dispatch_at=None,
        last_error=f"Claimed {MAX_ATTEMPTS} times and never settled; it may have gone out.",
    )
    reclaimed = stale.update(
        **_HAND_BACK,
        dispatch_at=now,
        last_error="Its claim expired unsettled; sent again under the same Message-ID.",
    )
    return reclaimed, given_up


def deliveries_retry(*, delivery_ids: Iterable[int], now: datetime | None = None) -> int:
    """Hands stuck or failed deliveries back and queues them now, each keeping its
    Message-ID; returns how many. A claim younger than CLAIM_EXPIRES is left to its worker."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            Delivery.objects.filter(pk__in=list(delivery_ids))
            .filter(
                Q(status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED])
                | Q(status=Delivery.Status.SENDING, claimed_at__lt=now - CLAIM_EXPIRES)
            )
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        Delivery.objects.filter(pk__in=ids).update(
            **_HAND_BACK, attempts=0, dispatch_at=now + REDISPATCH_AFTER
        )
        transaction.on_commit(partial(deliveries_enqueue, ids), robust=True)
    return len(ids)

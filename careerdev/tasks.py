"""Thin Celery tasks: ids in, a service does the work."""

from celery import shared_task

from careerdev import outbox, reminders


@shared_task(ignore_result=True)
def reminders_sweep() -> None:
    # No retries: the next tick is one.
    reminders.reminders_sweep()


# With the database or the mail server away, try again after up to 2, 4, 8 ... 300 seconds
# (at random, so that workers do not all return at once), ten times, within about twenty
# minutes at most; after that the sweep queues what is left.
@shared_task(
    ignore_result=True,
    autoretry_for=outbox.TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=10,
)
def deliveries_send(delivery_ids: list[int]) -> None:
    outbox.deliveries_send(delivery_ids=delivery_ids)

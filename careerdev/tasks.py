"""Thin Celery tasks: ids in, a service does the work."""

from celery import shared_task

from careerdev import reminders


@shared_task(ignore_result=True)
def reminders_sweep() -> None:
    reminders.reminders_sweep()


@shared_task(ignore_result=True)
def deliveries_send(delivery_ids: list[int]) -> None:
    reminders.deliveries_send(delivery_ids=delivery_ids)

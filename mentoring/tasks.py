"""Thin Celery tasks: a service does the work."""

from celery import shared_task

from mentoring import programme_counts, programmes, services


@shared_task(ignore_result=True)
def mentorship_requests_expire() -> None:
    services.mentorship_requests_expire()


@shared_task(ignore_result=True)
def programme_checkins_sweep() -> None:
    # No retries: the next tick is one.
    programmes.checkins_sweep()


@shared_task(ignore_result=True)
def programme_counts_refresh() -> None:
    programme_counts.snapshots_refresh()

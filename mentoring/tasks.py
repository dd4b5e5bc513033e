"""Thin Celery tasks: a service does the work."""

from celery import shared_task

from mentoring import services


@shared_task(ignore_result=True)
def mentorship_requests_expire() -> None:
    services.mentorship_requests_expire()

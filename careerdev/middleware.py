from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone


def member_time_zone(get_response: Callable[[HttpRequest], HttpResponse]):
    """Shows every date and time in the signed-in member's own time zone."""

    def middleware(request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user.zone)
        else:
            timezone.deactivate()
        return get_response(request)

    return middleware

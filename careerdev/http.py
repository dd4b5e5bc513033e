"""Request typing and response helpers shared by every app's views."""

import re
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from careerdev.models import User


class MemberRequest(HttpRequest):
    """The request a @login_required view receives."""

    user: "User"
    htmx: HtmxDetails


def render_partial_response(
    request: MemberRequest,
    template_name: str,
    context: dict[str, Any] | None = None,
    *,
    target: str,
    partial: str,
    **response_kwargs: Any,
) -> TemplateResponse:
    """Renders only the named partial when htmx targets its element, else the whole page."""
    if request.htmx and request.htmx.target == target:
        template_name = f"{template_name}#{partial}"
    return TemplateResponse(request, template_name, context or {}, **response_kwargs)


def whole_number(value: str | None) -> int | None:
    """A whole number written in ASCII digits, small enough for a database id, else None.

    str.isdigit() accepts "²" and other digits int() refuses, and int() refuses more than
    4,300 digits: neither may reach int() or the database from a query string.
    """
    if value is None or not re.fullmatch(r"[0-9]{1,18}", value):
        return None
    return int(value)


def refused(request: HttpRequest, error: ValidationError, to: Any) -> HttpResponseRedirect:
    """Says why a request was refused and goes back to `to` (an object, URL or URL name)."""
    messages.error(request, " ".join(error.messages))
    return redirect(to)

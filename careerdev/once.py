"""Forms that create something do it once: Back then Save, or a second click, shows what the
first one made instead of making another.

Each such form carries a one-time token (`{% load once %}{% form_token %}`). Its view is
wrapped in @created_once and names what it made with made(); the first request with a token
claims it, in the same transaction as what it creates, so a second request with that token,
at the same moment or days later, is sent to what the first one made, with a message. A
request that made nothing (a form error) frees its token for the corrected form.
"""

import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django_htmx.http import HttpResponseClientRedirect

from careerdev.models import FormToken

FIELD = "form_token"
# How long a sent form is remembered: longer than any tab is likely to stay open.
KEPT_FOR = timedelta(days=30)


def new_token() -> str:
    return uuid.uuid4().hex


def _posted_token(request: HttpRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None


def created_once(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Runs a create view at most once per form token. A POST without a token (a script, a
    page rendered before tokens existed) is served as usual."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        token = _posted_token(request) if request.method == "POST" else None
        if token is None or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        member = request.user
        with transaction.atomic():
            FormToken.objects.filter(
                member=member, created_at__lt=timezone.now() - KEPT_FOR
            ).delete()
            try:
                with transaction.atomic():
                    claim = FormToken.objects.create(member=member, token=token)
            except IntegrityError:
                # Sent before, and committed: what it made (a request still working on the
                # same token holds its row until it commits, so this waits for it).
                done = FormToken.objects.get(member=member, token=token)
                return _already_made(request, done)
            request.form_token = claim  # type: ignore[attr-defined]
            response = view(request, *args, **kwargs)
            if claim.url:
                claim.save(update_fields=["url", "label"])
            else:
                claim.delete()
        return response

    return wrapper


def made(request: HttpRequest, *, url: str, label: str) -> None:
    """Names what the form made (`label`, as a phrase: "the goal “Learn SQL”") and where it
    is shown, for a second sending of the same form."""
    claim: FormToken | None = getattr(request, "form_token", None)
    if claim is not None:
        claim.url = url
        claim.label = label[: FormToken._meta.get_field("label").max_length]


def _already_made(request: HttpRequest, done: FormToken) -> HttpResponse:
    messages.info(request, f"This form was sent before: {done.label} is already saved, here it is.")
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(done.url)
    return redirect(done.url)

"""Each member's pages, rendered once and kept until what they show changes.

A page is cached under the member's id and their `data_version`, a number on the user row
(which every request reads anyway) that goes up in the same transaction as any write to
what their pages show: the apps register which members a saved or deleted row concerns
(`concerns`), and writes that bypass save() bump by hand (`members_changed`). A new version
means a new key, so no process can serve the old page, whichever cache holds it; old keys
simply expire. Mentors' versions move on with their mentees' (`followers`). The key also
holds the page's own address and query, the member's local date (and hour where a page says
"lately"), and a hash of the templates, so a deploy that changes a page is never served the
old one.

What differs per request stays out of the cache: the CSRF token is rendered as a
placeholder and put in on the way out, pages with a notice waiting are not cached, and
neither are htmx partials.
"""

import functools
import hashlib
import logging
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import models, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse
from django.utils import timezone

from careerdev.http import MemberRequest
from careerdev.once import FIELD, new_token

logger = logging.getLogger(__name__)

CSRF_PLACEHOLDER = "__careerdev_csrf_token__"
# One-time form tokens (careerdev/once.py) must differ on every page served, as rendered.
FORM_TOKEN = re.compile(rf'(name="{FIELD}" value=")[0-9a-f]{{32}}(")')
FORM_TOKEN_PLACEHOLDER = "__careerdev_form_token__"  # noqa: S105 (a marker, not a secret)
# Tests set their own, so no test sees a page another one cached.
NAMESPACE = "v1"


@functools.cache
def templates_hash() -> str:
    """A hash of every template and knowledge data file (occupations, paths, instruments):
    pages kept by an earlier deploy are never served after one that changes them."""
    digest = hashlib.blake2b(digest_size=8)
    base = Path(settings.BASE_DIR)
    roots = [base / "templates", *sorted(base.glob("*/templates")), *sorted(base.glob("*/data"))]
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(base)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def members_changed(member_ids: Iterable[int | None] | models.QuerySet) -> None:
    """What these members' pages show has changed: their cached pages are no longer used,
    nor those of the people who follow them. Takes ids, or a queryset of ids (one UPDATE
    with a subquery, for bulk writes)."""
    if isinstance(member_ids, models.QuerySet):
        _bump(member_ids)
        return
    ids = {pk for pk in member_ids if pk is not None} - _bumped_in_this_transaction()
    if ids:
        _bump(ids)
        _bumped_in_this_transaction().update(ids)


Followers = Callable[[Any], models.QuerySet]
# Functions giving, for some members, the people whose pages show their data too.
_FOLLOWERS: list[Followers] = []


def followers(members: Followers) -> None:
    """Registers who else sees a member's data (their mentors): their pages move on with it,
    in the same UPDATE, so reading a page needs no query for them."""
    _FOLLOWERS.append(members)


def _bump(ids: set[int] | models.QuerySet) -> None:
    from careerdev.models import User

    concerned = models.Q(pk__in=ids)
    for members in _FOLLOWERS:
        concerned |= models.Q(pk__in=members(ids))
    User.objects.filter(concerned).update(data_version=F("data_version") + 1)


class _Marker:
    """Registered with on_commit: while it is still queued, the transaction (or savepoint)
    that bumped these members has not ended or been rolled back."""

    def __init__(self) -> None:
        self.members: set[int] = set()

    def __call__(self) -> None:
        pass


def _forget_bumps() -> None:
    transaction.get_connection().__dict__.pop("_careerdev_bumped", None)


def _bumped_in_this_transaction() -> set[int]:
    """Members already moved on in the current transaction: one UPDATE is enough for all the
    rows a write saves (a task, its milestone, a win). Outside a transaction, none."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return set()
    marker = getattr(connection, "_careerdev_bumped", None)
    if marker is None or not any(entry[1] is marker for entry in connection.run_on_commit):
        # A rolled-back savepoint drops its callbacks, so its bumps are forgotten with it.
        marker = connection._careerdev_bumped = _Marker()
        transaction.on_commit(marker)
    return marker.members


Members = Callable[[Any], Iterable[int | None]]
# model -> functions giving the ids of the members whose pages show a row of it
_CONCERNS: dict[type[models.Model], list[Members]] = {}


def concerns(model: type[models.Model], members: Members) -> None:
    """Registers a model: saving or deleting a row changes the pages of `members(row)`."""
    _CONCERNS.setdefault(model, []).append(members)
    uid = f"fragments-{model._meta.label}"
    post_save.connect(_row_changed, sender=model, dispatch_uid=f"{uid}-save")
    post_delete.connect(_row_changed, sender=model, dispatch_uid=f"{uid}-delete")


def _row_changed(sender: type[models.Model], instance: models.Model, **kwargs: object) -> None:
    if kwargs.get("raw"):
        return  # fixtures being loaded
    members_changed(pk for members in _CONCERNS[sender] for pk in members(instance))


def _cache():
    return caches[settings.FRAGMENT_CACHE_ALIAS]


def _get(key: str) -> str | None:
    try:
        return _cache().get(key)
    except Exception:  # a cache that is down costs a render, never the page
        logger.warning("Fragment cache unavailable; rendering %s", key, exc_info=True)
        return None


def _set(key: str, html: str) -> None:
    try:
        _cache().set(key, html, settings.FRAGMENT_CACHE_SECONDS)
    except Exception:
        logger.warning("Fragment cache unavailable; not keeping %s", key, exc_info=True)


def page_key(request: MemberRequest, name: str, *, hourly: bool = False) -> str:
    member = request.user
    now = timezone.localtime()
    when = now.strftime("%Y-%m-%dT%H" if hourly else "%Y-%m-%d")
    where = hashlib.blake2b(request.get_full_path().encode(), digest_size=12).hexdigest()
    parts = (NAMESPACE, templates_hash(), name, member.pk, member.data_version, when, where)
    return "page:" + ":".join(str(part) for part in parts)


def _personal(html: str, csrf_token: str) -> str:
    """A kept page as this visit gets it: its form token, and fresh one-time tokens."""
    html = html.replace(CSRF_PLACEHOLDER, csrf_token)
    return re.sub(FORM_TOKEN_PLACEHOLDER, lambda _: new_token(), html)


def _cacheable(request: MemberRequest) -> bool:
    from django.contrib.messages import get_messages

    return (
        settings.FRAGMENT_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and request.user.is_authenticated
        and not getattr(request, "htmx", False)
        # A waiting notice is shown once, so that page is rendered, not kept.
        and not len(get_messages(request))
    )


def member_page(
    name: str,
    *,
    hourly: bool = False,
    extra: Callable | None = None,
    keep: Callable[[TemplateResponse], bool] | None = None,
) -> Callable:
    """Caches a member's page (a 200 TemplateResponse) until their data_version moves on.

    `extra(request)` adds to the key what else the page shows; `hourly` is for pages that
    say what happened lately; `keep(response)` false leaves a page out (one that shows
    something for a limited time).
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: MemberRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not _cacheable(request):
                return view(request, *args, **kwargs)
            key = page_key(request, name, hourly=hourly)
            if extra is not None:
                key += ":" + hashlib.blake2b(repr(extra(request)).encode()).hexdigest()[:24]
            token = get_token(request)
            html = _get(key)
            if html is not None:
                return HttpResponse(_personal(html, token))
            # A write later in this same transaction must move the version on again.
            _forget_bumps()
            response = view(request, *args, **kwargs)
            if not isinstance(response, TemplateResponse) or response.status_code != 200:
                return response
            if keep is not None and not keep(response):
                return response
            response.context_data = {
                **(response.context_data or {}),
                "csrf_token": CSRF_PLACEHOLDER,
            }
            response.render()
            html = FORM_TOKEN.sub(rf"\g<1>{FORM_TOKEN_PLACEHOLDER}\g<2>", response.content.decode())
            _set(key, html)
            response.content = _personal(html, token).encode()
            return response

        return wrapper

    return decorator

"""Which e-mail each kind of delivery becomes: a small registry apps fill in AppConfig.ready.

    from careerdev import notifications

    def render_digest(delivery: Delivery) -> notifications.Email | None: ...

    notifications.register("weekly_digest", render_digest)
    notifications.register("mentor_comments", render_comments, topic=Topic.MENTOR_COMMENTS)

A renderer receives the claimed delivery (its member already loaded), reads what it needs in
a fixed number of queries, and returns the e-mail, or None when there is nothing left to say
(the delivery is then skipped). `topic` names what the e-mail's unsubscribe link stops; leave
it None for e-mails one cannot opt out of (an invitation). Deliveries made by a schedule take
the schedule's own topic.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from careerdev.models import Delivery, Topic


@dataclass(frozen=True)
class Email:
    """What a delivery says. `template` names a pair: <template>.html and <template>.txt."""

    subject: str
    template: str
    reason: str
    context: Mapping[str, object] = field(default_factory=dict)


Renderer = Callable[["Delivery"], Email | None]


@dataclass(frozen=True)
class Kind:
    key: str
    render: Renderer
    topic: "Topic | None" = None


class UnknownKind(LookupError):
    pass


_kinds: dict[str, Kind] = {}


def register(
    key: str, render: Renderer, *, topic: "Topic | None" = None, replace: bool = False
) -> None:
    """Says how deliveries of `key` are written. An app that refines another's content
    (plans linking reflection reminders to its own pages) passes replace=True."""
    if key in _kinds and not replace and _kinds[key].render is not render:
        raise ValueError(f"A renderer for {key!r} is already registered; pass replace=True.")
    _kinds[key] = Kind(key, render, topic)


def unregister(key: str) -> None:
    _kinds.pop(key, None)


def get(key: str) -> Kind:
    try:
        return _kinds[key]
    except KeyError:
        raise UnknownKind(f"No e-mail is registered for deliveries of kind {key!r}.") from None


def is_registered(key: str) -> bool:
    return key in _kinds


def keys() -> list[str]:
    """Every registered kind, so a test can make sure it sends each one."""
    return sorted(_kinds)

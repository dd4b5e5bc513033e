"""Comment threads of a goal page, read in two queries whatever the number of milestones,
tasks and comments: every comment of the goal at once, and who can see the goal."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.urls import reverse

from mentoring.models import COMMENT_MAX, Comment, Mentorship
from plans.models import Goal, Milestone, Task

if TYPE_CHECKING:
    from mentoring.forms import CommentForm

KINDS = ("goal", "milestone", "task")


def subject_key(subject: Goal | Milestone | Task) -> tuple[str, int]:
    if isinstance(subject, Task):
        return "task", subject.pk
    if isinstance(subject, Milestone):
        return "milestone", subject.pk
    return "goal", subject.pk


def goal_id_of(subject: Goal | Milestone | Task) -> int:
    return subject.pk if isinstance(subject, Goal) else subject.goal_id


@dataclass
class Thread:
    """The comments on one goal, milestone or task, as one viewer sees them."""

    kind: str
    subject_id: int
    goal_id: int
    owner_id: int
    viewer_id: int
    mentor_ids: frozenset[int]
    comments: list[Comment]
    form: "CommentForm | None" = None
    reply_to: int | None = None

    max_length = COMMENT_MAX

    @property
    def element_id(self) -> str:
        return f"thread-{self.kind}-{self.subject_id}"

    @property
    def url(self) -> str:
        return reverse("mentoring:comment_thread", args=[self.kind, self.subject_id])

    @property
    def count(self) -> int:
        return sum(
            (not comment.is_deleted) + len(comment.thread_replies) for comment in self.comments
        )

    @property
    def viewer_is_owner(self) -> bool:
        return self.viewer_id == self.owner_id

    @property
    def can_comment(self) -> bool:
        return self.viewer_is_owner or self.viewer_id in self.mentor_ids

    @property
    def is_shared(self) -> bool:
        return bool(self.mentor_ids)


@dataclass
class GoalThreads:
    goal_id: int
    owner_id: int
    mentor_ids: frozenset[int]
    by_subject: dict[tuple[str, int], list[Comment]] = field(default_factory=dict)

    def thread(self, kind: str, subject_id: int, viewer_id: int) -> Thread:
        return Thread(
            kind=kind,
            subject_id=subject_id,
            goal_id=self.goal_id,
            owner_id=self.owner_id,
            viewer_id=viewer_id,
            mentor_ids=self.mentor_ids,
            comments=self.by_subject.get((kind, subject_id), []),
        )

    def may_view(self, viewer_id: int) -> bool:
        return viewer_id == self.owner_id or viewer_id in self.mentor_ids


def goal_threads(goal_id: int, owner_id: int) -> GoalThreads:
    """Every thread of one goal: two queries."""
    mentor_ids = frozenset(
        Mentorship.objects.active().sharing_goal(goal_id).values_list("mentor_id", flat=True)
    )
    threads = GoalThreads(goal_id, owner_id, mentor_ids)
    roots: dict[int, Comment] = {}
    for comment in Comment.objects.on_goal(goal_id).in_thread_order():
        comment.thread_replies = []
        if comment.parent_id is None:
            roots[comment.pk] = comment
            key = (comment.subject_kind, comment.subject_id)
            threads.by_subject.setdefault(key, []).append(comment)
        elif comment.parent_id in roots:
            roots[comment.parent_id].thread_replies.append(comment)
    # A deleted comment stays only as long as replies hang from it.
    for key, comments in threads.by_subject.items():
        threads.by_subject[key] = [c for c in comments if not c.is_deleted or c.thread_replies]
    return threads


def threads_for(request: HttpRequest, goal_id: int, owner_id: int) -> GoalThreads:
    """The goal's threads, read once per request however many objects show a thread."""
    cache = request.__dict__.setdefault("_mentoring_threads", {})
    if goal_id not in cache:
        cache[goal_id] = goal_threads(goal_id, owner_id)
    return cache[goal_id]


def forget_threads(request: HttpRequest) -> None:
    request.__dict__.pop("_mentoring_threads", None)

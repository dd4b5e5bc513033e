"""Comment threads of a page, read in two queries whatever the number of milestones, tasks
and comments: every comment of the page's goal (or reflection) at once, and who can see it."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.urls import reverse

from mentoring.models import COMMENT_MAX, Comment, Mentorship
from plans.models import Goal, Milestone, Reflection, Task

if TYPE_CHECKING:
    from mentoring.forms import CommentForm

KINDS = ("goal", "milestone", "task", "reflection")
Subject = Goal | Milestone | Task | Reflection


def subject_key(subject: Subject) -> tuple[str, int]:
    if isinstance(subject, Task):
        return "task", subject.pk
    if isinstance(subject, Milestone):
        return "milestone", subject.pk
    if isinstance(subject, Reflection):
        return "reflection", subject.pk
    return "goal", subject.pk


def root_key(subject: Subject) -> tuple[str, int]:
    """The page a subject's thread belongs to: its goal, or the reflection itself."""
    if isinstance(subject, Reflection):
        return "reflection", subject.pk
    return "goal", subject.pk if isinstance(subject, Goal) else subject.goal_id


@dataclass
class Thread:
    """The comments on one goal, milestone, task or reflection, as one viewer sees them."""

    kind: str
    subject_id: int
    root_kind: str
    root_id: int
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

    @property
    def is_headed(self) -> bool:
        """A page's own thread (goal or reflection) has a heading; the others fold away."""
        return self.kind == self.root_kind

    def page_url(self) -> str:
        """Where the viewer reads this thread in its page."""
        if self.root_kind == "reflection":
            name = (
                "plans:reflection_detail" if self.viewer_is_owner else "mentoring:shared_reflection"
            )
        else:
            name = "plans:goal_detail" if self.viewer_is_owner else "mentoring:shared_goal"
        return f"{reverse(name, args=[self.root_id])}#{self.element_id}"


@dataclass
class PageThreads:
    root_kind: str
    root_id: int
    owner_id: int
    mentor_ids: frozenset[int]
    by_subject: dict[tuple[str, int], list[Comment]] = field(default_factory=dict)

    def thread(self, kind: str, subject_id: int, viewer_id: int) -> Thread:
        return Thread(
            kind=kind,
            subject_id=subject_id,
            root_kind=self.root_kind,
            root_id=self.root_id,
            owner_id=self.owner_id,
            viewer_id=viewer_id,
            mentor_ids=self.mentor_ids,
            comments=self.by_subject.get((kind, subject_id), []),
        )

    def may_view(self, viewer_id: int) -> bool:
        return viewer_id == self.owner_id or viewer_id in self.mentor_ids


def page_threads(root_kind: str, root_id: int, owner_id: int, shared: bool = True) -> PageThreads:
    """Every thread of one goal page or reflection page: two queries.

    `shared` False (a reflection still in draft) means no mentor sees it yet.
    """
    if root_kind == "reflection":
        mentors = Mentorship.objects.active().filter(member_id=owner_id).sharing_reflections()
        comments = Comment.objects.on_reflection(root_id)
    else:
        mentors = Mentorship.objects.active().sharing_goal(root_id)
        comments = Comment.objects.on_goal(root_id)
    mentor_ids = frozenset(mentors.values_list("mentor_id", flat=True)) if shared else frozenset()
    threads = PageThreads(root_kind, root_id, owner_id, mentor_ids)
    roots: dict[int, Comment] = {}
    for comment in comments.in_thread_order():
        comment.thread_replies = []
        if comment.parent_id is None:
            roots[comment.pk] = comment
            key = (comment.subject_kind, comment.subject_id)
            threads.by_subject.setdefault(key, []).append(comment)
        elif comment.parent_id in roots:
            roots[comment.parent_id].thread_replies.append(comment)
    # A deleted comment stays only as long as replies hang from it.
    for key, comments_of_subject in threads.by_subject.items():
        threads.by_subject[key] = [
            comment
            for comment in comments_of_subject
            if not comment.is_deleted or comment.thread_replies
        ]
    return threads


def threads_for(
    request: HttpRequest, root_kind: str, root_id: int, owner_id: int, shared: bool = True
) -> PageThreads:
    """The page's threads, read once per request however many objects show a thread."""
    cache = request.__dict__.setdefault("_mentoring_threads", {})
    if (root_kind, root_id) not in cache:
        cache[root_kind, root_id] = page_threads(root_kind, root_id, owner_id, shared)
    return cache[root_kind, root_id]


def forget_threads(request: HttpRequest) -> None:
    request.__dict__.pop("_mentoring_threads", None)


def thread_of(request: HttpRequest, subject: Subject) -> Thread:
    """A subject's thread, read afresh (after a write), for the viewer."""
    forget_threads(request)
    if isinstance(subject, Reflection):
        threads = threads_for(
            request, "reflection", subject.pk, subject.member_id, subject.is_completed
        )
    else:
        goal = subject if isinstance(subject, Goal) else subject.goal
        threads = threads_for(request, "goal", goal.pk, goal.member_id)
    return threads.thread(*subject_key(subject), request.user.pk)

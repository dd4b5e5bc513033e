"""`{% load mentoring %}{% comment_thread goal %}`: the comments on a goal, milestone, task or
reflection, on any page that shows it, the way django-contrib-comments does it.

The first thread a page shows reads every thread of its goal (or reflection) in two queries;
the rest come from that read. A viewer who is neither the owner nor a mentor who sees it gets
nothing, and neither does an owner whose goal or reflection has no comments and no mentor.
"""

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString

from mentoring.forms import CommentForm
from mentoring.threads import Subject, root_key, subject_key, threads_for
from plans.models import Goal, Reflection

register = template.Library()


def _owner_id(context: Context, subject: Subject, goal_id: int) -> int:
    if isinstance(subject, Goal | Reflection):
        return subject.member_id
    for candidate in (context.get("goal"), getattr(context.get("plan"), "goal", None)):
        if isinstance(candidate, Goal) and candidate.pk == goal_id:
            return candidate.member_id
    if type(subject).goal.is_cached(subject):
        return subject.goal.member_id
    return Goal.objects.values_list("member_id", flat=True).get(pk=goal_id)


@register.simple_tag(takes_context=True)
def comment_thread(context: Context, subject: Subject | None) -> SafeString:
    request = context.get("request")
    if subject is None or request is None or not request.user.is_authenticated:
        return SafeString("")
    root_kind, root_id = root_key(subject)
    shared = subject.is_completed if isinstance(subject, Reflection) else True
    threads = threads_for(request, root_kind, root_id, _owner_id(context, subject, root_id), shared)
    if not threads.may_view(request.user.pk):
        return SafeString("")
    thread = threads.thread(*subject_key(subject), request.user.pk)
    if thread.viewer_is_owner and not thread.is_shared and not thread.comments:
        return SafeString("")
    partial = context.template.engine.get_template("mentoring/thread.html#comment_thread")
    with context.push(thread=thread, comment_form=CommentForm()):
        return partial.render(context)

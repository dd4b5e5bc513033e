"""Career path pages: the list, a path with the member's standing, and adopting it."""

import datetime as dt

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from assessments.models import CareerDirection, Item
from assessments.tests.factories import completed_attempt
from plans.adoption import draft_plan, path_adopt
from plans.models import Goal, GoalStatus, Milestone, Task
from plans.tests.factories import GoalFactory, today
from plans.tests.library_factories import SUPPORT_PATH, WRITER_PATH

pytestmark = pytest.mark.django_db

SLUG = SUPPORT_PATH.slug


def adopt_url(slug: str = SLUG) -> str:
    return reverse("plans:path_adopt", args=[slug])


def test_the_path_list_shows_every_path_with_its_stages(member_client, small_library):
    response = member_client.get(reverse("plans:path_list"))

    assertContains(response, SUPPORT_PATH.name)
    assertContains(response, WRITER_PATH.name)
    assertContains(response, "Network administrator")
    assertContains(response, "3 to 7 years to reach the last one (our estimate)")


def test_the_path_list_filters_by_field(member_client, small_library):
    response = member_client.get(reverse("plans:path_list"), {"field": "creative"})

    assert response.context["paths"] == [WRITER_PATH]
    assertNotContains(response, SUPPORT_PATH.name)


def test_a_field_that_does_not_exist_is_named_and_every_path_shown(member_client, small_library):
    response = member_client.get(reverse("plans:path_list"), {"field": "astronomy<b>"})

    assert response.status_code == 200
    assertContains(response, "There is no field called “astronomy&lt;b&gt;”")
    assert response.context["paths"] == [WRITER_PATH, SUPPORT_PATH]


def test_paths_through_the_member_s_target_role_come_first(member, member_client, small_library):
    CareerDirection.objects.create(member=member, target_code="15-1241.00")

    response = member_client.get(reverse("plans:path_list"))

    assert response.context["yours"] == [SUPPORT_PATH]
    assertContains(response, "Through your current or target role")


def test_an_unknown_path_is_not_found(member_client, small_library):
    for url in (reverse("plans:path_detail", args=["nowhere"]), adopt_url("nowhere")):
        assert member_client.get(url).status_code == 404
    assert member_client.post(adopt_url("nowhere"), {"title": "x"}).status_code == 404
    assert not Goal.objects.exists()


def test_the_path_page_shows_each_stage_with_occupation_time_skills_and_activities(
    member_client, small_library
):
    response = member_client.get(reverse("plans:path_detail", args=[SLUG]))

    assertContains(response, "Stage 2 of 3")
    assertContains(response, "Occupation 15-1244.00")
    assertContains(response, "O*NET-SOC 15-1244.00")
    assertContains(response, "Typical time in this stage: 2 to 4 years (our estimate)")
    assertContains(response, "Operations monitoring")
    assertContains(response, reverse("plans:activity_detail", args=["a-plus"]))
    assertContains(response, "Take the <a", html=False)


def ratings(levels: dict[str, int]):
    def rate(item: Item) -> int:
        current = levels.get(item.area.slug, 3)
        return current if item.facet == "current" else 3

    return rate


def test_the_path_page_shows_where_the_member_stands_at_each_stage(
    member, member_client, small_library
):
    levels = {"troubleshooting": 4, "writing": 1, "systems-analysis": 2}
    completed_attempt(member, "skills", ratings(levels))

    response = member_client.get(reverse("plans:path_detail", args=[SLUG]))

    _stage, standing = response.context["stages"][0]
    assert (standing.met, [(s.slug, s.gap) for s in standing.short]) == (
        1,
        [("writing", 2), ("systems-analysis", 1)],
    )
    assertContains(response, "You meet 1 of 3.")
    assertContains(response, "Short: Writing by 2 levels, Systems analysis by 1 level.")
    assertContains(response, f"{reverse('plans:activity_list')}?skill=writing&amp;cost=free")


def test_the_preview_shows_the_plan_and_saves_nothing(member_client, small_library):
    response = member_client.get(adopt_url())

    assert response.status_code == 200
    assertContains(response, "Move from support technician to network engineer")
    assertContains(response, 'name="stage-3-title"', html=False)
    assertContains(response, 'name="task-2-1-effort_hours" value="200"', html=False)
    assertContains(response, "you have no weekly time blocks yet, so we assumed 3")
    assert not Goal.objects.exists()


def preview_data(member_client, **changes) -> dict[str, str]:
    """The preview form as the page fills it, with some values changed."""
    form = member_client.get(adopt_url(), {"again": "1"}).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value.isoformat() if isinstance(value, dt.date) else str(value)
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def test_confirming_the_preview_sets_the_goal_with_a_milestone_per_stage(
    member, member_client, small_library
):
    data = preview_data(
        member_client, **{"title": "Network engineer by 2031", "task-1-2-keep": None}
    )

    response = member_client.post(adopt_url(), data)

    goal = Goal.objects.get(member=member)
    assertRedirects(response, goal.get_absolute_url())
    assert (goal.title, goal.kind, goal.path_slug) == (
        "Network engineer by 2031",
        "advancement",
        SLUG,
    )
    assert goal.milestones.count() == 3
    # Five suggested activities, one left out.
    assert list(
        Task.objects.filter(goal=goal).values_list("title", flat=True).order_by("due_date")
    ) == [
        "A+ certification",
        "Networking degree",
        "Write up hard tickets",
        "Write up hard tickets",
    ]
    page = member_client.get(goal.get_absolute_url())
    assertContains(page, "From the career path")
    assertContains(page, reverse("plans:path_detail", args=[SLUG]))


def test_bad_edits_come_back_with_errors_and_everything_typed_and_nothing_is_saved(
    member_client, small_library
):
    yesterday = (today() - dt.timedelta(days=1)).isoformat()
    data = preview_data(
        member_client,
        **{
            "title": "",
            "why": "Because I enjoy networks",
            "stage-2-due_date": yesterday,
            "task-1-1-effort_hours": "0",
            "task-1-2-due_date": "not a date",
            "task-2-2-title": "",
            "target_date": yesterday,
        },
    )

    response = member_client.post(adopt_url(), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {
        "title",
        "stage-2-due_date",
        "task-1-1-effort_hours",
        "task-1-2-due_date",
        "task-2-2-title",
        "target_date",
    }
    assertContains(response, "Nothing was saved")
    assertContains(response, "Because I enjoy networks")
    assertContains(response, 'value="not a date"', html=False)
    assert not Goal.objects.exists()
    assert not Milestone.objects.exists()


def test_a_task_left_out_is_not_checked(member, member_client, small_library):
    data = preview_data(
        member_client, **{"task-1-1-keep": None, "task-1-1-title": "", "task-1-1-due_date": "x"}
    )

    response = member_client.post(adopt_url(), data)

    goal = Goal.objects.get(member=member)
    assertRedirects(response, goal.get_absolute_url())
    assert not goal.tasks.filter(title="A+ certification").exists()


def test_adopting_a_path_again_asks_first(member, member_client, small_library):
    first = path_adopt(
        member=member,
        draft=draft_plan(SUPPORT_PATH, today=today(), hours_a_week=None),
        today=today(),
    )

    question = member_client.get(adopt_url())

    assertContains(question, "You already follow this path")
    assertContains(question, first.get_absolute_url())
    assertContains(question, f"{adopt_url()}?again=1")
    assert "form" not in question.context

    # A confirmation that skips the question is refused, keeping what was typed.
    data = preview_data(member_client, title="A second go", again=None)
    refused = member_client.post(adopt_url(), data)
    assert refused.status_code == 200
    assert "again" in refused.context["form"].errors
    assertContains(refused, "A second go")
    assert Goal.objects.count() == 1

    asked = member_client.get(adopt_url(), {"again": "1"})
    assert asked.context["form"]["again"].value() is True
    member_client.post(adopt_url(), {**data, "again": "on"})
    assert Goal.objects.for_member(member).from_path(SLUG).count() == 2


def test_a_path_adopted_in_another_tab_since_the_preview_opened_is_asked_about(
    member, member_client, small_library
):
    data = preview_data(member_client, title="Mine", again=None)
    GoalFactory(member=member, path_slug=SLUG, title="Adopted in another tab")

    response = member_client.post(adopt_url(), data)

    assert response.status_code == 200
    assertContains(response, "Adopted in another tab")
    assertContains(response, 'value="Mine"', html=False)
    assert Goal.objects.count() == 1


def test_an_adoption_that_lands_between_the_check_and_the_save_is_still_asked_about(
    member, member_client, small_library, monkeypatch
):
    data = preview_data(member_client, title="Mine", again=None)
    GoalFactory(member=member, path_slug=SLUG, title="Adopted in another tab")
    # The page's own check saw nothing yet; the service, holding the lock, does.
    monkeypatch.setattr("plans.direction_views.adopted_goals", lambda *args: Goal.objects.none())

    response = member_client.post(adopt_url(), data)

    assert response.status_code == 200
    assert "again" in response.context["form"].errors
    assertContains(response, "Adopted in another tab")
    assert Goal.objects.count() == 1


def test_a_dropped_goal_from_the_path_does_not_ask(member, member_client, small_library):
    GoalFactory(member=member, path_slug=SLUG, status=GoalStatus.DROPPED)

    response = member_client.get(adopt_url())

    assert "form" in response.context
    assertNotContains(response, "You already follow this path")


def test_another_member_s_adoption_is_neither_shown_nor_asked_about(
    other_member, member_client, small_library
):
    GoalFactory(member=other_member, path_slug=SLUG, title="Someone else's plan")

    for url in (reverse("plans:path_detail", args=[SLUG]), adopt_url()):
        response = member_client.get(url)
        assertNotContains(response, "Someone else's plan")
        assertNotContains(response, "You already follow this path")


def test_an_empty_confirmation_is_refused_with_errors(member_client, small_library):
    response = member_client.post(adopt_url(), {})

    assert response.status_code == 200
    assert {"title", "stage-1-title"} <= set(response.context["form"].errors)
    assert not Goal.objects.exists()


def test_a_member_sets_a_later_stage_as_their_target_role_from_the_path(member, member_client):
    path = reverse("plans:path_detail", args=["support-technician-to-network-architect"])
    CareerDirection.objects.create(member=member, current_code="15-1232.00")

    page = member_client.get(path)
    response = member_client.post(
        reverse("assessments:occupation_choose", args=["15-1241.00"]),
        {"role": "target", "next": path},
    )

    # Not the first stage, and not the role the member holds now.
    assertContains(page, "Set Computer Network Architects as my target role")
    assertNotContains(page, "Set Computer User Support Specialists as my target role")
    assertRedirects(response, path)
    assert CareerDirection.objects.get(member=member).target_code == "15-1241.00"
    assertContains(member_client.get(path), "Your target role")


def test_a_path_offers_each_occupation_as_an_aim_once_at_its_last_stage():
    from plans.library import library

    developer = library().path("junior-developer-to-lead-developer")
    support = library().path("support-technician-to-network-architect")

    # Every stage of the developer path is Software Developers: one aim, the last stage.
    assert developer.aims() == {len(developer.stages)}
    assert support.aims("15-1232.00") == {2, 3, 4}


def test_an_occupation_page_lists_the_career_paths_through_it(member_client):
    page = member_client.get(reverse("assessments:occupation", args=["15-1232.00"]))

    assertContains(page, "Career paths through this occupation")
    assertContains(
        page, reverse("plans:path_detail", args=["support-technician-to-network-architect"])
    )
    assertContains(page, "(as Support technician)")

"""The quick start: each step's page, its rules, and the goal it saves."""

import math

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from assessments.models import Answer, Attempt, CareerDirection
from assessments.occupations import catalogue
from assessments.services import career_direction_set
from assessments.tests.factories import completed_attempt
from mentoring.tests.factories import MentorshipFactory
from plans import quickstart
from plans.models import Goal, QuickStart, Task
from plans.quickstart import skills_to_rate
from plans.tests.factories import GoalFactory

pytestmark = pytest.mark.django_db

SUPPORT, ARCHITECT = "15-1232.00", "15-1241.00"
START = reverse("plans:quickstart")
SKILLS = reverse("plans:quickstart_skills")
GAPS = reverse("plans:quickstart_gaps")
PLAN = reverse("plans:quickstart_plan")
INTERESTS = reverse("plans:quickstart_interests")
FITS = reverse("plans:quickstart_fits")


def aim(member, current: str | None = SUPPORT, target: str = ARCHITECT) -> None:
    quickstart.quick_start_roles(
        member=member,
        current=catalogue().get(current) if current else None,
        target=catalogue().get(target),
    )


def ratings_post(member, now: int = 2, **changed: int) -> dict[str, str]:
    direction = CareerDirection.objects.get(member=member)
    skills = skills_to_rate(direction.target_occupation, direction.current_occupation)
    data = {}
    for skill in skills:
        data[f"{skill.slug}-current"] = str(changed.get(skill.slug.replace("-", "_"), now))
        data[f"{skill.slug}-target"] = str(skill.typical)
    return data


def rated(member, client) -> None:
    aim(member)
    client.post(SKILLS, ratings_post(member))


# The rules


def test_a_target_role_with_few_key_skills_is_made_up_to_eight_from_the_current_role():
    target = next(o for o in catalogue() if len(o.skills) == 5)
    current = catalogue().get(SUPPORT)

    skills = skills_to_rate(target, current)

    assert len(skills) == 8
    assert [s.slug for s in skills[:5]] == [slug for slug, _ in target.skills]
    assert {s.source for s in skills[5:]} <= {"current", "more"}
    assert len({s.slug for s in skills}) == 8


def test_a_target_role_with_many_key_skills_is_rated_on_its_first_ten():
    target = next(o for o in catalogue() if len(o.skills) == 10)

    skills = skills_to_rate(target, None)

    assert [(s.slug, s.typical) for s in skills] == list(target.skills)


# Step 1: roles


def test_the_roles_page_opens_with_the_member_s_roles_filled_in(
    member, member_client, django_assert_max_num_queries
):
    aim(member)

    with django_assert_max_num_queries(6):
        response = member_client.get(START)

    assertContains(response, 'value="Computer User Support Specialists"')
    assertContains(response, f'value="{ARCHITECT}" checked')


def test_roles_typed_on_the_profile_fill_the_boxes_and_offer_their_matches(member, member_client):
    member.current_role, member.target_role = "helpdesk analyst", "network engineer"
    member.save()

    response = member_client.get(START)

    assertContains(response, 'value="helpdesk analyst"')
    assertContains(response, 'value="network engineer"')
    assertContains(response, f'value="{SUPPORT}"')


def test_typing_a_role_offers_matches_as_an_htmx_partial(member_client):
    response = member_client.get(
        START,
        {"current": "helpdesk analyst"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="current-results",
    )

    assert response.templates[0].name == "results"
    assertContains(response, SUPPORT)
    assert "<html" not in response.text


def test_names_that_match_one_occupation_need_no_choice(member, member_client):
    response = member_client.post(
        START, {"current": "helpdesk analyst", "target": "network architect"}
    )

    assertRedirects(response, SKILLS)
    direction = CareerDirection.objects.get(member=member)
    assert (direction.current_code, direction.target_code) == (SUPPORT, ARCHITECT)
    assert QuickStart.objects.filter(member=member).exists()


def test_words_matching_several_occupations_ask_to_choose_and_keep_what_was_typed(
    member, member_client
):
    response = member_client.post(START, {"current": "helpdesk analyst", "target": "manager"})

    assert response.status_code == 400
    assertContains(response, "Choose the occupation closest to it below", status_code=400)
    assertContains(response, 'value="manager"', status_code=400)
    assertContains(response, 'value="helpdesk analyst"', status_code=400)
    assert not CareerDirection.objects.filter(member=member).exists()


def test_a_choice_among_the_matches_is_taken(member, member_client):
    response = member_client.post(
        START, {"current": "", "target": "network", "target_code": ARCHITECT}
    )

    assertRedirects(response, SKILLS)
    assert CareerDirection.objects.get(member=member).target_code == ARCHITECT


def test_a_choice_that_the_words_no_longer_match_is_not_taken(member, member_client):
    response = member_client.post(START, {"target": "manager", "target_code": ARCHITECT})

    assert response.status_code == 400
    assert not CareerDirection.objects.filter(member=member, target_code=ARCHITECT).exists()


def test_no_target_at_all_is_refused_with_a_way_out(member_client):
    response = member_client.post(START, {"current": "helpdesk analyst"})

    assertContains(response, "or choose “I don&#x27;t know yet”", status_code=400)


# "I don't know yet": interests, then the occupations that fit


def test_not_knowing_the_target_leads_to_the_interests_check_then_to_fits(
    member, member_client, django_assert_max_num_queries
):
    response = member_client.post(START, {"current": "helpdesk analyst", "unsure": "1"})
    assertRedirects(response, INTERESTS)
    assert CareerDirection.objects.get(member=member).current_code == SUPPORT

    answers = {"R": "2", "I": "5", "A": "1", "S": "2", "E": "3", "C": "4"}
    assertRedirects(member_client.post(INTERESTS, answers), FITS)
    assert QuickStart.objects.get(member=member).interests == {
        k: int(v) for k, v in answers.items()
    }

    with django_assert_max_num_queries(10):
        page = member_client.get(FITS)
    fits = page.context["fits"]
    assert len(fits) == quickstart.FITS_SHOWN
    assert fits[0].occupation.interests[0] in "IC"

    chosen = fits[0].occupation.code
    assertRedirects(member_client.post(FITS, {"code": chosen}), SKILLS)
    assert CareerDirection.objects.get(member=member).target_code == chosen


def test_an_unanswered_interest_is_named_and_the_rest_kept(member_client):
    response = member_client.post(INTERESTS, {"R": "2", "I": "5"})

    assertContains(response, "Choose how much you would enjoy", status_code=400)
    assertContains(response, 'value="5" id="id_I_4" checked', status_code=400)


def test_interests_all_alike_say_they_cannot_rank(member, member_client):
    member_client.post(INTERESTS, dict.fromkeys("RIASEC", "3"))

    response = member_client.get(FITS)

    assert response.context["fits"] == []
    assertContains(response, "Your answers were all much alike")


def test_the_fits_page_refuses_an_occupation_it_did_not_offer(member, member_client):
    member_client.post(INTERESTS, {"R": "1", "I": "5", "A": "1", "S": "1", "E": "1", "C": "1"})

    response = member_client.post(FITS, {"code": "53-3032.00"})

    assertContains(response, "Choose one of these occupations", status_code=400)


def test_the_fits_page_waits_for_the_interests_check(member_client):
    assertRedirects(member_client.get(FITS), INTERESTS)


# Step 2: quick ratings


def test_the_skills_step_waits_for_a_target_role(member_client):
    assertRedirects(member_client.get(SKILLS), START)


def test_the_skills_page_offers_the_target_s_key_skills_with_targets_filled_in(
    member, member_client, django_assert_max_num_queries
):
    aim(member)

    with django_assert_max_num_queries(8):
        response = member_client.get(SKILLS)

    rows = response.context["form"].rows()
    architect = catalogue().get(ARCHITECT)
    assert 8 <= len(rows) <= 10
    assert [row.aim.value() for row in rows[: len(architect.skills)]] == [
        level for _, level in architect.skills
    ]
    assert all(row.now.value() is None for row in rows)


def test_quick_ratings_become_an_open_skills_attempt(member, member_client):
    aim(member)

    response = member_client.post(SKILLS, ratings_post(member, now=2))

    assertRedirects(response, GAPS)
    attempt = Attempt.objects.get(member=member, instrument__slug="skills")
    assert attempt.completed_at is None
    rows = len(ratings_post(member))
    assert Answer.objects.filter(attempt=attempt).count() == rows
    assert QuickStart.objects.get(member=member).attempt == attempt


def test_a_missing_rating_is_named_and_the_others_are_kept(member, member_client):
    aim(member)
    data = ratings_post(member, now=3)
    first = next(iter(data)).removesuffix("-current")
    del data[f"{first}-current"]

    response = member_client.post(SKILLS, data)

    assert response.status_code == 400
    assertContains(response, "Choose your level now in", status_code=400)
    assert response.context["form"].rows()[1].now.value() == "3"
    assert not Attempt.objects.filter(member=member).exists()


def test_a_level_off_the_scale_is_refused(member, member_client):
    aim(member)
    data = ratings_post(member)
    data[next(iter(data))] = "9"

    assert member_client.post(SKILLS, data).status_code == 400
    assert not Answer.objects.exists()


def test_the_full_skills_assessment_continues_the_quick_attempt(member, member_client):
    rated(member, member_client)
    attempt = Attempt.objects.get(member=member)

    response = member_client.post(reverse("assessments:start", args=["skills"]))

    assert Attempt.objects.filter(member=member).count() == 1
    assert str(attempt.pk) in response.url
    page = member_client.get(reverse("assessments:attempt_page", args=[attempt.pk, 1]))
    assert page.context["answered"] == Answer.objects.filter(attempt=attempt).count()


def test_going_back_to_the_ratings_shows_them_and_a_change_updates_the_same_attempt(
    member, member_client
):
    rated(member, member_client)

    page = member_client.get(SKILLS)
    assert {row.now.value() for row in page.context["form"].rows()} == {2}
    member_client.post(SKILLS, ratings_post(member, now=4))

    assert Attempt.objects.filter(member=member).count() == 1
    assert set(Answer.objects.filter(item__facet="current").values_list("value", flat=True)) == {4}


# Step 3: gaps and hours


def test_the_gaps_page_lists_the_largest_gap_first(
    member, member_client, django_assert_max_num_queries
):
    aim(member)
    member_client.post(SKILLS, ratings_post(member, now=3, troubleshooting=1))

    with django_assert_max_num_queries(8):
        response = member_client.get(GAPS)

    gaps = response.context["gaps"]
    assert gaps[0].skill.slug in {
        "troubleshooting",
        *(g.skill.slug for g in gaps if g.size == gaps[0].size),
    }
    assert [g.size for g in gaps] == sorted((g.size for g in gaps), reverse=True)
    assertContains(response, "Your largest gaps")


def test_the_gaps_step_waits_for_the_ratings(member, member_client):
    aim(member)
    assertRedirects(member_client.get(GAPS), SKILLS)
    assertRedirects(member_client.get(PLAN), SKILLS)


def test_hours_a_week_are_kept_and_bad_hours_are_explained(member, member_client):
    rated(member, member_client)

    bad = member_client.post(GAPS, {"hours_a_week": "two"})
    assertContains(bad, "Write the hours as a number", status_code=400)
    assertContains(bad, 'value="two"', status_code=400)

    assertRedirects(member_client.post(GAPS, {"hours_a_week": "5"}), PLAN)
    assert QuickStart.objects.get(member=member).hours_a_week == 5


# Step 4: the plan


def test_the_plan_has_three_to_six_tasks_dated_at_the_member_s_hours(
    member, member_client, django_assert_max_num_queries
):
    rated(member, member_client)
    member_client.post(GAPS, {"hours_a_week": "2"})

    with django_assert_max_num_queries(8):
        response = member_client.get(PLAN)

    draft = response.context["draft"]
    assert 3 <= len(draft.tasks) <= 6
    assert draft.weekly_hours == 2
    dates = [task.due_date for task in draft.tasks]
    assert dates == sorted(dates)
    first = draft.tasks[0]
    assert (first.due_date - draft.start_date).days == 7 * math.ceil(first.effort_hours / 2)
    focus = {gap.skill.slug for gap in draft.focus}
    assert all(set(task.activity.skills) & focus for task in draft.tasks)


def test_accepting_the_plan_saves_the_goal_with_its_dated_tasks(member, member_client):
    rated(member, member_client)
    member_client.post(GAPS, {"hours_a_week": "3"})
    form = member_client.get(PLAN).context["form"]
    data = {name: field.value() for name, field in ((n, form[n]) for n in form.fields)}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v not in (None, False)}
    data["title"] = "My own title"

    response = member_client.post(PLAN, data)

    goal = Goal.objects.get(member=member)
    assertRedirects(response, goal.get_absolute_url())
    assert goal.title == "My own title"
    assert Task.objects.filter(goal=goal, due_date__isnull=False).count() >= 3
    row = QuickStart.objects.get(member=member)
    assert row.goal == goal
    assert row.finished_at is not None
    # Saving again (a second tab) does not make a second goal.
    member_client.post(PLAN, data)
    assert Goal.objects.filter(member=member).count() == 1


def test_a_plan_with_every_task_unticked_is_refused_keeping_the_edits(member, member_client):
    rated(member, member_client)
    member_client.post(GAPS, {"hours_a_week": "3"})
    data = {"title": "Typed title", "why": "", "measure": "", "stage-1-title": "A milestone"}

    response = member_client.post(PLAN, data)

    assertContains(response, "Keep at least one task", status_code=400)
    assertContains(response, 'value="Typed title"', status_code=400)
    assert not Goal.objects.exists()


# Where a member lands, and the dashboard


def test_logging_in_for_the_first_time_lands_in_the_quick_start(client, member):
    member.set_password("a good long password")
    member.save()

    response = client.post(
        reverse("account_login"), {"login": member.email, "password": "a good long password"}
    )

    assertRedirects(response, reverse("welcome"), fetch_redirect_response=False)
    assertRedirects(client.get(reverse("welcome")), START)


def test_a_mentor_lands_on_the_dashboard_with_the_quick_start_offered_there(member_client, member):
    MentorshipFactory(mentor=member)

    assertRedirects(member_client.get(reverse("welcome")), reverse("dashboard"))
    assertContains(member_client.get(reverse("dashboard")), "Start the quick start")


def test_a_member_part_way_through_lands_on_the_next_step(member, member_client):
    aim(member)
    assertRedirects(member_client.get(reverse("welcome")), SKILLS)


@pytest.mark.parametrize("settle", ["finish", "dismiss", "goals"])
def test_once_done_or_put_aside_logging_in_lands_on_the_dashboard(member, member_client, settle):
    if settle == "dismiss":
        assertRedirects(
            member_client.post(reverse("plans:quickstart_dismiss")), reverse("dashboard")
        )
    elif settle == "goals":
        GoalFactory(member=member)
    else:
        QuickStart.objects.create(member=member, finished_at="2026-01-01T00:00Z")

    assertRedirects(member_client.get(reverse("welcome")), reverse("dashboard"))
    # Read from the page itself: a kept dashboard is served without its context.
    page = member_client.get(reverse("dashboard")).content.decode()
    assert "Start the quick start" not in page
    assert "Continue the quick start" not in page


def test_the_dashboard_offers_the_quick_start_until_it_is_done(member, member_client):
    response = member_client.get(reverse("dashboard"))
    assertContains(response, "Start the quick start")

    aim(member)
    response = member_client.get(reverse("dashboard"))
    assertContains(response, "Step 2 of 4: rate your skills")
    assertContains(response, f'href="{SKILLS}"')


def test_the_dashboard_recommends_finishing_the_skills_assessment_after_the_quick_start(
    member, member_client
):
    rated(member, member_client)

    step = member_client.get(reverse("dashboard")).context["steps"][0]

    assert step.detail.startswith("Next: Skills. Finish it:")
    assert "your quick ratings count" in step.detail
    assert step.action == "Continue skills"


def test_the_dashboard_recommends_interests_to_a_member_without_them(member, member_client):
    completed_attempt(member, "skills")

    step = member_client.get(reverse("dashboard")).context["steps"][0]

    assert step.detail.startswith("Next: Interests. Take it: it ranks the occupations")
    assert "minutes (our estimate)" in step.detail
    assert step.url == reverse("assessments:instrument", args=["interests"])


def test_a_quick_start_goal_is_for_its_owner_alone(member, member_client, other_client):
    rated(member, member_client)

    # Another member sees their own (empty) quick start, never this one.
    response = other_client.get(START)
    assert response.context["state"].target is None
    assertRedirects(other_client.get(SKILLS), START)


def test_the_target_role_set_elsewhere_is_picked_up(member, member_client):
    career_direction_set(member=member, role="target", occupation=catalogue().get(ARCHITECT))

    assert member_client.get(SKILLS).status_code == 200

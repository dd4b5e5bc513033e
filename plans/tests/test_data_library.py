"""The activity and path files as shipped: complete, consistent with the skills instrument and
the occupation catalogue, and every page of them renders."""

from collections import Counter

import pytest
from django.urls import reverse

from assessments.occupations import catalogue
from plans.library import FIELDS, FORMAL_KINDS, INFORMAL_KINDS, library, load_library, skills
from plans.models import Goal

NAMED_PATHS = (
    "graphic-designer-to-studio-owner",
    "camera-operator-to-director-producer",
    "junior-developer-to-lead-developer",
    "support-technician-to-network-architect",
    "sales-representative-to-sales-manager",
    "recruiter-to-chief-hr-officer",
)
REQUIRED_FIELDS = ("creative", "technical", "business", "care", "trades", "public-service")


@pytest.fixture(scope="module")
def books():
    # Read afresh, so a test never sees a library another test swapped in.
    return load_library()


def test_every_path_stage_names_an_occupation_of_the_catalogue_and_skills_that_exist(books):
    codes = {occupation.code for occupation in catalogue()}
    for path in books.paths:
        for stage in path.stages:
            assert stage.occupation.code in codes, (path.slug, stage.position)
            assert stage.occupation == catalogue().get(stage.occupation.code)
            assert {slug for slug, _ in stage.skills} <= set(skills()), (path.slug, stage.name)
            assert all(1 <= level <= 5 for _, level in stage.skills)


def test_every_activity_builds_at_least_one_skill_that_exists(books):
    for activity in books.activities:
        assert activity.skills, activity.slug
        assert set(activity.skills) <= set(skills()), activity.slug


def test_there_are_at_least_24_paths_across_the_fields(books):
    assert len(books.paths) >= 24
    fields = Counter(path.field for path in books.paths)
    assert set(REQUIRED_FIELDS) <= set(fields)
    # "Other fields" too: something beyond the six named.
    assert set(fields) - set(REQUIRED_FIELDS)
    assert set(fields) <= set(FIELDS)


def test_the_six_named_paths_are_present(books):
    for slug in NAMED_PATHS:
        assert books.path(slug) is not None, slug


def test_the_support_technician_path_ends_at_network_architect(books):
    path = books.path("support-technician-to-network-architect")

    assert path.first.occupation.code == "15-1232.00"  # Computer User Support Specialists
    assert path.last.occupation.code == "15-1241.00"  # Computer Network Architects


def test_there_are_at_least_150_activities_of_formal_and_informal_kinds(books):
    assert len(books.activities) >= 150
    kinds = {activity.kind for activity in books.activities}
    assert kinds & set(FORMAL_KINDS)
    assert kinds & set(INFORMAL_KINDS)


def test_every_skill_has_a_free_activity(books):
    free = {skill for a in books.activities if a.is_free for skill in a.skills}

    assert set(skills()) - free == set()


def test_every_stage_suggests_formal_and_informal_activities(books):
    for path in books.paths:
        for stage in path.stages:
            assert stage.formal_activities, (path.slug, stage.name)
            assert stage.informal_activities, (path.slug, stage.name)


def test_each_path_has_three_to_five_stages_and_a_goal_kind(books):
    for path in books.paths:
        assert 3 <= len(path.stages) <= 5, path.slug
        assert path.goal_kind in ("advancement", "change")


@pytest.mark.django_db
def test_every_path_page_and_preview_renders(member_client):
    for path in library().paths:
        for name in ("plans:path_detail", "plans:path_adopt"):
            response = member_client.get(reverse(name, args=[path.slug]))
            assert response.status_code == 200, (name, path.slug)
    assert not Goal.objects.exists()


@pytest.mark.django_db
def test_every_activity_page_renders(member_client):
    assert member_client.get(reverse("plans:activity_list")).status_code == 200
    for activity in library().activities:
        response = member_client.get(reverse("plans:activity_detail", args=[activity.slug]))
        assert response.status_code == 200, activity.slug


@pytest.mark.django_db
def test_adopting_the_support_technician_path_makes_a_milestone_per_stage(member, member_client):
    url = reverse("plans:path_adopt", args=["support-technician-to-network-architect"])
    form = member_client.get(url).context["form"]
    data = {
        name: "on" if value is True else value.isoformat() if hasattr(value, "isoformat") else value
        for name in form.fields
        if (value := form[name].value()) not in (None, False)
    }

    response = member_client.post(url, data)

    goal = Goal.objects.get(member=member)
    assert response.url == goal.get_absolute_url()
    path = library().path("support-technician-to-network-architect")
    assert goal.milestones.count() == len(path.stages)
    assert goal.tasks.count() == sum(len(stage.activities) for stage in path.stages)
    assert not goal.tasks.filter(due_date__lt=goal.start_date).exists()

import re

import pytest
from django.urls import reverse

from assessments.models import Answer, Attempt, Item
from assessments.tests.factories import AttemptFactory, answer_all, completed_attempt

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def page_url(attempt, number=1):
    return reverse("assessments:attempt_page", args=[attempt.pk, number])


def answers_for(items, value=4):
    return {item.field_name: str(value) for item in items}


def test_the_overview_lists_the_five_instruments_with_their_models_and_an_honest_label(
    member_client,
):
    response = member_client.get(reverse("assessments:overview"))

    assert response.status_code == 200
    assert "Self-reflection, not a test" in response.text
    for model in ("O*NET", "RIASEC", "Theory of Work Adjustment", "Big Five", "360-degree"):
        assert model in response.text
    assert response.text.count('class="status"') == 5


def test_the_overview_shows_progress_of_an_open_attempt(member_client, open_attempt, page_one):
    Answer.objects.bulk_create(
        Answer(attempt=open_attempt, item=item, value=3, answered_at=open_attempt.started_at)
        for item in page_one
    )

    response = member_client.get(reverse("assessments:overview"))

    assert "In progress: 8 of 24 answered" in response.text
    assert reverse("assessments:attempt_detail", args=[open_attempt.pk]) in response.text


def test_the_instrument_page_explains_each_area_and_names_the_model(member_client):
    response = member_client.get(reverse("assessments:instrument", args=["interests"]))

    assert response.status_code == 200
    assert "Holland" in response.text
    assert "not a validated test" in response.text
    assert "Investigative" in response.text


def test_an_unknown_instrument_is_404(member_client):
    assert member_client.get(reverse("assessments:instrument", args=["tarot"])).status_code == 404


def test_starting_creates_an_attempt_and_opens_its_first_page(member_client, member):
    response = member_client.post(reverse("assessments:start", args=["values"]))

    attempt = Attempt.objects.get(member=member)
    assert response.url == page_url(attempt, 1)
    assert attempt.version.number == 1


def test_starting_again_resumes_the_open_attempt_where_it_was_left(
    member_client, open_attempt, page_one
):
    member_client.post(page_url(open_attempt, 1), answers_for(page_one))

    response = member_client.post(reverse("assessments:start", args=["values"]))

    assert response.url == page_url(open_attempt, 2)
    assert Attempt.objects.count() == 1
    assert member_client.get(
        reverse("assessments:attempt_detail", args=[open_attempt.pk])
    ).url == page_url(open_attempt, 2)


def test_a_page_shows_each_question_as_a_labelled_radio_group_and_the_progress(
    member_client, open_attempt, page_one
):
    response = member_client.get(page_url(open_attempt, 1))

    assert response.status_code == 200
    assert response.text.count("<fieldset") == len(page_one) == 8
    assert response.text.count("<legend>") == 8
    first = page_one[0]
    assert f'<label for="{first.field_name}-5">' in response.text
    assert 'id="attempt-progress"' in response.text
    assert '<progress value="0" max="24"' in response.text
    assert f'hx-post="{page_url(open_attempt, 1)}"' in response.text
    assert f'action="{page_url(open_attempt, 1)}"' in response.text


def test_a_skills_page_describes_every_level_of_every_skill(member_client, member):
    attempt = AttemptFactory(member=member, slug="skills")

    response = member_client.get(page_url(attempt, 1))

    assert "Communication" in response.text
    assert "Writes clear routine e-mails and updates." in response.text
    # The legend names the skill for screen readers and shows the rating visibly.
    assert (
        '<legend><span class="visually-hidden">Writing: </span>The level your target role needs'
        in response.text
    )
    assert 'aria-describedby="anchor-' in response.text


def test_a_page_beyond_the_last_is_404_and_saves_nothing(member_client, open_attempt, page_one):
    assert member_client.get(page_url(open_attempt, 4)).status_code == 404
    response = member_client.post(page_url(open_attempt, 0), {page_one[0].field_name: "3"})

    assert response.status_code == 404
    assert not open_attempt.answers.exists()


def test_htmx_saves_one_answer_the_moment_it_is_given(member_client, open_attempt, page_one):
    item = page_one[2]

    response = member_client.post(page_url(open_attempt, 1), {item.field_name: "5"}, **HTMX)

    assert response.status_code == 200
    assert open_attempt.answers.get(item=item).value == 5
    assert f'id="{item.field_name}-status"' in response.text
    assert "Saved" in response.text
    assert re.search(r'id="attempt-progress"[^>]*hx-swap-oob="true"', response.text)
    assert '<progress value="1" max="24"' in response.text


def test_changing_an_answer_replaces_it(member_client, open_attempt, page_one):
    item = page_one[0]
    member_client.post(page_url(open_attempt, 1), {item.field_name: "1"}, **HTMX)
    member_client.post(page_url(open_attempt, 1), {item.field_name: "4"}, **HTMX)

    assert list(open_attempt.answers.values_list("value", flat=True)) == [4]


def test_without_javascript_the_page_form_saves_every_answer_and_moves_on(
    member_client, open_attempt, page_one
):
    response = member_client.post(
        page_url(open_attempt, 1), {**answers_for(page_one, 2), "move": "next"}
    )

    assert response.status_code == 302
    assert response.url == page_url(open_attempt, 2)
    assert open_attempt.answers.filter(value=2).count() == 8


@pytest.mark.parametrize(("move", "target"), [("back", 1), ("next", 3), ("page-3", 3), ("", 2)])
def test_back_forward_and_page_buttons_lead_to_the_right_page(
    member_client, open_attempt, move, target
):
    response = member_client.post(page_url(open_attempt, 2), {"move": move})

    assert response.url == page_url(open_attempt, target)


def test_saved_answers_are_checked_when_the_page_is_opened_again(
    member_client, open_attempt, page_one
):
    member_client.post(page_url(open_attempt, 1), {page_one[0].field_name: "5"}, **HTMX)

    response = member_client.get(page_url(open_attempt, 1))

    assert f'id="{page_one[0].field_name}-5" name="{page_one[0].field_name}" value="5" checked' in (
        response.text
    )


def test_finishing_with_questions_unanswered_lists_them_and_keeps_every_answer(
    member_client, open_attempt, page_one
):
    last_page = list(open_attempt.version.items.filter(page=3))
    member_client.post(page_url(open_attempt, 1), answers_for(page_one))

    response = member_client.post(
        page_url(open_attempt, 3), {**answers_for(last_page[:3]), "move": "finish"}
    )

    assert response.status_code == 200
    assert "13 questions are still unanswered" in response.text
    assert "Still to answer" in response.text
    first_missing = open_attempt.version.items.get(position=9)
    assert f"#item-{first_missing.pk}" in response.text
    assert f'id="item-{first_missing.pk}" class="question is-missing' in response.text
    assert open_attempt.answers.count() == 11
    open_attempt.refresh_from_db()
    assert not open_attempt.is_complete


def test_finishing_a_fully_answered_attempt_shows_the_results(member_client, open_attempt):
    answer_all(open_attempt, value=lambda item: 4)

    response = member_client.post(page_url(open_attempt, 3), {"move": "finish"}, follow=True)

    open_attempt.refresh_from_db()
    assert open_attempt.is_complete
    assert response.redirect_chain[-1][0] == reverse(
        "assessments:attempt_detail", args=[open_attempt.pk]
    )
    assert "results are ready" in response.text
    assert "<svg" in response.text


def test_an_answer_off_the_scale_is_refused_and_nothing_the_member_chose_is_lost(
    member_client, open_attempt, page_one
):
    data = {**answers_for(page_one[1:], 2), page_one[0].field_name: "7", "move": "next"}

    response = member_client.post(page_url(open_attempt, 1), data)

    assert response.status_code == 200
    assert "is not one of the answers on the scale" in response.text
    assert not open_attempt.answers.exists()
    assert f'name="{page_one[1].field_name}" value="2" checked' in response.text


def test_an_answer_off_the_scale_by_htmx_is_refused_with_an_error(
    member_client, open_attempt, page_one
):
    response = member_client.post(page_url(open_attempt, 1), {page_one[0].field_name: "0"}, **HTMX)

    assert response.headers["HX-Retarget"] == "#save-error"
    assert "nothing was saved" in response.text
    assert not open_attempt.answers.exists()


def test_an_answer_to_another_instruments_question_is_refused(
    member_client, open_attempt, page_one
):
    foreign = Item.objects.filter(version__instrument__slug="personality").first()
    data = {page_one[0].field_name: "3", foreign.field_name: "3"}

    response = member_client.post(page_url(open_attempt, 1), data)

    assert response.status_code == 200
    assert "not part of this assessment" in response.text
    assert not Answer.objects.exists()


def test_a_completed_attempt_cannot_be_changed(member_client, completed):
    item = completed.version.items.first()

    response = member_client.post(page_url(completed, 1), {item.field_name: "1"}, follow=True)

    assert "can no longer change" in response.text
    assert completed.answers.get(item=item).value == 3


def test_a_completed_attempt_refuses_htmx_answers_and_sends_the_browser_to_the_results(
    member_client, completed
):
    item = completed.version.items.first()

    response = member_client.post(page_url(completed, 1), {item.field_name: "1"}, **HTMX)

    assert response.headers["HX-Redirect"] == reverse(
        "assessments:attempt_detail", args=[completed.pk]
    )
    assert completed.answers.get(item=item).value == 3


@pytest.mark.parametrize("slug", ["skills", "leadership", "interests", "values", "personality"])
def test_every_results_page_has_a_chart_a_table_explanations_and_conclusions(
    member_client, member, slug
):
    attempt = completed_attempt(member, slug, value=lambda item: 1 + item.position % 5)

    response = member_client.get(reverse("assessments:attempt_detail", args=[attempt.pk]))

    assert response.status_code == 200
    assert re.search(r'<svg class="chart[^"]*"[^>]*role="img"', response.text)
    assert "<table" in response.text
    assert "What stands out" in response.text
    assert "What each area means" in response.text
    assert "not a validated test" in response.text
    assert ' style="' not in response.text


def test_the_interest_results_show_the_code(member_client, member):
    attempt = completed_attempt(
        member,
        "interests",
        value=lambda item: {"conventional": 5, "realistic": 4}.get(item.area.slug, 2),
    )

    response = member_client.get(reverse("assessments:attempt_detail", args=[attempt.pk]))

    assert '<p class="code">CRI</p>' in response.text


def test_retaking_starts_a_new_attempt_and_keeps_the_completed_one(member_client, completed):
    response = member_client.post(reverse("assessments:start", args=["values"]))

    new = Attempt.objects.exclude(pk=completed.pk).get()
    assert response.url == page_url(new, 1)
    assert completed.answers.count() == 24
    assert not new.answers.exists()


def test_comparing_two_attempts_shows_what_rose_and_fell(member_client, member):
    first = completed_attempt(member, "values", value=lambda item: 3)
    second = completed_attempt(
        member, "values", value=lambda item: {"achievement": 5, "support": 1}.get(item.area.slug, 3)
    )

    response = member_client.get(
        reverse("assessments:compare", args=["values"]),
        {"first": second.pk, "second": first.pk},
    )

    assert response.status_code == 200
    assert "▲ rose 50" in response.text
    assert "▼ fell 50" in response.text
    assert [c.slug for c in response.context["changes"] if c.direction == "same"] == [
        "independence",
        "recognition",
        "relationships",
        "working-conditions",
    ]
    assert response.context["before"].attempt_id == first.pk


def test_the_results_page_links_to_a_comparison_with_the_previous_attempt(member_client, member):
    first = completed_attempt(member, "values")
    second = completed_attempt(member, "values")

    response = member_client.get(reverse("assessments:attempt_detail", args=[second.pk]))

    assert f"?first={first.pk}&amp;second={second.pk}" in response.text


def test_comparing_an_attempt_with_itself_asks_for_two(member_client, completed):
    response = member_client.get(
        reverse("assessments:compare", args=["values"]),
        {"first": completed.pk, "second": completed.pk},
        follow=True,
    )

    assert "Choose two different attempts" in response.text


@pytest.mark.parametrize("case", ["other instrument", "open attempt", "missing", "not a number"])
def test_comparing_anything_but_two_completed_attempts_of_the_instrument_is_404(
    member_client, member, completed, case
):
    other = {
        "other instrument": lambda: completed_attempt(member, "personality").pk,
        "open attempt": lambda: AttemptFactory(member=member, slug="values").pk,
        "missing": lambda: "",
        "not a number": lambda: "x",
    }[case]()

    response = member_client.get(
        reverse("assessments:compare", args=["values"]), {"first": completed.pk, "second": other}
    )

    assert response.status_code == 404


def test_the_summary_page_says_when_nothing_is_completed(member_client):
    response = member_client.get(reverse("assessments:summary"))

    assert response.status_code == 200
    assert "No self-assessment has been completed yet" in response.text


def test_the_summary_brings_the_latest_results_of_all_five_together(member_client, member):
    for slug in ("skills", "leadership", "interests", "values", "personality"):
        completed_attempt(member, slug, value=lambda item: 1 + item.position % 5)

    response = member_client.get(reverse("assessments:summary"))

    for heading in ("Skills", "Interests", "Work values", "Leadership", "Personality"):
        assert f">{heading}</h2>" in response.text
    assert "Not taken yet" not in response.text
    assert "Largest skills gaps" in response.text
    assert '<p class="code">' in response.text


def test_the_summary_partial_renders_from_a_summary_alone(member):
    from django.template.loader import render_to_string

    from assessments.summary import profile_summary

    completed_attempt(member, "values", value=lambda item: 5 if item.area.slug == "support" else 2)

    html = render_to_string(
        "assessments/summary.html#profile_summary", {"summary": profile_summary(member)}
    )

    assert 'id="profile-summary"' in html
    assert "Leading values" in html
    assert "Not taken yet." in html
    assert "<a " not in html


def test_the_dashboard_step_counts_completed_instruments(member_client, member):
    completed_attempt(member, "values")
    AttemptFactory(member=member, slug="skills")

    response = member_client.get(reverse("dashboard"))

    step = response.context["steps"][0]
    assert step.status == "1 of 5 instruments completed"
    assert step.detail.startswith("Next: Skills. Finish it: 0 of 60 questions are answered")
    assert step.url == reverse("assessments:instrument", args=["skills"])


def test_the_dashboard_step_invites_a_new_member_to_start(member_client):
    step = member_client.get(reverse("dashboard")).context["steps"][0]

    assert (step.status, step.action) == ("Not started", "Start your self-assessment")
    assert step.url == reverse("assessments:overview")


def test_the_nav_links_to_the_self_assessment(member_client):
    response = member_client.get(reverse("dashboard"))

    assert f'<a href="{reverse("assessments:overview")}">Self-assessment</a>' in response.text


def test_the_result_body_partial_renders_from_a_result_and_chart_alone(member):
    from django.template.loader import render_to_string

    from assessments.charts import result_chart
    from assessments.results import load_results

    answers = completed_attempt(member, "personality", value=lambda item: 2 + item.position % 3)
    attempt = Attempt.objects.with_versions().get(pk=answers.pk)
    result = load_results([attempt])[attempt.pk]

    html = render_to_string(
        "assessments/results.html#result_body", {"result": result, "chart": result_chart(result)}
    )

    assert 'id="result-body"' in html
    assert 'role="img"' in html
    assert "How you describe yourself" in html
    assert "<a " not in html

"""The adviser's review pages and the company's answer, driven through the test client: the list
scoped to the adviser, the scoring form beside the application, refusals that save nothing, the
locked round, staff reading, and the public confirm / decline through the private link."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from companies.models import Application
from matching.models import Assignment, Criterion, Decision, Score
from tests import factories

pytestmark = pytest.mark.django_db

S = Application.Status


def _adviser(programme, username):
    user = factories.UserFactory(username=username, first_name="Aiko", last_name=username.title())
    factories.ProgrammeRoleFactory(programme=programme, user=user, role="adviser")
    return user


@pytest.fixture
def adviser(programme):
    return _adviser(programme, "tanaka")


@pytest.fixture
def other_adviser(programme):
    return _adviser(programme, "suzuki")


@pytest.fixture
def criteria(programme):
    return [
        factories.CriterionFactory(
            programme=programme,
            name="Management capability",
            guidance="Is there a clear plan for working with Japan?",
            scale_min=0,
            scale_max=5,
            weight=Decimal("2"),
            threshold=Decimal("2"),
        ),
        factories.CriterionFactory(
            programme=programme, name="Fit with Japanese buyers", scale_min=1, scale_max=10
        ),
    ]


def _assignment(programme, adviser, name, **company):
    return factories.AssignmentFactory(
        application__programme=programme,
        application__company=factories.CompanyFactory(legal_name=name, **company),
        adviser=adviser,
    )


@pytest.fixture
def assignment(programme, adviser, criteria):
    return _assignment(programme, adviser, "Hanoi Mechanical JSC", employees=80, growth_rate=None)


def _edit(assignment):
    return reverse("matching:review.edit", args=[assignment.programme.slug, assignment.pk])


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- the list -----------------------------------------------------------------------------


def test_review_list_shows_an_adviser_only_their_own_assignments(
    client, programme, adviser, other_adviser, assignment
):
    _assignment(programme, other_adviser, "Bangkok Moulds Co., Ltd.")
    client.force_login(adviser)

    response = client.get(reverse("matching:review.list", args=[programme.slug]))

    assert response.status_code == 200
    assert [row.assignment for row in response.context["rows"]] == [assignment]
    assert "Hanoi Mechanical JSC" in response.content.decode()
    assert "Bangkok Moulds" not in response.content.decode()


def test_review_list_shows_state_and_running_total(client, adviser, assignment, criteria):
    factories.ScoreFactory(assignment=assignment, criterion=criteria[0], value=Decimal("4"))
    client.force_login(adviser)

    response = client.get(reverse("matching:review.list", args=[assignment.programme.slug]))

    (row,) = response.context["rows"]
    assert (row.state, row.total) == ("in_progress", Decimal("80.00"))
    assert "In progress" in response.content.decode()


def test_review_list_groups_every_assignment_by_adviser_for_staff(
    client, staff, programme, adviser, other_adviser, assignment
):
    _assignment(programme, other_adviser, "Bangkok Moulds Co., Ltd.")
    client.force_login(staff)

    response = client.get(reverse("matching:review.list", args=[programme.slug]))

    page = response.content.decode()
    assert {row.assignment.adviser for row in response.context["rows"]} == {adviser, other_adviser}
    assert "Hanoi Mechanical JSC" in page and "Bangkok Moulds" in page
    assert adviser.display_name() in page and other_adviser.display_name() in page


def test_review_list_query_count_does_not_grow_with_assignments(
    client, programme, adviser, criteria, django_assert_max_num_queries
):
    for number in range(6):
        review = _assignment(programme, adviser, f"Company {number}")
        factories.ScoreFactory(assignment=review, criterion=criteria[0])
    client.force_login(adviser)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("matching:review.list", args=[programme.slug]))

    assert len(response.context["rows"]) == 6


# --- one review ---------------------------------------------------------------------------


def test_another_advisers_review_is_404(client, other_adviser, assignment):
    client.force_login(other_adviser)

    assert client.get(_edit(assignment)).status_code == 404
    assert client.post(_edit(assignment), {"recommendation": "select"}).status_code == 404


def test_review_page_shows_the_application_beside_the_form(client, adviser, assignment, criteria):
    client.force_login(adviser)

    response = client.get(_edit(assignment))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Hanoi Mechanical JSC" in page
    assert "Is there a clear plan for working with Japan?" in page
    assert f'name="score_{criteria[0].pk}"' in page
    assert 'data-weight="2"' in page and 'data-min="1"' in page and 'data-max="10"' in page
    assert 'step="0.5"' in page
    assert "static/js/scoring.js" in page


def test_score_outside_the_scale_rerenders_with_the_error_and_saves_nothing(
    client, adviser, assignment, criteria
):
    client.force_login(adviser)

    response = client.post(
        _edit(assignment),
        {
            f"score_{criteria[0].pk}": "7",
            f"score_{criteria[1].pk}": "5",
            "recommendation": "select",
        },
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors[f"score_{criteria[0].pk}"] == [
        "Management capability is scored from 0 to 5; 7 is outside the scale."
    ]
    assert "Some scores are not valid; nothing was saved." in form.non_field_errors()
    assert Score.objects.filter(assignment=assignment).count() == 0
    assignment.refresh_from_db()
    assert assignment.recommendation == ""


def test_valid_save_keeps_the_scores_and_shows_the_running_total(
    client, adviser, assignment, criteria
):
    client.force_login(adviser)

    response = client.post(
        _edit(assignment),
        {
            f"score_{criteria[0].pk}": "4",
            f"score_{criteria[1].pk}": "7",
            "recommendation": "select",
            "comment": "Clear export plan.",
        },
        follow=True,
    )

    assert response.redirect_chain == [(_edit(assignment), 302)]
    assert "Saved." in _messages(response)
    assert dict(
        Score.objects.filter(assignment=assignment).values_list("criterion__name", "value")
    ) == {"Management capability": Decimal("4"), "Fit with Japanese buyers": Decimal("7")}
    assignment.refresh_from_db()
    assert (assignment.recommendation, assignment.is_complete) == ("select", True)
    # (2 × 4/5 + 1 × 6/9) / 3 × 100 = 75.56
    assert response.context["total"] == Decimal("75.56")
    assert "<output data-running-total>75.6</output>" in response.content.decode()
    assert f'name="score_{criteria[0].pk}" value="4"' in response.content.decode()


def test_save_links_to_the_next_unscored_application(client, programme, adviser, assignment):
    following = _assignment(programme, adviser, "Yangon Textiles Ltd.")
    client.force_login(adviser)

    response = client.get(_edit(assignment))

    assert response.context["next_assignment"] == following
    assert _edit(following) in response.content.decode()


def test_automatic_criterion_is_shown_read_only_with_its_value(
    client, programme, adviser, assignment
):
    employees = factories.CriterionFactory(
        programme=programme,
        name="Size",
        source=Criterion.Source.EMPLOYEES,
        auto_rule={"bands": [["0", "1"], ["50", "3"], ["200", "5"]]},
    )
    growth = factories.CriterionFactory(
        programme=programme,
        name="Growth",
        source=Criterion.Source.GROWTH,
        auto_rule={"bands": [["0", "1"], ["10", "5"]]},
    )
    client.force_login(adviser)

    response = client.get(_edit(assignment))

    form = response.context["form"]
    rows = {row.criterion: row for row in response.context["rows"]}
    assert (rows[employees].automatic, rows[employees].fact) == (True, "80")
    assert form[f"score_{employees.pk}"].value() == "3"
    assert form.fields[f"score_{employees.pk}"].disabled
    page = response.content.decode()
    assert "Filled from the application: employees (80)" in page
    # The application does not give its growth rate: the adviser scores it by hand.
    assert rows[growth].automatic is False
    assert not form.fields[f"score_{growth.pk}"].disabled
    assert "The application does not give the sales growth: score it by hand." in page


def test_locked_round_disables_the_form_and_refuses_a_save(
    client, programme, adviser, assignment, criteria
):
    factories.AssessmentFactory(programme=programme, locked_at=timezone.now())
    client.force_login(adviser)

    page = client.get(_edit(assignment)).content.decode()
    response = client.post(
        _edit(assignment), {f"score_{criteria[0].pk}": "3", "recommendation": "maybe"}
    )

    assert "Round locked" in page
    assert f'name="score_{criteria[0].pk}"' in page and "disabled" in page
    assert ">Save</button>" not in page
    assert response.status_code == 400
    assert "The assessment round was locked on" in str(response.context["form"].non_field_errors())
    assert not Score.objects.filter(assignment=assignment).exists()
    assert Assignment.objects.get(pk=assignment.pk).recommendation == ""


def test_staff_reads_a_review_without_saving_and_a_staff_post_is_403(
    client, staff, assignment, criteria
):
    factories.ScoreFactory(assignment=assignment, criterion=criteria[0], value=Decimal("2.5"))
    client.force_login(staff)

    response = client.get(_edit(assignment))
    refused = client.post(_edit(assignment), {f"score_{criteria[0].pk}": "5"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "only the adviser it is assigned to can score it" in page
    assert ">Save</button>" not in page
    assert f'name="score_{criteria[0].pk}" value="2.5"' in page
    assert refused.status_code == 403
    assert Score.objects.get(assignment=assignment).value == Decimal("2.5")


# --- the company's answer -----------------------------------------------------------------


def _respond(client, application, **data):
    return client.post(
        reverse("matching:participation.respond", args=[application.access_token]), data
    )


def _private(application):
    return reverse("companies:apply.private", args=[application.access_token])


@pytest.fixture
def selected(programme):
    return factories.DecisionFactory(
        application__programme=programme, application__language="en"
    ).application


def test_private_page_asks_a_selected_company_to_confirm(client, selected):
    page = client.get(_private(selected)).content.decode()

    assert "Your company is selected" in page
    assert "Confirm participation" in page and "Yes, decline participation" in page


def test_private_page_says_waitlisted_and_rejected_politely(client, programme):
    waitlisted = factories.DecisionFactory(
        application__programme=programme,
        application__status=S.WAITLISTED,
        outcome=Decision.Outcome.WAITLIST,
    ).application
    rejected = factories.DecisionFactory(
        application__programme=programme,
        application__status=S.REJECTED,
        outcome=Decision.Outcome.REJECT,
    ).application
    undecided = factories.ApplicationFactory(programme=programme, status=S.ELIGIBLE)

    assert "You are on the waiting list" in client.get(_private(waitlisted)).content.decode()
    rejected_page = client.get(_private(rejected)).content.decode()
    assert "Thank you for applying" in rejected_page
    assert "Confirm participation" not in rejected_page
    assert 'id="participation"' not in client.get(_private(undecided)).content.decode()


def test_company_confirms_participation_through_its_private_link(client, selected):
    response = _respond(client, selected, response="confirmed")

    assert (response.status_code, response["Location"]) == (302, _private(selected))
    decision = Decision.objects.get(application=selected)
    assert decision.response == "confirmed" and decision.responded_at is not None
    assert "Thank you: your participation is confirmed." in _messages(response)
    page = client.get(_private(selected)).content.decode()
    assert "You confirmed your participation on" in page
    assert ">Confirm participation<" not in page


def test_company_declines_and_its_application_is_withdrawn_in_its_language(client, programme):
    selected = factories.DecisionFactory(
        application__programme=programme, application__language="ru"
    ).application

    response = _respond(client, selected, response="declined", note="No budget this year")

    assert response.status_code == 302
    decision = Decision.objects.get(application=selected)
    assert (decision.response, decision.response_note) == ("declined", "No budget this year")
    assert Application.objects.get(pk=selected.pk).status == S.WITHDRAWN
    with translation.override("ru"):
        expected = gettext("Your answer is recorded: you have declined to take part.")
    assert _messages(response) == [expected]


def test_answer_refused_redirects_with_the_reason(client, programme):
    waitlisted = factories.DecisionFactory(
        application__programme=programme,
        application__status=S.WAITLISTED,
        application__language="en",
        outcome=Decision.Outcome.WAITLIST,
    ).application

    response = _respond(client, waitlisted, response="confirmed")

    assert (response.status_code, response["Location"]) == (302, _private(waitlisted))
    assert _messages(response) == ["Only a selected company can confirm or decline participation."]
    assert Decision.objects.get(application=waitlisted).response == ""


def test_answer_with_an_unknown_token_is_404_and_get_is_405(client, selected):
    unknown = reverse("matching:participation.respond", args=["no-such-token"])

    assert client.post(unknown, {"response": "confirmed"}).status_code == 404
    assert (
        client.get(
            reverse("matching:participation.respond", args=[selected.access_token])
        ).status_code
        == 405
    )

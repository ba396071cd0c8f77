"""Conflicts of interest and assignments: by hand (and what is refused), and balanced
automatically over the round."""

from collections import Counter

import pytest

from companies.models import Application
from matching.exceptions import AssessmentError, RoundLocked
from matching.models import Assignment, Conflict, Score
from matching.services.assignments import (
    assignment_create,
    assignments_auto,
    conflict_declare,
)
from matching.services.round import assessment_lock
from tests import factories

pytestmark = pytest.mark.django_db


# --- conflicts ---------------------------------------------------------------------------------


def test_an_adviser_declares_their_own_conflict(programme, adviser):
    company = factories.CompanyFactory()
    conflict = conflict_declare(
        programme, adviser=adviser, company=company, reason="  My brother runs it ", by=adviser
    )
    assert Conflict.objects.get() == conflict
    assert (conflict.reason, conflict.declared_by) == ("My brother runs it", adviser)


def test_an_adviser_cannot_declare_another_advisers_conflict(programme, adviser, make_adviser):
    other = make_adviser()
    with pytest.raises(AssessmentError) as caught:
        conflict_declare(
            programme, adviser=other, company=factories.CompanyFactory(), reason="x", by=adviser
        )
    assert str(caught.value) == "You may declare only your own conflicts of interest."
    assert not Conflict.objects.exists()


def test_only_an_adviser_of_the_programme_has_conflicts(programme, staff):
    outsider = factories.UserFactory()
    factories.ProgrammeRoleFactory(user=outsider, role="adviser")  # of another programme
    with pytest.raises(AssessmentError) as caught:
        conflict_declare(
            programme, adviser=outsider, company=factories.CompanyFactory(), reason="x", by=staff
        )
    assert caught.value.errors == {"adviser": ["Invite them as an adviser first."]}
    with pytest.raises(AssessmentError):
        conflict_declare(
            programme, adviser=outsider, company=factories.CompanyFactory(), reason="x", by=outsider
        )
    assert not Conflict.objects.exists()


def test_a_conflict_needs_a_reason(programme, adviser):
    with pytest.raises(AssessmentError) as caught:
        conflict_declare(
            programme, adviser=adviser, company=factories.CompanyFactory(), reason=" ", by=adviser
        )
    assert caught.value.errors == {"reason": ["A reason is required."]}


def test_declaring_a_conflict_takes_back_the_assignment_and_its_scores(
    programme, staff, adviser, make_adviser
):
    other = make_adviser()
    assignment = factories.AssignmentFactory(application__programme=programme, adviser=adviser)
    kept = factories.AssignmentFactory(application=assignment.application, adviser=other)
    factories.ScoreFactory(assignment=assignment)
    company = assignment.application.company
    conflict_declare(programme, adviser=adviser, company=company, reason="Shareholder", by=staff)
    assert list(Assignment.objects.all()) == [kept]
    assert not Score.objects.filter(assignment_id=assignment.pk).exists()


def test_a_conflict_declared_twice_is_refused_and_the_assignment_stays(programme, adviser):
    company = factories.CompanyFactory()
    conflict_declare(programme, adviser=adviser, company=company, reason="Former job", by=adviser)
    with pytest.raises(AssessmentError) as caught:
        conflict_declare(programme, adviser=adviser, company=company, reason="Again", by=adviser)
    assert caught.value.errors == {"company": ["Already declared."]}
    assert Conflict.objects.get().reason == "Former job"


# --- assignments by hand -----------------------------------------------------------------------


def test_assignment_create_assigns_an_adviser(programme, staff, adviser, make_eligible):
    application = make_eligible()
    assignment = assignment_create(application, adviser=adviser, by=staff)
    assert Assignment.objects.get() == assignment
    assert (assignment.method, assignment.assigned_by) == ("manual", staff)


def test_assignment_create_refuses_a_conflicted_adviser(programme, staff, adviser, make_eligible):
    application = make_eligible()
    factories.ConflictFactory(programme=programme, adviser=adviser, company=application.company)
    with pytest.raises(AssessmentError) as caught:
        assignment_create(application, adviser=adviser, by=staff)
    assert caught.value.errors == {"adviser": ["Conflict of interest declared."]}
    assert not Assignment.objects.exists()


def test_assignment_create_refuses_someone_who_is_not_an_adviser(programme, staff, make_eligible):
    with pytest.raises(AssessmentError) as caught:
        assignment_create(make_eligible(), adviser=factories.UserFactory(), by=staff)
    assert caught.value.errors == {"adviser": ["Invite them as an adviser first."]}
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("status", ["draft", "submitted", "ineligible", "withdrawn"])
def test_assignment_create_refuses_an_application_not_in_the_round(
    programme, staff, adviser, status
):
    application = factories.ApplicationFactory(programme=programme, status=status)
    with pytest.raises(AssessmentError) as caught:
        assignment_create(application, adviser=adviser, by=staff)
    assert caught.value.errors == {"application": ["Only eligible applications are assessed."]}
    assert not Assignment.objects.exists()


def test_assignment_create_refuses_a_company_invited_from_the_registry(programme, staff, adviser):
    decision = factories.DecisionFactory(application__programme=programme, invited=True)
    with pytest.raises(AssessmentError):
        assignment_create(decision.application, adviser=adviser, by=staff)
    assert not Assignment.objects.exists()


def test_assignment_create_refuses_the_same_adviser_twice(programme, staff, adviser, make_eligible):
    application = make_eligible()
    assignment_create(application, adviser=adviser, by=staff)
    with pytest.raises(AssessmentError) as caught:
        assignment_create(application, adviser=adviser, by=staff)
    assert caught.value.errors == {"adviser": ["Already assigned."]}
    assert Assignment.objects.count() == 1


def test_assignment_create_refuses_in_a_locked_round(programme, staff, adviser, make_eligible):
    application = make_eligible()
    assessment_lock(programme, by=staff)
    with pytest.raises(RoundLocked):
        assignment_create(application, adviser=adviser, by=staff)
    assert not Assignment.objects.exists()


# --- assignments balanced automatically ----------------------------------------------------------


def test_assignments_auto_balances_35_applications_over_4_advisers(
    programme, staff, make_adviser, make_eligible, django_assert_max_num_queries
):
    factories.AssessmentFactory(programme=programme, reviews_per_application=2)
    advisers = [make_adviser() for _ in range(4)]
    applications = [make_eligible() for _ in range(35)]
    factories.ApplicationFactory(programme=programme, status=Application.Status.SUBMITTED)
    conflicted = applications[7]
    factories.ConflictFactory(programme=programme, adviser=advisers[0], company=conflicted.company)

    with django_assert_max_num_queries(12):
        result = assignments_auto(programme, by=staff)

    assignments = Assignment.objects.filter(programme=programme)
    assert result["created"] == assignments.count() == 70
    assert result["applications"] == 35
    assert result["short"] == {}
    loads = Counter(assignments.values_list("adviser_id", flat=True))
    assert sorted(loads.values()) == [17, 17, 18, 18]
    assert sorted(result["loads"].values()) == [17, 17, 18, 18]
    per_application = Counter(assignments.values_list("application_id", flat=True))
    assert set(per_application) == {a.pk for a in applications}
    assert set(per_application.values()) == {2}
    assert not assignments.filter(application=conflicted, adviser=advisers[0]).exists()
    assert set(assignments.values_list("method", flat=True)) == {"auto"}

    again = assignments_auto(programme, by=staff)
    assert again["created"] == 0
    assert assignments.count() == 70


def test_assignments_auto_keeps_hand_assignments_and_skips_decided_applications(
    programme, staff, make_adviser, make_eligible
):
    factories.AssessmentFactory(programme=programme, reviews_per_application=2)
    first, second = make_adviser(), make_adviser()
    open_application = make_eligible()
    assignment_create(open_application, adviser=first, by=staff)
    decided = factories.DecisionFactory(application__programme=programme).application
    result = assignments_auto(programme, by=staff)
    assert result["created"] == 1
    assert set(Assignment.objects.values_list("application_id", "adviser_id", "method")) == {
        (open_application.pk, first.pk, "manual"),
        (open_application.pk, second.pk, "auto"),
    }
    assert not Assignment.objects.filter(application=decided).exists()


def test_assignments_auto_reports_applications_short_of_advisers(
    programme, staff, make_adviser, make_eligible
):
    factories.AssessmentFactory(programme=programme, reviews_per_application=3)
    make_adviser(), make_adviser()
    application = make_eligible()
    assert assignments_auto(programme, by=staff)["short"] == {application.pk: 1}


def test_assignments_auto_needs_advisers_and_an_open_round(programme, staff, make_eligible):
    make_eligible()
    with pytest.raises(AssessmentError) as caught:
        assignments_auto(programme, by=staff)
    assert "No adviser is invited" in str(caught.value)
    factories.ProgrammeRoleFactory(programme=programme, role="adviser")
    assessment_lock(programme, by=staff)
    with pytest.raises(RoundLocked):
        assignments_auto(programme, by=staff)
    assert not Assignment.objects.exists()

"""Withdrawing a conflict of interest: only the adviser who declared it themselves, or staff;
never once the round is locked; and always on record (matching.ConflictWithdrawal). Through
the service, the staff page and the API."""

import html

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from matching.exceptions import AssessmentError, RoundLocked
from matching.models import Conflict, ConflictWithdrawal
from matching.services.assignments import assignment_create, conflict_declare, conflict_withdraw
from matching.services.round import assessment_lock, assessment_unlock

pytestmark = pytest.mark.django_db

NOT_YOURS = "This conflict of interest was recorded by programme staff: only staff may withdraw it."


@pytest.fixture
def company(make_eligible):
    return make_eligible().company


@pytest.fixture
def recorded_by_staff(programme, staff, adviser, company):
    return conflict_declare(
        programme, adviser=adviser, company=company, reason="Shareholder", by=staff
    )


@pytest.fixture
def declared_by_adviser(programme, adviser, company):
    return conflict_declare(
        programme, adviser=adviser, company=company, reason="My brother runs it", by=adviser
    )


def test_an_adviser_cannot_withdraw_a_conflict_staff_recorded_against_them(
    programme, adviser, recorded_by_staff
):
    with pytest.raises(AssessmentError) as caught:
        conflict_withdraw(recorded_by_staff, by=adviser)

    assert str(caught.value) == NOT_YOURS
    assert caught.value.code == "permission_denied"
    assert Conflict.objects.get() == recorded_by_staff
    assert not ConflictWithdrawal.objects.exists()


def test_an_adviser_withdraws_their_own_conflict_and_it_stays_on_record(
    programme, adviser, company, declared_by_adviser
):
    conflict_withdraw(declared_by_adviser, by=adviser)

    assert not Conflict.objects.exists()
    record = ConflictWithdrawal.objects.get()
    assert (
        record.programme, record.adviser, record.company, record.reason, record.declared_by,
        record.declared_at, record.withdrawn_by,
    ) == (
        programme, adviser, company, "My brother runs it", adviser,
        declared_by_adviser.declared_at, adviser,
    )  # fmt: skip
    assert record.withdrawn_at is not None


def test_staff_withdraw_any_conflict_on_record(programme, staff, recorded_by_staff):
    conflict_withdraw(recorded_by_staff, by=staff)

    assert not Conflict.objects.exists()
    assert ConflictWithdrawal.objects.get().withdrawn_by == staff


def test_a_withdrawn_conflict_no_longer_stops_an_assignment(
    programme, staff, adviser, company, declared_by_adviser
):
    conflict_withdraw(declared_by_adviser, by=adviser)

    assignment = assignment_create(company.applications.get(), adviser=adviser, by=staff)

    assert assignment.adviser == adviser


def test_no_conflict_is_withdrawn_once_the_round_is_locked(
    programme, staff, adviser, declared_by_adviser
):
    assessment_lock(programme, by=staff)

    for who in (adviser, staff):
        with pytest.raises(RoundLocked):
            conflict_withdraw(declared_by_adviser, by=who)
    assert Conflict.objects.get() == declared_by_adviser
    assert not ConflictWithdrawal.objects.exists()

    assessment_unlock(programme, by=staff)
    conflict_withdraw(declared_by_adviser, by=adviser)
    assert not Conflict.objects.exists()


def test_a_conflict_withdrawn_twice_is_refused_the_second_time(
    programme, staff, adviser, declared_by_adviser
):
    stale = Conflict.objects.get(pk=declared_by_adviser.pk)
    conflict_withdraw(declared_by_adviser, by=adviser)

    with pytest.raises(AssessmentError) as caught:
        conflict_withdraw(stale, by=staff)

    assert str(caught.value) == "This conflict of interest has already been withdrawn."
    assert ConflictWithdrawal.objects.count() == 1


def test_a_withdrawn_conflict_can_be_declared_again(
    programme, adviser, company, declared_by_adviser
):
    conflict_withdraw(declared_by_adviser, by=adviser)

    again = conflict_declare(
        programme, adviser=adviser, company=company, reason="Joined its board", by=adviser
    )

    assert Conflict.objects.get() == again
    assert ConflictWithdrawal.objects.count() == 1


# --- the staff page and the API -------------------------------------------------------------


def test_the_conflicts_page_refuses_the_adviser_with_a_message_and_offers_no_button(
    client, programme, adviser, recorded_by_staff
):
    client.force_login(adviser)
    page = reverse("matching:conflict.list", args=[programme.slug])
    delete = reverse("matching:conflict.delete", args=[programme.slug, recorded_by_staff.pk])

    shown = client.get(page).content.decode()
    refused = client.post(delete, follow=True)

    assert "Shareholder" in shown
    assert delete not in shown
    assert NOT_YOURS in html.unescape(refused.content.decode())
    assert Conflict.objects.get() == recorded_by_staff


def test_staff_see_withdrawn_conflicts_as_withdrawn(
    client, programme, staff, adviser, declared_by_adviser
):
    conflict_withdraw(declared_by_adviser, by=adviser)
    client.force_login(staff)

    content = client.get(reverse("matching:conflict.list", args=[programme.slug])).content
    page = html.unescape(content.decode())

    assert "Withdrawn conflicts" in page
    assert "My brother runs it" in page
    assert f"withdrawn by {adviser.display_name()}" in page


def test_the_locked_page_refuses_with_a_message(
    client, programme, staff, adviser, declared_by_adviser
):
    assessment_lock(programme, by=staff)
    client.force_login(adviser)

    refused = client.post(
        reverse("matching:conflict.delete", args=[programme.slug, declared_by_adviser.pk]),
        follow=True,
    )

    assert "The assessment round was locked on" in html.unescape(refused.content.decode())
    assert Conflict.objects.get() == declared_by_adviser


def test_the_api_answers_403_to_the_adviser_and_400_once_locked(
    programme, staff, adviser, recorded_by_staff, make_eligible
):
    client = APIClient()
    client.force_authenticate(adviser)

    refused = client.delete(f"/api/v1/conflicts/{recorded_by_staff.pk}/")

    assert refused.status_code == 403
    assert refused.json()["detail"] == NOT_YOURS
    own = conflict_declare(
        programme, adviser=adviser, company=make_eligible().company, reason="Ex-employer",
        by=adviser,
    )  # fmt: skip
    assessment_lock(programme, by=staff)
    locked = client.delete(f"/api/v1/conflicts/{own.pk}/")
    assert (locked.status_code, locked.json()["code"]) == (400, "round_locked")
    assert Conflict.objects.count() == 2
    assert not ConflictWithdrawal.objects.exists()

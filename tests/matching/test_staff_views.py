"""Staff pages of the assessment round (matching/views/staff.py): criteria and their refusals,
automatic assignment, the ranking with its flags, bulk decisions and their refusals, the export,
invitations by sector, participants and their answers, and the locked round."""

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import Application
from matching.models import Assignment, Criterion, Decision
from tests import factories

pytestmark = pytest.mark.django_db

S = Application.Status


def url(name, programme, *args):
    return reverse(f"matching:{name}", args=[programme.slug, *args])


def adviser(programme, name):
    user = factories.UserFactory(username=name, first_name=name.title(), last_name="Adviser")
    factories.ProgrammeRoleFactory(programme=programme, user=user, role="adviser")
    return user


def applicant(programme, name, **fields):
    company = factories.CompanyFactory(legal_name=name, country=fields.pop("country", "TH"))
    fields.setdefault("status", S.ELIGIBLE)
    return factories.ApplicationFactory(
        programme=programme, company=company, eligible=True, **fields
    )


def review(application, user, scores: dict, *, complete=True):
    assignment = factories.AssignmentFactory(
        application=application,
        adviser=user,
        completed_at=timezone.now() if complete else None,
        recommendation="select",
    )
    for criterion, value in scores.items():
        factories.ScoreFactory(assignment=assignment, criterion=criterion, value=Decimal(value))
    return assignment


def table_row(html: str, name: str) -> str:
    """The <tr> of the table that names `name`."""
    return next(part for part in html.split("<tr")[1:] if name in part)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def scored(programme):
    """Two advisers; Osaka Gears scored 5 and 0 (total 50, spread 100, fails the threshold of 3
    on capability: mean 2.5), Bangkok Moulds 4 and 4 (total 80, no disagreement)."""
    factories.AssessmentFactory(programme=programme, target_min=1, target_max=2)
    capability = factories.CriterionFactory(
        programme=programme, name="Management capability", threshold=Decimal(3)
    )
    first, second = adviser(programme, "aoki"), adviser(programme, "baba")
    split = applicant(programme, "Osaka Gears Co., Ltd.")
    agreed = applicant(programme, "Bangkok Moulds Co., Ltd.")
    review(split, first, {capability: 5})
    review(split, second, {capability: 0})
    review(agreed, first, {capability: 4})
    review(agreed, second, {capability: 4})
    return {"split": split, "agreed": agreed, "capability": capability}


# --- criteria ---------------------------------------------------------------------------------


def test_criterion_threshold_off_the_scale_is_shown_on_the_field_and_nothing_saved(
    staff_client, programme
):
    response = staff_client.post(
        url("criterion.create", programme),
        {"name": "Export readiness", "scale_min": 0, "scale_max": 5, "weight": 1,
         "threshold": 7, "source": "manual"},
    )  # fmt: skip

    assert response.status_code == 200
    assert response.context["form"].errors["threshold"] == [
        "The threshold must be on the scale (0 to 5)."
    ]
    assert "The threshold must be on the scale (0 to 5)." in response.content.decode()
    assert not Criterion.objects.filter(programme=programme).exists()


def test_criterion_bad_band_line_is_shown_with_its_line_and_nothing_saved(staff_client, programme):
    response = staff_client.post(
        url("criterion.create", programme),
        {"name": "Employees", "scale_min": 0, "scale_max": 5, "weight": 1,
         "source": "employees", "bands": "0 = 1\n50 = three"},
    )  # fmt: skip

    assert response.context["form"].errors["bands"] == [
        "line 2: the value and the score must be numbers"
    ]
    assert not Criterion.objects.filter(programme=programme).exists()


def test_criterion_sales_bands_are_saved_sorted_with_their_currency(staff_client, programme):
    response = staff_client.post(
        url("criterion.create", programme),
        {"name": "Annual sales", "scale_min": 0, "scale_max": 5, "weight": 2,
         "source": "sales", "bands": "100,000,000 = 3\n0 = 1", "currency": "JPY"},
    )  # fmt: skip

    assert response.status_code == 302
    criterion = Criterion.objects.get(programme=programme)
    assert criterion.auto_rule == {"bands": [["0", "1"], ["100000000", "3"]], "currency": "JPY"}
    overview = staff_client.get(url("assessment", programme)).content.decode()
    assert "from 100000000 → 3" in overview


# --- assignments ------------------------------------------------------------------------------


def test_auto_assign_reports_what_it_made_the_loads_and_who_is_short(staff_client, programme):
    factories.AssessmentFactory(programme=programme, reviews_per_application=2)
    first, second = adviser(programme, "aoki"), adviser(programme, "baba")
    applicant(programme, "Hanoi Mechanical JSC")
    conflicted = applicant(programme, "Da Nang Electronics JSC")
    factories.ConflictFactory(programme=programme, adviser=first, company=conflicted.company)

    response = staff_client.post(url("assignment.auto", programme), follow=True)

    shown = [str(message) for message in response.context["messages"]]
    assert shown[0] == (
        "3 reviews assigned for the 2 applications waiting for a decision. "
        "Reviews per adviser: Aoki Adviser (1), Baba Adviser (2)."
    )
    assert "Da Nang Electronics JSC (1 missing)" in shown[1]
    assert set(Assignment.objects.values_list("application__company__legal_name", "adviser")) == {
        ("Hanoi Mechanical JSC", first.pk),
        ("Hanoi Mechanical JSC", second.pk),
        ("Da Nang Electronics JSC", second.pk),
    }
    html = response.content.decode()
    assert '<span class="chip flag-conflict">Aoki Adviser</span>' in table_row(html, "Da Nang")
    assert "flag-conflict" not in table_row(html, "Hanoi Mechanical JSC")


def test_locked_round_refuses_assignment_and_criterion_with_visible_messages(
    staff_client, staff, programme
):
    factories.AssessmentFactory(
        programme=programme, locked_at=datetime(2027, 1, 10, 9, 0, tzinfo=UTC), locked_by=staff
    )
    application = applicant(programme, "Hanoi Mechanical JSC")
    user = adviser(programme, "aoki")

    overview = staff_client.get(url("assessment", programme)).content.decode()
    assigned = staff_client.post(
        url("assignment.list", programme), {"application": application.pk, "adviser": user.pk}
    )
    criterion = staff_client.post(
        url("criterion.create", programme),
        {"name": "Export readiness", "scale_min": 0, "scale_max": 5, "weight": 1,
         "source": "manual"},
    )  # fmt: skip

    # Locked at 09:00 UTC is 18:00 in Tokyo, the programme's time zone.
    assert f"Locked on 2027-01-10 18:00 (Asia/Tokyo) by {staff.display_name()}" in overview
    locked = "The assessment round was locked on 2027-01-10 18:00"
    assert locked in assigned.content.decode()
    assert locked in criterion.content.decode()
    assert not Assignment.objects.exists()
    assert not Criterion.objects.exists()


# --- the ranking ------------------------------------------------------------------------------


def test_ranking_shows_totals_the_disagreement_flag_and_failed_thresholds(
    staff_client, programme, scored
):
    html = staff_client.get(url("ranking", programme)).content.decode()

    agreed, split = table_row(html, "Bangkok Moulds"), table_row(html, "Osaka Gears")
    assert '<td class="num total">80.0</td>' in agreed
    assert "Large disagreement" not in agreed
    assert "flag-failed" not in agreed
    assert '<td class="num total">50.0</td>' in split
    assert "Large disagreement" in split
    assert '<span class="chip flag-failed">Management capability</span>' in split
    assert html.index("Bangkok Moulds") < html.index("Osaka Gears")
    assert "Fewer than the programme needs." in html  # none selected, target 1–2


def test_ranking_filters_by_counterpart(staff_client, programme):
    opora = factories.OrganisationFactory(name="Opora Russia", country="RU")
    vcci = factories.OrganisationFactory(name="VCCI", country="VN")
    applicant(programme, "Sever Instruments LLC", counterpart=opora)
    applicant(programme, "Hanoi Mechanical JSC", counterpart=vcci)

    html = staff_client.get(url("ranking", programme), {"counterpart": "vcci"}).content.decode()

    assert "Hanoi Mechanical JSC" in html
    assert "Sever Instruments LLC" not in html
    assert staff_client.get(url("ranking", programme), {"counterpart": "nobody"}).status_code == 404


def test_decision_without_a_reason_is_refused_and_the_ticks_are_kept(
    staff_client, programme, scored
):
    response = staff_client.post(
        url("decision.create", programme),
        {"applications": [scored["agreed"].pk], "outcome": "select", "reason": ""},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Give the reason for the decision: it is kept on record." in html
    assert f'value="{scored["agreed"].pk}" id="pick-{scored["agreed"].pk}" checked' in html
    assert not Decision.objects.exists()


def test_decision_with_reviews_missing_needs_an_override_reason(staff_client, programme, scored):
    late = applicant(programme, "Late Reviews Co., Ltd.")
    review(late, adviser(programme, "chiba"), {scored["capability"]: 4}, complete=False)
    data = {"applications": [late.pk], "outcome": "waitlist", "reason": "Good fit"}

    refused = staff_client.post(url("decision.create", programme), data)
    accepted = staff_client.post(
        url("decision.create", programme), {**data, "override_reason": "Adviser fell ill"}
    )

    assert "Reviews are still missing for Late Reviews Co., Ltd." in refused.content.decode()
    assert refused.context["form"].errors["override_reason"] == [
        "Required when reviews are missing."
    ]
    assert accepted.status_code == 302
    decision = Decision.objects.get(application=late)
    assert (decision.outcome, decision.override_reason) == ("waitlist", "Adviser fell ill")
    late.refresh_from_db()
    assert late.status == S.WAITLISTED


def test_ranking_export_csv_has_the_columns_and_escapes_formulas(staff_client, programme, scored):
    scored["agreed"].company.legal_name = "=HYPERLINK(1)"
    scored["agreed"].company.save()

    response = staff_client.get(url("ranking.export", programme))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="{programme.slug}-ranking-' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Position", "Company", "Local name", "Country", "Counterpart", "Total (out of 100)",
        "Spread", "Large disagreement", "Failed thresholds", "Reviews done", "Reviews missing",
        "Management capability", "Decision", "Answer",
    ]  # fmt: skip
    assert rows[1][:3] == ["1", "'=HYPERLINK(1)", ""]
    assert rows[1][5:12] == ["80", "0", "", "", "2", "0", "4"]
    assert rows[2][1] == "Osaka Gears Co., Ltd."
    assert rows[2][5:12] == ["50", "100", "yes", "Management capability", "2", "0", "2.5"]


def test_ranking_export_xlsx_holds_numbers(staff_client, programme, scored):
    response = staff_client.get(url("ranking.export", programme), {"format": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][1] == "Company"
    assert rows[2][1:3] == ("Osaka Gears Co., Ltd.", None)
    assert rows[2][5:8] == (50, 100, "yes")
    assert rows[2][11] == 2.5
    assert response["Content-Disposition"].endswith('.xlsx"')


def test_ranking_list_queries_stay_flat(
    staff_client, programme, scored, django_assert_max_num_queries
):
    for number in range(8):
        extra = applicant(programme, f"Extra {number} Co., Ltd.")
        review(extra, adviser(programme, f"extra{number}"), {scored["capability"]: 3})

    # As many queries for 10 applicants as for 2: nothing is fetched row by row.
    with django_assert_max_num_queries(15):
        staff_client.get(url("ranking", programme))
    with django_assert_max_num_queries(13):
        staff_client.get(url("assignment.list", programme))


# --- invitations and participants -------------------------------------------------------------


def test_invitation_lists_the_sector_and_invites_the_ticked_company(staff_client, programme):
    gears = factories.JapaneseCompanyFactory(
        legal_name="Kawachi Gear Works", industries=["auto_parts"]
    )
    foods = factories.JapaneseCompanyFactory(
        legal_name="Sakai Foods", industries=["food_processing"]
    )

    page = staff_client.get(url("invitation.create", programme), {"sector": "auto_parts"})
    response = staff_client.post(
        url("invitation.create", programme),
        {"sector": "auto_parts", "companies": [gears.pk], "reason": "Recommended by METI"},
        follow=True,
    )

    assert "Kawachi Gear Works" in page.content.decode()
    assert "Sakai Foods" not in page.content.decode()
    assert response.redirect_chain[-1][0] == url("participant.list", programme)
    assert "1 company invited and asked by e-mail to confirm." in response.content.decode()
    decision = Decision.objects.get(application__company=gears)
    assert (decision.invited, decision.outcome, decision.reason) == (
        True, "select", "Recommended by METI",
    )  # fmt: skip
    assert "Invited from the registry" in table_row(response.content.decode(), "Kawachi Gear")
    assert not Application.objects.filter(company=foods).exists()


def test_invitation_without_a_company_is_refused(staff_client, programme):
    factories.JapaneseCompanyFactory(legal_name="Kawachi Gear Works")

    response = staff_client.post(url("invitation.create", programme), {"reason": "METI"})

    assert response.status_code == 200
    assert "Tick at least one company." in response.content.decode()
    assert not Decision.objects.exists()


def test_participants_show_the_answer_and_staff_record_a_decline(staff_client, programme):
    factories.DecisionFactory(
        application=applicant(programme, "Hanoi Mechanical JSC", status=S.SELECTED),
        response="confirmed",
        responded_at=datetime(2027, 1, 20, 1, 30, tzinfo=UTC),
        notified_at=datetime(2027, 1, 15, 0, 0, tzinfo=UTC),
    )
    pending = factories.DecisionFactory(
        application=applicant(programme, "Sever Instruments LLC", status=S.SELECTED)
    )

    html = staff_client.get(url("participant.list", programme)).content.decode()
    response = staff_client.post(
        url("participant.respond", programme, pending.application.pk),
        {"response": "declined", "note": "Cannot travel in February"},
        follow=True,
    )

    hanoi = table_row(html, "Hanoi Mechanical")
    assert "Confirmed participation" in hanoi
    assert "2027-01-20 10:30" in hanoi  # in Tokyo time
    assert "2027-01-15 09:00" in hanoi
    assert "awaiting" in table_row(html, "Sever Instruments")
    pending.refresh_from_db()
    assert (pending.response, pending.response_note) == ("declined", "Cannot travel in February")
    assert pending.application.status == S.WITHDRAWN
    assert "Sever Instruments LLC: “Declined” recorded." in response.content.decode()


# --- conflicts --------------------------------------------------------------------------------


def test_an_adviser_sees_and_declares_only_their_own_conflicts(client, programme):
    me, other = adviser(programme, "aoki"), adviser(programme, "baba")
    mine = applicant(programme, "Hanoi Mechanical JSC")
    theirs = applicant(programme, "Sever Instruments LLC")
    factories.ConflictFactory(programme=programme, adviser=other, company=theirs.company)
    client.force_login(me)

    response = client.post(
        url("conflict.list", programme),
        {"adviser": other.pk, "company": mine.company_id, "reason": "My brother works there"},
        follow=True,
    )

    html = response.content.decode()
    assert "My brother works there" in html
    assert "Former employer" not in html  # the other adviser's conflict
    assert set(programme.conflicts.values_list("adviser", "company")) == {
        (me.pk, mine.company_id),
        (other.pk, theirs.company_id),
    }


def test_programme_page_links_staff_to_the_round_and_advisers_to_their_reviews(
    client, programme, role_users
):
    links = {
        "round": f'href="{url("assessment", programme)}"',
        "reviews": f'href="{reverse("matching:review.list", args=[programme.slug])}"',
    }
    shown = {}
    for role in ("staff", "adviser", "counterpart"):
        client.force_login(role_users[role])
        html = client.get(reverse("programmes:programme.detail", args=[programme.slug]))
        shown[role] = {name for name, link in links.items() if link in html.content.decode()}

    assert shown == {"staff": {"round"}, "adviser": {"reviews"}, "counterpart": set()}

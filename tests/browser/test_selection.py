"""The issue's journey for assessment and selection, in a real browser: staff set a criterion
with a threshold and auto-assign 35 applications to 4 advisers (one conflict declared); an
adviser sees and scores only their own (the running total moves as they type); the ranking shows
totals and failed thresholds; staff select 15 and waitlist two, tell the companies; a selected
Russian company sees its result in Russian and declines; staff promote the next on the list."""

import re
from decimal import Decimal

from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from companies.models import Application
from matching import selectors
from matching.models import Assignment, Criterion, Decision
from matching.services.reviews import review_save
from programmes.models import Role
from tests import factories
from tests.browser.test_journeys import log_in, shot

S = Application.Status


def _round():
    programme = factories.ProgrammeFactory(slug="ceo-network-2027", title="CEO Network 2027")
    factories.AssessmentFactory(programme=programme)
    factories.StaffUserFactory(username="staff")
    advisers = []
    for name in ("sato", "ito", "suzuki", "watanabe"):
        adviser = factories.UserFactory(username=f"adviser-{name}")
        factories.ProgrammeRoleFactory(programme=programme, user=adviser, role=Role.ADVISER)
        advisers.append(adviser)
    factories.CriterionFactory(
        programme=programme,
        name="Management and capacity abroad",
        name_ru="Управление и готовность работать за рубежом",
        scale_min=0,
        scale_max=10,
        weight=Decimal("2"),
        threshold=Decimal("4"),
    )
    factories.CriterionFactory(
        programme=programme,
        name="No prior Japanese partner",
        scale_min=0,
        scale_max=5,
        weight=Decimal("0.5"),
        threshold=Decimal("1"),
        source=Criterion.Source.JAPANESE_PARTNERS,
        auto_rule={"yes": "0", "no": "5"},
    )
    applications = []
    for i in range(35):
        russian = i == 0
        company = factories.CompanyFactory(
            legal_name="Ural Machine-Tool Works LLC" if russian else f"Applicant {i:02d} Co., Ltd.",
            country="RU" if russian else ("VN" if i % 2 else "TH"),
            year_founded=1990 + i % 20,
            japanese_partner_experience=i % 7 == 3,
            contact_email=f"ceo{i}@applicant.example",
        )
        applications.append(
            factories.ApplicationFactory(
                programme=programme,
                company=company,
                status=S.ELIGIBLE,
                eligible=True,
                language="ru" if russian else "en",
            )
        )
    factories.ConflictFactory(
        programme=programme, adviser=advisers[1], company=applications[5].company
    )
    return programme, advisers, applications


def test_staff_assess_select_15_and_a_decline_promotes_the_waiting_list(page, transactional_db):
    programme, advisers, applications = _round()
    base = f"{page.base_url}/programmes/{programme.slug}/assessment"

    # Staff add a criterion filled from the application, with a threshold.
    log_in(page, "staff")
    page.goto(f"{base}/")
    page.click("text=Add criterion")
    page.fill("#id_name", "Business history")
    page.fill("#id_scale_min", "1")
    page.fill("#id_scale_max", "5")
    page.fill("#id_threshold", "2")
    page.select_option("#id_source", "years_in_business")
    page.fill("#id_bands", "0 = 1\n5 = 2\n10 = 3\n20 = 4\n30 = 5")
    page.click("button[type=submit].primary")
    page.wait_for_selector("text=Business history")
    assert Criterion.objects.get(name="Business history").auto_rule["bands"][1] == ["5", "2"]
    shot(page, "assessment-overview")

    # ...and assign automatically: 70 reviews, balanced, never the declared conflict.
    page.goto(f"{base}/assignments/")
    page.click("button:has-text('Assign automatically')")
    page.wait_for_selector(".messages, [role=status]")
    loads = sorted(Assignment.objects.filter(adviser=a).count() for a in advisers)
    assert sum(loads) == 70 and loads[-1] - loads[0] <= 1, loads
    assert not Assignment.objects.filter(adviser=advisers[1], application=applications[5]).exists()
    shot(page, "assessment-assignments")

    # An adviser sees only their own applications and scores one; the total moves as they type.
    page.context.clear_cookies()
    log_in(page, "adviser-ito")
    page.goto(f"{page.base_url}/programmes/{programme.slug}/reviews/")
    own = Assignment.objects.filter(adviser=advisers[1])
    assert page.locator("table tbody tr").count() == own.count()
    mine = own.order_by("pk").first()
    page.goto(f"{page.base_url}/programmes/{programme.slug}/reviews/{mine.pk}/")
    before = page.inner_text("output[data-running-total]")
    manual = Criterion.objects.get(programme=programme, name="Management and capacity abroad")
    page.fill(f"[name=score_{manual.pk}]", "9")
    page.locator("input[name=recommendation][value=select]").check()
    page.wait_for_function(
        "before => document.querySelector('output[data-running-total]').textContent !== before",
        arg=before,
    )
    shot(page, "review-scoring")
    page.click("form.review-form button[type=submit].primary")
    page.wait_for_selector("text=Saved")
    mine.refresh_from_db()
    assert mine.recommendation == "select"
    others = Assignment.objects.exclude(adviser=advisers[1]).first()
    response = page.goto(f"{page.base_url}/programmes/{programme.slug}/reviews/{others.pk}/")
    assert response.status == 404

    # The other reviews are scored through the same service (the Russian company scores best).
    criteria = list(selectors.criterion_list(programme))
    for assignment in Assignment.objects.select_related("adviser", "application"):
        index = applications.index(assignment.application)
        value = 10 if index == 0 else 2 + (index * 7) % 9
        review_save(
            assignment,
            by=assignment.adviser,
            scores={c.pk: min(value, c.scale_max) for c in criteria if not c.is_automatic},
            recommendation="select" if value >= 6 else "reject",
        )

    # Staff read the ranking: totals and failed thresholds; select the best 15.
    page.context.clear_cookies()
    log_in(page, "staff")
    page.goto(f"{base}/ranking/")
    assert page.locator("tr.fails").count() > 0
    assert page.locator(".flag-failed", has_text="No prior Japanese partner").count() > 0
    ranked = [entry for entry in selectors.ranking(programme) if entry.row.passes]
    for entry in ranked[:15]:
        page.check(f"#pick-{entry.application.pk}")
    page.select_option("#id_outcome", "select")
    page.fill("#id_reason", "Best weighted totals with every threshold met")
    page.click("#decision-form button[type=submit].primary")
    page.wait_for_load_state()
    assert Application.objects.filter(programme=programme, status=S.SELECTED).count() == 15
    shot(page, "ranking-selected")
    for entry in ranked[15:17]:
        page.check(f"#pick-{entry.application.pk}")
    page.select_option("#id_outcome", "waitlist")
    page.fill("#id_reason", "Next best; offered a place if one becomes free")
    page.click("#decision-form button[type=submit].primary")
    page.wait_for_load_state()
    page.click("a:has-text('Tell the companies')")
    page.wait_for_load_state()
    assert page.locator("td.num").all_inner_texts()  # the e-mails by kind and language
    page.click("button:has-text('Send 17 e-mails')")
    page.wait_for_load_state()
    assert len(mail.outbox) == 17

    # The Russian company reads its result in Russian and declines.
    russian = applications[0]
    letter = next(m for m in mail.outbox if russian.access_token in m.body)
    with translation.override("ru"):
        selected_heading = gettext("Your company is selected")
    assert selected_heading != "Your company is selected"  # the Russian catalogue has it
    page.context.clear_cookies()
    page.goto(re.search(r"https?://\S+", letter.body).group(0).replace(
        "http://127.0.0.1:8000", page.base_url
    ))  # fmt: skip
    page.wait_for_selector("html[lang=ru]")
    assert selected_heading in page.inner_text("#participation")
    shot(page, "participation-ru")
    page.click("#participation summary")
    page.fill("#participation-note", "Не успеваем оформить визы")
    page.click("#participation button.danger")
    page.wait_for_load_state()
    russian.refresh_from_db()
    assert russian.status == S.WITHDRAWN
    assert russian.decision.response == Decision.Response.DECLINED

    # Staff promote the first on the waiting list, who is told at once.
    log_in(page, "staff")
    page.goto(f"{base}/ranking/")
    page.click("button:has-text('Promote next on the waiting list')")
    page.wait_for_load_state()
    promoted = ranked[15].application
    promoted.refresh_from_db()
    assert promoted.status == S.SELECTED and promoted.decision.promoted
    assert promoted.access_token in mail.outbox[-1].body
    assert Application.objects.filter(programme=programme, status=S.SELECTED).count() == 15
    shot(page, "ranking-promoted")

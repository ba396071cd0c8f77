"""The demo's assessment round: what `make demo` loads, and the --assign --score shortcut."""

from django.core.management import call_command

from matching import selectors
from matching.models import Assignment, Conflict, Criterion
from programmes.models import Programme


def _load(*args):
    call_command("load_demo", "--quiet")
    call_command("load_demo_applications", "--quiet")
    call_command("load_demo_assessment", "--quiet", *args)


def test_the_demo_round_has_35_applicants_4_advisers_criteria_and_one_conflict(db):
    _load()
    _load()  # idempotent

    programme = Programme.objects.get(slug="ceo-network-2027-vn-th")
    assert selectors.pool(programme).count() == 35
    assert sorted(u.username for u in selectors.adviser_list(programme)) == [
        "adviser", "adviser-ito", "adviser-suzuki", "adviser-watanabe",
    ]  # fmt: skip
    criteria = Criterion.objects.filter(programme=programme)
    assert criteria.count() == 6
    assert criteria.filter(threshold__isnull=False).count() == 5
    assert criteria.exclude(source=Criterion.Source.MANUAL).count() == 4
    conflict = Conflict.objects.get(programme=programme)
    assert (conflict.adviser.username, conflict.company.legal_name) == (
        "adviser-ito",
        "Siam Auto Components Co., Ltd.",
    )
    assert not Assignment.objects.exists()


def test_assign_and_score_fill_the_ranking_without_the_conflicted_pair(db):
    _load("--assign", "--score")

    programme = Programme.objects.get(slug="ceo-network-2027-vn-th")
    assert Assignment.objects.filter(programme=programme).count() == 70
    assert not Assignment.objects.filter(
        adviser__username="adviser-ito", application__company__legal_name__startswith="Siam Auto"
    ).exists()
    rows = selectors.ranking(programme)
    assert len(rows) == 35
    assert all(entry.row.total is not None and entry.row.reviews_missing == 0 for entry in rows)
    assert sum(entry.row.passes for entry in rows) >= 15
    assert any(entry.row.disagreement for entry in rows)
    assert any("No prior Japanese partner" in entry.failed_names for entry in rows)

"""The matching demo that `make demo` loads, and a schedule run on it."""

import io
import json

from django.core.management import call_command

from companies.models import Company
from core.models import User
from matching.models import Decision
from programmes.models import Programme, ProgrammeRole
from scheduling import selectors
from scheduling.models import (
    Attendance,
    MeetingRequest,
    OverseasTable,
    PairScore,
    SchedulingSettings,
    Unavailability,
)

SLUG = "ceo-network-2027-vn-th"


def _snapshot():
    return {
        "companies": sorted(Company.objects.values_list("pk", "legal_name")),
        "users": sorted(User.objects.values_list("pk", "username")),
        "roles": sorted(ProgrammeRole.objects.values_list("pk", "user_id", "role")),
        "decisions": sorted(
            Decision.objects.values_list("pk", "application_id", "outcome", "response", "invited")
        ),
        "requests": sorted(
            MeetingRequest.objects.values_list("pk", "company", "target", "preference", "note")
        ),
        "scores": sorted(
            PairScore.objects.values_list("pk", "overseas", "domestic", "adjustment", "blocked")
        ),
        "attendance": sorted(Attendance.objects.values_list("pk", "activity", "company")),
        "away": sorted(Unavailability.objects.values_list("pk", "company", "starts_at")),
        "tables": sorted(
            OverseasTable.objects.values_list("pk", "company", "number", "interpreter")
        ),
        "settings": sorted(SchedulingSettings.objects.values_list("pk", "domestic_min_meetings")),
    }


def test_demo_matching_is_idempotent_and_schedules_at_the_bound(db):
    call_command("load_demo", "--quiet")
    call_command("load_demo_applications", "--quiet")
    call_command("load_demo_assessment", "--quiet")
    call_command("load_demo_matching", "--quiet")
    first = _snapshot()
    call_command("load_demo_matching", "--quiet")
    assert _snapshot() == first

    programme = Programme.objects.get(slug=SLUG)
    overseas = list(selectors.overseas_participants(programme))
    domestic = list(selectors.domestic_participants(programme))
    assert len(overseas) == 20 and len(domestic) == 100
    assert {str(c.country) for c in overseas} == {"VN", "TH"}
    assert "Saigon Auto Parts JSC" in {c.legal_name for c in overseas}
    assert "Naniwa Precision Co., Ltd." in {c.legal_name for c in domestic}
    tables = OverseasTable.objects.filter(programme=programme)
    assert sorted(tables.values_list("number", flat=True)) == list(range(1, 21))
    assert tables.filter(interpreter__isnull=False).count() == 20
    preferences = set(MeetingRequest.objects.values_list("preference", flat=True))
    assert preferences == {"must", "like", "no"}
    assert PairScore.objects.filter(blocked=True).count() == 2
    assert PairScore.objects.exclude(adjustment=0).count() == 6
    assert Unavailability.objects.filter(programme=programme).count() == 1

    out = io.StringIO()
    call_command("schedule_run", "--programme", SLUG, "--time-limit", "30", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["ratio"] >= 0.99
    assert result["meetings"] > 500
    assert result["per_company"]["domestic"]["min"] >= 2
    assert result["unmet_must"] == 2  # declined by the overseas side, and a blocked pair

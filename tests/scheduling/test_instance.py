"""Building the optimiser's instance from the programme (docs/scheduling.md)."""

from matching.optimizer import parse_instance
from scheduling.instance import build
from scheduling.models import SchedulingSettings
from tests import factories
from tests.factories import local

from .conftest import code

ALL = [0, 1, 2, 3, 4, 5, 6]


def test_sessions_become_days_and_slots(scenario):
    built = build(scenario.programme)
    instance = built.instance()
    parse_instance(instance)  # valid for the optimiser
    assert (instance["days"], instance["slots_per_day"]) == (2, 4)
    assert [s["slot"] for s in built.slots] == ALL  # slot 7 (day 2 has 3 slots) does not exist
    first_tokyo = built.slot_map()["slots"][4]
    assert first_tokyo["activity"] == scenario.sessions[1].pk
    assert first_tokyo["starts_at"] == "2027-02-16T04:00:00+00:00"  # 13:00 in Tokyo, in UTC
    assert first_tokyo["ends_at"] == "2027-02-16T04:30:00+00:00"
    assert [o["id"] for o in instance["overseas"]] == [code(c) for c in scenario.overseas]
    assert all(entry["available"] == ALL for entry in instance["overseas"] + instance["domestic"])
    assert all(entry["min_meetings"] == 2 for entry in instance["domestic"])
    assert all("max_meetings" not in entry for entry in instance["overseas"])
    assert len(instance["scores"]) == 8 and {s[2] for s in instance["scores"]} == {4}
    assert "interpreters" not in instance  # table mode: each table has its interpreter
    assert built.slot_map()["tables"] == {code(scenario.overseas[0]): 1,
                                          code(scenario.overseas[1]): 2}  # fmt: skip


def test_attended_activities_take_time_and_decide_the_city(scenario):
    programme, jp = scenario.programme, scenario.domestic[0]
    seminar = factories.SeminarFactory(
        programme=programme,
        venue=scenario.sessions[0].venue,  # in Osaka
        starts_at=local(programme, scenario.day1, 13, 30),
        ends_at=local(programme, scenario.day1, 14),
    )
    factories.AttendanceFactory(activity=seminar, company=jp)
    # Attending a Tokyo session adds Tokyo; it takes no time of its own.
    factories.AttendanceFactory(activity=scenario.sessions[1], company=scenario.domestic[1])
    factories.AttendanceFactory(activity=scenario.sessions[0], company=scenario.domestic[1])
    available = {e["id"]: e["available"] for e in build(programme).instance()["domestic"]}
    assert available[code(jp)] == [0, 2, 3]  # slot 1 is the seminar; no Tokyo session
    assert available[code(scenario.domestic[1])] == ALL


def test_unavailability_removes_overlapping_slots(scenario):
    programme = scenario.programme
    factories.UnavailabilityFactory(
        programme=programme, company=scenario.domestic[1],
        starts_at=local(programme, scenario.day2, 13, 15),
        ends_at=local(programme, scenario.day2, 14),
    )  # fmt: skip
    # A table interpreter's absence is the overseas company's absence.
    factories.UnavailabilityFactory(
        programme=programme, company=None, interpreter=scenario.interpreters[0],
        starts_at=local(programme, scenario.day1, 13),
        ends_at=local(programme, scenario.day1, 13, 30),
    )  # fmt: skip
    instance = build(programme).instance()
    domestic = {e["id"]: e["available"] for e in instance["domestic"]}
    overseas = {e["id"]: e["available"] for e in instance["overseas"]}
    assert domestic[code(scenario.domestic[1])] == [0, 1, 2, 3, 6]
    assert overseas[code(scenario.overseas[0])] == [1, 2, 3, 4, 5, 6]
    assert overseas[code(scenario.overseas[1])] == ALL


def test_caps_and_minimums_come_from_the_settings(scenario):
    factories.SchedulingSettingsFactory(
        programme=scenario.programme,
        overseas_max_per_day=2,
        domestic_min_meetings=1,
        domestic_max_meetings=3,
    )
    instance = build(scenario.programme).instance()
    assert {e["max_per_day"] for e in instance["overseas"]} == {2}  # a cap per session
    assert not any("max_meetings" in e for e in instance["overseas"])
    assert {(e["min_meetings"], e["max_meetings"]) for e in instance["domestic"]} == {(1, 3)}


def test_scores_combine_requests_both_ways_and_advisers(scenario):
    programme = scenario.programme
    o1, o2 = scenario.overseas
    j1, j2, j3, j4 = scenario.domestic
    programme.meeting_requests.filter(company=j1, target=o1).update(preference="must")
    factories.MeetingRequestFactory(programme=programme, company=o1, target=j1, preference="like")
    factories.MeetingRequestFactory(programme=programme, company=o2, target=j2, preference="no")
    factories.PairScoreFactory(programme=programme, overseas=o1, domestic=j3, adjustment=-4)
    factories.PairScoreFactory(programme=programme, overseas=o2, domestic=j3, adjustment=2)
    factories.PairScoreFactory(
        programme=programme, overseas=o2, domestic=j4, adjustment=5, blocked=True,
        reason_kind="competitor",
    )  # fmt: skip
    # Requests by or for companies not taking part are ignored.
    outsider = factories.JapaneseCompanyFactory()
    factories.MeetingRequestFactory(programme=programme, company=outsider, target=o1)
    built = build(programme)
    scores = {(o, d): s for o, d, s in built.instance()["scores"]}
    assert scores == {
        (code(o1), code(j1)): 10 + 4 + 2,
        (code(o2), code(j1)): 4,
        (code(o1), code(j2)): 4,
        (code(o2), code(j3)): 4 + 2,
        (code(o1), code(j4)): 4,
    }  # o2×j2 declined, o1×j3 scored 0, o2×j4 blocked
    assert built.combined[(code(o2), code(j2))].excluded == "declined_by_overseas"
    assert built.combined[(code(o2), code(j4))].excluded == "blocked"
    assert built.musts == [{"by": code(j1), "overseas": code(o1), "domestic": code(j1)}]


def test_pool_mode_lists_interpreters_per_language(scenario):
    programme = scenario.programme
    factories.SchedulingSettingsFactory(programme=programme, interpreter_mode="pool")
    programme.overseas_tables.filter(company=scenario.overseas[0]).update(language="vi")
    pooled = factories.PoolInterpreterFactory(programme=programme, language="vi")
    factories.UnavailabilityFactory(
        programme=programme, company=None, interpreter=pooled.user,
        starts_at=local(programme, scenario.day2, 13), ends_at=local(programme, scenario.day2, 18),
    )  # fmt: skip
    instance = build(programme).instance()
    assert instance["interpreters"] == [{"language": "vi", "available": [0, 1, 2, 3]}]
    languages = {e["id"]: e.get("language") for e in instance["overseas"]}
    assert languages == {code(scenario.overseas[0]): "vi", code(scenario.overseas[1]): None}


def test_overseas_company_without_a_table_gets_the_next_number(scenario):
    programme = scenario.programme
    newcomer = factories.OverseasParticipantFactory(
        application__programme=programme, application__company__legal_name="Bangkok Moulds"
    ).application.company
    factories.MeetingRequestFactory(programme=programme, company=scenario.domestic[0],
                                    target=newcomer)  # fmt: skip
    built = build(programme)
    last = built.overseas[-1]
    assert (last.company, last.table_number, last.table_is_new) == (newcomer, 3, True)


def test_settings_defaults_without_a_row(scenario):
    settings = SchedulingSettings.get_for(scenario.programme)
    assert settings.pk is None and settings.domestic_min_meetings == 2
    assert settings.interpreter_mode == "table"

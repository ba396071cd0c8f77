"""Balanced assignment of applications to advisers: conflicts, distinct advisers, even loads."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from matching.assessment.assign import Plan, balance

SETTINGS = settings(max_examples=200, deadline=None, derandomize=True)


@st.composite
def rounds(draw, *, with_conflicts=True, with_existing=True):
    applications = list(range(1, draw(st.integers(0, 25)) + 1))
    advisers = [f"adviser-{n}" for n in range(draw(st.integers(1, 7)))]
    per_application = draw(st.integers(1, 5))
    pairs = st.tuples(st.sampled_from(applications), st.sampled_from(advisers))
    conflicts = set()
    existing = set()
    if applications and with_conflicts:
        conflicts = draw(st.sets(pairs, max_size=20))
    if applications and with_existing:
        existing = draw(st.sets(pairs, max_size=12)) - conflicts
    return applications, advisers, per_application, existing, conflicts


def _after(plan: Plan, existing: set) -> Counter:
    return Counter(application for application, _adviser in [*existing, *plan.new])


@SETTINGS
@given(rounds())
def test_balance_never_assigns_a_conflicted_pair_nor_an_adviser_twice(case):
    applications, advisers, per_application, existing, conflicts = case
    plan = balance(applications, advisers, per_application, existing=existing, conflicts=conflicts)
    assert not set(plan.new) & conflicts
    assert not set(plan.new) & existing
    assert len(set(plan.new)) == len(plan.new)
    assert all(adviser in advisers for _application, adviser in plan.new)


@SETTINGS
@given(rounds())
def test_balance_gives_each_application_its_reviews_when_advisers_allow(case):
    applications, advisers, per_application, existing, conflicts = case
    plan = balance(applications, advisers, per_application, existing=existing, conflicts=conflicts)
    after = _after(plan, existing)
    for application in applications:
        have = {adviser for a, adviser in existing if a == application}
        admissible = [
            adviser
            for adviser in advisers
            if adviser not in have and (application, adviser) not in conflicts
        ]
        wanted = max(len(have), min(per_application, len(have) + len(admissible)))
        assert after[application] == wanted
        missing = max(0, per_application - wanted)
        assert plan.short.get(application, 0) == missing
    assert set(plan.short) <= set(applications)
    assert all(value > 0 for value in plan.short.values())


@SETTINGS
@given(rounds())
def test_balance_reports_the_loads_after_the_plan(case):
    applications, advisers, per_application, existing, conflicts = case
    plan = balance(applications, advisers, per_application, existing=existing, conflicts=conflicts)
    counted = Counter(adviser for _application, adviser in [*existing, *plan.new])
    assert plan.loads == {adviser: counted[adviser] for adviser in advisers}


@SETTINGS
@given(rounds(with_conflicts=False, with_existing=False))
def test_balance_without_conflicts_keeps_loads_within_one(case):
    applications, advisers, per_application, _existing, _conflicts = case
    plan = balance(applications, advisers, per_application)
    loads = plan.loads.values()
    assert max(loads) - min(loads) <= 1
    assert sum(loads) == len(applications) * min(per_application, len(advisers))


@SETTINGS
@given(rounds())
def test_balance_is_deterministic_whatever_order_the_pairs_come_in(case):
    applications, advisers, per_application, existing, conflicts = case
    first = balance(applications, advisers, per_application, existing=existing, conflicts=conflicts)
    again = balance(
        applications,
        advisers,
        per_application,
        existing=sorted(existing, reverse=True),  # any iterable order, as lists
        conflicts=sorted(conflicts, reverse=True),
    )
    assert (first.new, first.short, first.loads) == (again.new, again.short, again.loads)


@SETTINGS
@given(rounds())
def test_balance_run_again_on_its_own_result_adds_nothing_new(case):
    applications, advisers, per_application, existing, conflicts = case
    plan = balance(applications, advisers, per_application, existing=existing, conflicts=conflicts)
    again = balance(
        applications,
        advisers,
        per_application,
        existing=existing | set(plan.new),
        conflicts=conflicts,
    )
    assert again.new == []
    assert again.short == plan.short
    assert again.loads == plan.loads


def test_balance_spreads_35_applications_over_4_advisers_17_or_18_each():
    plan = balance(list(range(35)), ["a", "b", "c", "d"], 2, conflicts={(0, "a")})
    assert len(plan.new) == 70
    assert sorted(plan.loads.values()) == [17, 17, 18, 18]
    assert (0, "a") not in plan.new
    assert plan.short == {}


def test_balance_reports_applications_short_of_advisers():
    plan = balance([1, 2], ["a", "b", "c"], 3, conflicts={(1, "a"), (1, "b")})
    assert sorted(plan.new) == [(1, "c"), (2, "a"), (2, "b"), (2, "c")]
    assert plan.short == {1: 2}


def test_balance_with_fewer_advisers_than_reviews_gives_each_all_advisers():
    plan = balance([1, 2, 3], ["a", "b"], 3)
    assert Counter(application for application, _ in plan.new) == {1: 2, 2: 2, 3: 2}
    assert plan.short == {1: 1, 2: 1, 3: 1}
    assert plan.loads == {"a": 3, "b": 3}


def test_balance_keeps_existing_assignments_and_counts_them_in_the_loads():
    existing = {(1, "a"), (2, "a"), (9, "a")}  # application 9 is decided: still a's work
    plan = balance([1, 2, 3], ["a", "b"], 1, existing=existing)
    assert plan.new == [(3, "b")]
    assert plan.loads == {"a": 3, "b": 1}


def test_balance_gives_the_most_constrained_application_first_pick():
    # Application 2 can only go to "a"; served first it gets "a" even though "a" comes first
    # for everyone else too.
    plan = balance([1, 2], ["a", "b"], 1, conflicts={(2, "b")})
    assert sorted(plan.new) == [(1, "b"), (2, "a")]


def test_balance_with_an_adviser_listed_twice_still_assigns_them_once():
    plan = balance([1], ["a", "a", "b"], 2)
    assert sorted(plan.new) == [(1, "a"), (1, "b")]
    assert plan.loads == {"a": 1, "b": 1}


def test_balance_of_nothing_is_an_empty_plan():
    assert balance([], ["a"], 2) == Plan(new=[], short={}, loads={"a": 0})

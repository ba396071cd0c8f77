"""The quality of a schedule for staff: score against the proven bound, meetings per company,
who got no meeting or fewer than the minimum and why, which "must meet" requests were not met
and why. Pure: it reads the optimiser's instance and schedule dicts only.

Reasons ("why") are codes; scheduling/texts.py turns them into sentences:

- ``unavailable``: the company has no free slot in any session;
- ``no_positive_score``: no pair of the company has a positive score;
- ``no_common_slot``: none of its partners is free when it is;
- ``capacity``: its partners' free slots went to better-scored meetings;
- (must-meet only) ``blocked``, ``declined_by_domestic``, ``declined_by_overseas``,
  ``not_scored``, ``at_cap`` (one of the two reached its maximum, in all or on every day
  both were free: ``max_per_day``).
"""

from collections import Counter

from .combine import spread


def _ratio(objective, bound) -> float:
    if not bound:
        return 1.0
    return round(objective / bound, 6)


def assess(
    instance: dict,
    schedule: dict,
    *,
    excluded: dict[tuple[str, str], str] | None = None,
    musts: list[dict] | None = None,
) -> dict:
    """The quality dict stored with a schedule (see Schedule.quality)."""
    excluded = excluded or {}
    meetings = schedule["meetings"]
    count = Counter()
    for m in meetings:
        count[m["overseas"]] += 1
        count[m["domestic"]] += 1
    total = instance["days"] * instance["slots_per_day"]
    free = {
        c["id"]: set(c.get("available", range(total)))
        for c in instance["overseas"] + instance["domestic"]
    }
    caps = {c["id"]: c.get("max_meetings") for c in instance["overseas"] + instance["domestic"]}
    spd = instance["slots_per_day"]
    day_caps = {
        c["id"]: c["max_per_day"]
        for c in instance["overseas"] + instance["domestic"]
        if c.get("max_per_day") is not None
    }
    per_day = Counter()
    for m in meetings:
        per_day[(m["overseas"], m["slot"] // spd)] += 1
        per_day[(m["domestic"], m["slot"] // spd)] += 1

    def day_full(pair) -> bool:
        """Every day the two are both free, one of them is at its daily cap."""
        days = {t // spd for t in free[pair[0]] & free[pair[1]]}
        return bool(days) and all(
            any(c in day_caps and per_day[(c, day)] >= day_caps[c] for c in pair) for day in days
        )

    partners: dict[str, list[str]] = {}
    score = {}
    for o, d, s in instance["scores"]:
        if s > 0:
            partners.setdefault(o, []).append(d)
            partners.setdefault(d, []).append(o)
            score[(o, d)] = s
    met = {(m["overseas"], m["domestic"]) for m in meetings}

    def why(code: str) -> str:
        if not free[code]:
            return "unavailable"
        if not partners.get(code):
            return "no_positive_score"
        if not any(free[code] & free[p] for p in partners[code]):
            return "no_common_slot"
        return "capacity"

    no_meeting = [
        {"company": c["id"], "side": side, "why": why(c["id"])}
        for side in ("overseas", "domestic")
        for c in instance[side]
        if not count[c["id"]]
    ]
    under_minimum = [
        {
            "company": c["id"],
            "meetings": count[c["id"]],
            "minimum": c.get("min_meetings", 0),
            "why": why(c["id"]),
        }
        for c in instance["domestic"]
        if count[c["id"]] < c.get("min_meetings", 0)
    ]
    unmet_must = []
    seen = set()
    for request in musts or []:
        pair = (request["overseas"], request["domestic"])
        if pair in met or (request["by"], pair) in seen:
            continue
        seen.add((request["by"], pair))
        o, d = pair
        if pair in excluded:
            reason = excluded[pair]
        elif pair not in score:
            reason = "not_scored"
        elif not free[o] & free[d]:
            reason = "no_common_slot"
        elif any(caps[c] is not None and count[c] >= caps[c] for c in pair) or day_full(pair):
            reason = "at_cap"
        else:
            reason = "capacity"
        unmet_must.append({"by": request["by"], "overseas": o, "domestic": d, "why": reason})
    return {
        "status": schedule["status"],
        "objective": schedule["objective"],
        "upper_bound": schedule["upper_bound"],
        "ratio": _ratio(schedule["objective"], schedule["upper_bound"]),
        "seconds": schedule.get("seconds"),
        "meetings": len(meetings),
        "per_company": {
            "overseas": spread(count[c["id"]] for c in instance["overseas"]),
            "domestic": spread(count[c["id"]] for c in instance["domestic"]),
        },
        "no_meeting": no_meeting,
        "under_minimum": under_minimum,
        "unmet_must": unmet_must,
    }

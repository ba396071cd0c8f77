"""A stored schedule in the optimiser's file formats (docs/optimizer.md), for schedule_export."""

from .instance import company_code
from .models import Meeting, Schedule


def schedule_files(schedule: Schedule) -> dict[str, dict]:
    """{"instance.json": ..., "schedule.json": ..., "slots.json": ...} of a stored schedule.
    Meetings come from the database (planned and held ones), so hand edits are included."""
    codes = {pk: code for code, pk in (schedule.slot_map.get("companies") or {}).items()}
    meetings = (
        schedule.meetings.filter(status__in=[Meeting.Status.PLANNED, Meeting.Status.HELD])
        .select_related("overseas", "domestic", "table")
        .order_by("slot", "id")
    )
    rows = []
    for meeting in meetings:
        rows.append(
            {
                "overseas": codes.get(meeting.overseas_id) or company_code(meeting.overseas),
                "domestic": codes.get(meeting.domestic_id) or company_code(meeting.domestic),
                "slot": meeting.slot,
                "table": meeting.table.number,
                "session": meeting.activity_id,
                "score": meeting.score,
            }
        )
    rows.sort(key=lambda r: (r["slot"], r["overseas"], r["domestic"]))
    quality = schedule.quality or {}
    solved = {
        "meetings": [
            {"overseas": r["overseas"], "domestic": r["domestic"], "slot": r["slot"]} for r in rows
        ],
        "objective": sum(r["score"] for r in rows),
        "upper_bound": quality.get("upper_bound"),
        "status": quality.get("status"),
        "seconds": quality.get("seconds"),
    }
    slots = {
        "slots": [
            {
                "slot": s["slot"],
                "session": s["activity"],
                "index": s["index"],
                "starts_at": s["starts_at"],
                "ends_at": s["ends_at"],
            }
            for s in (schedule.slot_map.get("slots") or [])
        ],
        "meetings": [
            {
                "overseas": r["overseas"],
                "domestic": r["domestic"],
                "slot": r["slot"],
                "session": r["session"],
                "table": r["table"],
            }
            for r in rows
        ],
    }
    return {"instance.json": schedule.instance, "schedule.json": solved, "slots.json": slots}

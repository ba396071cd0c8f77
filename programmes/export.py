"""The programme workbook: activities and the meeting-slot grid, in the programme's time zone.
Names staff typed (titles, venues, tables) are escaped against formula injection
(core.spreadsheets.escape_formula)."""

from io import BytesIO

from django.utils.translation import gettext as _

from core.spreadsheets import escape_formula

from .models import Programme


def build_workbook(programme: Programme, activities, *, on_progress=None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Activities")[:31]
    tz = programme.time_zone
    sheet.append([
        _("Day"), _("Starts (%(tz)s)") % {"tz": tz}, _("Ends (%(tz)s)") % {"tz": tz},
        _("Kind"), _("Title"), _("Venue"), _("City"), _("Tables"), _("Meeting slots"),
    ])  # fmt: skip
    slots_sheet = book.create_sheet(_("Meeting slots")[:31])
    slots_sheet.append([
        _("Session"), _("Table"), _("Slot"), _("Starts (%(tz)s)") % {"tz": tz},
        _("Ends (%(tz)s)") % {"tz": tz},
    ])  # fmt: skip
    for sheet_ in (sheet, slots_sheet):
        for cell in sheet_[1]:
            cell.font = Font(bold=True)
    total = len(activities)
    for done, activity in enumerate(activities, start=1):
        start, end = programme.local(activity.starts_at), programme.local(activity.ends_at)
        slots = activity.slots()
        tables = list(activity.tables.all())
        sheet.append([
            start.date().isoformat(), start.strftime("%H:%M"), end.strftime("%H:%M"),
            str(activity.get_kind_display()), escape_formula(activity.display_title),
            escape_formula(activity.venue.name), escape_formula(activity.venue.city),
            len(tables) or "", len(slots) or "",
        ])  # fmt: skip
        for table in tables:
            for slot in slots:
                slots_sheet.append([
                    escape_formula(activity.display_title), escape_formula(str(table)),
                    slot.index + 1,
                    programme.local(slot.starts_at).strftime("%Y-%m-%d %H:%M"),
                    programme.local(slot.ends_at).strftime("%H:%M"),
                ])  # fmt: skip
        if on_progress:
            on_progress(done, total)
    for sheet_ in (sheet, slots_sheet):
        for column in sheet_.columns:
            width = max(len(str(cell.value or "")) for cell in column)
            sheet_.column_dimensions[column[0].column_letter].width = min(60, width + 2)
    out = BytesIO()
    book.save(out)
    return out.getvalue()

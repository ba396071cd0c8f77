"""A business-meeting session's tables: as many as asked, never removed while a schedule's
meetings take place at them."""

from django.db import transaction
from django.utils.translation import ngettext

from ..exceptions import ProgrammeError
from ..models import Activity, Table

MAX_TABLES = 200


def _delete_tables(activity: Activity, tables) -> None:
    """Delete tables; refused while meetings of a schedule use them (the scheduling app's
    meetings restrict the deletion of their table)."""
    from django.db.models import ProtectedError, RestrictedError

    try:
        with transaction.atomic():
            tables.delete()
    except (ProtectedError, RestrictedError) as exc:
        blocking = getattr(exc, "restricted_objects", None) or exc.protected_objects
        raise ProgrammeError(
            ngettext(
                "The tables of “%(title)s” cannot be removed: %(count)d meeting of a schedule "
                "takes place at them. Move or remove it first.",
                "The tables of “%(title)s” cannot be removed: %(count)d meetings of a schedule "
                "take place at them. Move or remove them first.",
                len(blocking),
            )
            % {"title": activity.display_title, "count": len(blocking)},
            errors={"tables": [str(len(blocking))]},
            code="in_use",
        ) from exc


def _sync_tables(activity: Activity, count: int | None) -> None:
    if not activity.is_meeting_session:
        _delete_tables(activity, activity.tables.all())
        return
    if count is None:
        if activity.tables.exists():
            return
        count = 1
    _delete_tables(activity, activity.tables.filter(number__gt=count))
    existing = set(activity.tables.values_list("number", flat=True))
    Table.objects.bulk_create(
        Table(activity=activity, number=n) for n in range(1, count + 1) if n not in existing
    )

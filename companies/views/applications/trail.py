"""An application's audit trail as people read it: labelled fields, shown values, statuses."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...models import ApplicationEvent, Company, SizeClass
from .access import S

FIELD_LABELS = {"answers": gettext_lazy("answers to the programme's questions")}


def _field_label(name: str) -> str:
    if name in FIELD_LABELS:
        return str(FIELD_LABELS[name])
    try:
        return str(Company._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a field since removed is shown by its name
        return name


def _shown(value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def _status_label(value: str) -> str:
    return str(S(value).label) if value in S.values else value


@dataclass
class TrailEntry:
    at: datetime
    actor: str
    kind: str
    what: str
    lines: list[str]
    reason: str


def trail(events) -> list[TrailEntry]:
    """Each event as who, what changed (one line per field) and when."""
    entries = []
    for event in events:
        lines: list[str] = []
        what = event.get_kind_display()
        if event.kind == ApplicationEvent.Kind.STATUS or (
            event.kind == ApplicationEvent.Kind.CREATED and event.to_status
        ):
            if event.from_status:
                what = _("Status: %(from)s → %(to)s") % {
                    "from": _status_label(event.from_status),
                    "to": _status_label(event.to_status),
                }
            else:
                what = _("%(kind)s as %(to)s") % {
                    "kind": what,
                    "to": _status_label(event.to_status),
                }
        elif event.kind == ApplicationEvent.Kind.ELIGIBILITY:
            eligible = (event.changes or {}).get("eligible", [None, None])
            size = (event.changes or {}).get("size_class", ["", ""])
            lines.append(
                _("SME: %(before)s → %(after)s")
                % {
                    "before": _sme_word(eligible[0], size[0]),
                    "after": _sme_word(eligible[1], size[1]),
                }
            )
        else:
            for name, change in (event.changes or {}).items():
                if isinstance(change, list) and len(change) == 2:
                    lines.append(
                        _("%(field)s: %(old)s → %(new)s")
                        % {
                            "field": _field_label(name),
                            "old": _shown(change[0]),
                            "new": _shown(change[1]),
                        }
                    )
                else:
                    lines.append(f"{_field_label(name)}: {_shown(change)}")
        entries.append(TrailEntry(event.at, event.actor, event.kind, what, lines, event.reason))
    return entries


def _sme_word(eligible, size_class) -> str:
    if eligible is None:
        return _("cannot decide")
    word = _("SME") if eligible else _("not an SME")
    if size_class in SizeClass.values:
        word += f" ({SizeClass(size_class).label})"
    return word

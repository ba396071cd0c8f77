"""Matching a file's header row to the template's columns (keys, English labels, Japanese and
Russian hints), with what is missing, unknown or repeated."""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext as _

from ..reader import ImportFileError, column_letter
from .definitions import COLUMNS, IGNORED, REQUIRED, Column


def _header_key(text: str) -> str:
    """The comparison form of a header: "legal_name (会社名 / Наименование)", "Legal name" and
    " LEGAL_NAME " all give "legalname"."""
    text = unicodedata.normalize("NFKC", text).strip()
    text = re.sub(r"\s*\(.*\)\s*$", "", text, flags=re.DOTALL).strip().rstrip("*").strip()
    return re.sub(r"[\s_\-]+", "", text.casefold())


def _aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for column in COLUMNS:
        for name in (
            column.key,
            column.hint_ja,
            column.hint_ru,
            f"{column.hint_ja}/{column.hint_ru}",
        ):
            aliases.setdefault(_header_key(name), column.key)
    return aliases


_ALIASES = _aliases()


@dataclass
class HeaderMatch:
    keys: list[str | None]  # per file column: the column key, or None (ignored or blank)
    notices: list[str]
    ignored: list[int] = field(default_factory=list)  # positions of organisation/owner columns

    @property
    def columns(self) -> list[str]:
        return [key for key in self.keys if key]

    @cached_property
    def order(self) -> dict[str, int]:
        return {key: position for position, key in enumerate(self.keys) if key}


def _label_key(column: Column) -> str:
    from django.utils.translation import override

    with override("en"):
        return _header_key(str(column.label))


def match_headers(headers: list[str]) -> HeaderMatch:
    """Which template column each file column is; raises ImportFileError listing missing, unknown
    and duplicate columns. Blank headers are allowed (the column must then stay empty)."""
    by_label = {_label_key(column): column.key for column in COLUMNS}
    ignored_keys = {_header_key(name) for name in IGNORED}
    keys: list[str | None] = []
    seen: dict[str, int] = {}
    notices, unknown, duplicates, ignored = [], [], [], []
    for position, header in enumerate(headers):
        normalised = _header_key(header or "")
        key = _ALIASES.get(normalised) or by_label.get(normalised)
        if not normalised:
            keys.append(None)
        elif normalised in ignored_keys:
            keys.append(None)
            ignored.append(position)
            notices.append(
                _('column "%(name)s" is ignored: the uploading organisation owns every row')
                % {"name": header.strip()}
            )
        elif key is None:
            keys.append(None)
            unknown.append(header.strip())
        elif key in seen:
            keys.append(None)
            duplicates.append(
                _('"%(key)s" (columns %(first)s and %(second)s)')
                % {
                    "key": key,
                    "first": column_letter(seen[key]),
                    "second": column_letter(position),
                }
            )
        else:
            seen[key] = position
            keys.append(key)
    missing = [key for key in REQUIRED if key not in seen]
    if missing or unknown or duplicates:
        parts = [_("The header row does not match the applicant template.")]
        if missing:
            parts.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        if unknown:
            parts.append(
                _("Unknown columns: %(columns)s.")
                % {"columns": ", ".join(_describe_unknown(name) for name in unknown[:15])}
            )
        if duplicates:
            parts.append(_("Repeated columns: %(columns)s.") % {"columns": ", ".join(duplicates)})
        parts.append(
            _("Expected columns: %(columns)s (required: %(required)s).")
            % {
                "columns": ", ".join(column.key for column in COLUMNS),
                "required": ", ".join(REQUIRED),
            }
        )
        raise ImportFileError(
            " ".join(parts),
            errors={"missing": missing, "unknown": unknown, "duplicate": duplicates},
        )
    return HeaderMatch(keys=keys, notices=notices, ignored=ignored)


def _describe_unknown(name: str) -> str:
    close = difflib.get_close_matches(_header_key(name), list(_ALIASES), n=1, cutoff=0.75)
    if close:
        return _('"%(name)s" (did you mean %(key)s?)') % {
            "name": name,
            "key": _ALIASES[close[0]],
        }
    return f'"{name}"'

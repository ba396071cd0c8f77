"""What every part of the rule-set parser shares: the messages found so far, and reading texts
and notes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class _ParserBase:
    def __init__(self, data: Any):
        self.data = data
        self.messages: list[str] = []

    def error(self, path: str, message: str) -> None:
        self.messages.append(f"{path}: {message}")

    def text(self, data: Mapping, key: str, path: str | None = None) -> str | None:
        path = path or key
        if key not in data:
            self.error(path, "is required")
            return None
        value = data[key]
        if not isinstance(value, str) or not value.strip():
            self.error(path, "must be a non-empty string")
            return None
        return value

    def notes(self, value: Any, path: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.error(path, "must be a list of strings")
            return ()
        notes = []
        for i, note in enumerate(value):
            if not isinstance(note, str) or not note.strip():
                self.error(f"{path}[{i}]", "must be a non-empty string")
            else:
                notes.append(note)
        return tuple(notes)

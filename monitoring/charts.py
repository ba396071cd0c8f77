"""The dashboards' charts as SVG markup, drawn here from plain numbers (no request, no database):
the same markup goes into the pages and into the PDF reports (WeasyPrint draws inline SVG).

The SVG uses presentation attributes only (no ``style`` attribute, no ``<style>``, no script),
every text is escaped, and text is set in the fonts the project ships (static/css/fonts.css in
the browser, static/pdf/base.css in PDFs: "Noto Sans", "Noto Sans CJK JP", "Noto Sans Thai"),
so Japanese and Russian labels show on a fresh machine. Each chart has a ``<title>`` and a
``<desc>`` that says its numbers in words for screen readers, and ``viewBox`` with a width and
height so it scales to a phone's width (CSS ``width: 100%; height: auto``).

Each function takes the matching part of ``monitoring.dashboard.dashboard_figures``."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

WIDTH = 460
LEVEL_COLOURS = {1: "#b9423a", 2: "#d98a32", 3: "#c9b335", 4: "#6fa34a", 5: "#2f7d4f"}
STATUS_COLOURS = {
    "open": "#8a96a3",
    "contacted": "#4f7fb8",
    "visit_made": "#3b6aa0",
    "negotiating": "#c9b335",
    "agreement_signed": "#2f7d4f",
    "dropped": "#b9423a",
}
RESPONDENT_COLOURS = {"japanese": "#3b6aa0", "overseas": "#4f9a8a", "interpreter": "#8a6fb0"}
ACCENT = "#2f6db3"
GRID = "#d5dbe1"
INK = "#1d232a"
MUTED = "#5b6570"


def font_family(language: str | None = None) -> str:
    """The font list for SVG text; Japanese first for Japanese pages (kana and punctuation
    from the Japanese font), the Latin font first otherwise."""
    language = (language or get_language() or "en")[:2]
    if language == "ja":
        return '"Noto Sans CJK JP", "Noto Sans", "Noto Sans Thai", sans-serif'
    return '"Noto Sans", "Noto Sans CJK JP", "Noto Sans Thai", sans-serif'


def percent(rate: float) -> str:
    return f"{rate * 100:.0f}%"


def number(value) -> str:
    if isinstance(value, Decimal):
        value = value.quantize(Decimal(1))
    return f"{value:,}"


def _attrs(**attributes) -> str:
    parts = []
    for name, value in attributes.items():
        if value is None:
            continue
        parts.append(f'{name.rstrip("_").replace("_", "-")}="{escape(str(value))}"')
    return " ".join(parts)


def _el(tag: str, **attributes) -> str:
    return f"<{tag} {_attrs(**attributes)}/>"


def _text(x, y, text, *, size=13, anchor="start", weight=None, fill=INK) -> str:
    attributes = _attrs(x=x, y=y, font_size=size, text_anchor=anchor, font_weight=weight, fill=fill)
    return f"<text {attributes}>{escape(str(text))}</text>"


def _svg(width: int, height: int, title: str, desc: str, body: list[str], language=None):
    head = _attrs(
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {width} {height}",
        width=width,
        height=height,
        role="img",
        class_="chart",
        font_family=font_family(language),
    )
    return mark_safe(  # noqa: S308 - every text and attribute above is escaped
        f"<svg {head}><title>{escape(title)}</title><desc>{escape(desc)}</desc>"
        + "".join(body)
        + "</svg>"
    )


def text_width(text: str, size: float) -> float:
    """About how wide ``text`` is at font size ``size``: full-width (CJK) characters one em,
    others a little over half an em (the fonts are proportional; this errs on the wide side)."""
    wide = sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")
    return (wide + (len(text) - wide) * 0.58) * size


def wrap(text: str, size: float, room: float) -> list[str]:
    """``text`` in lines that fit ``room``: broken at spaces, or between any two characters of
    a text without spaces (Japanese)."""
    words = text.split(" ") if " " in text else list(text)
    joiner = " " if " " in text else ""
    lines: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line}{joiner}{word}" if line else word
        if line and text_width(candidate, size) > room:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines or [""]


def bar_chart(
    bars: list[dict], *, title: str, max_value=None, language=None, width: int = WIDTH
) -> SafeString:
    """Horizontal bars, each under its label (left, wrapped if long) and its value (right).
    ``bars``: [{"label": str, "value": number, "display": str (the value shown),
    "colour": "#rrggbb" (optional)}]."""
    size, line_h, bar_h = 15, 19, 16
    biggest = max_value if max_value is not None else max((b["value"] for b in bars), default=0)
    biggest = float(biggest) or 1.0
    body = []
    y = 4
    if not bars:
        body.append(_text(width / 2, 40, _("No data yet"), anchor="middle", fill=MUTED))
        y = 64
    for bar in bars:
        room = width - text_width(bar["display"], size) - 14
        lines = wrap(str(bar["label"]), size, room)
        for number_, line in enumerate(lines):
            body.append(_text(0, y + 15 + number_ * line_h, line, size=size))
        body.append(_text(width, y + 15, bar["display"], size=size, anchor="end", weight="700"))
        top = y + 6 + len(lines) * line_h
        body.append(_el("rect", x=0, y=top, width=width, height=bar_h, rx=2, fill=GRID))
        length = max(0.0, float(bar["value"]) / biggest * width)
        if length > 0:
            colour = bar.get("colour") or ACCENT
            bar_w = f"{max(length, 2):.1f}"
            body.append(_el("rect", x=0, y=top, width=bar_w, height=bar_h, rx=2, fill=colour))
        y = top + bar_h + 14
    desc = "; ".join(f"{b['label']}: {b['display']}" for b in bars) or _("No data yet")
    return _svg(width, y, title, desc, body, language)


def column_chart(
    points: list[dict], *, title: str, language=None, width: int = WIDTH, height: int = 260
) -> SafeString:
    """Vertical columns on a 0–100 % axis (a rate over time). ``points``: [{"label": str
    (under the column), "rate": 0..1, "note": str (under the label, e.g. "12 / 30")}]."""
    left, right, top, bottom = 48, 8, 22, 54
    plot_w = width - left - right
    plot_h = height - top - bottom
    body = []
    for tick in (0, 25, 50, 75, 100):
        y = top + plot_h - plot_h * tick / 100
        at = f"{y:.1f}"
        body.append(
            _el("line", x1=left, y1=at, x2=width - right, y2=at, stroke=GRID, stroke_width=1)
        )
        body.append(_text(left - 6, f"{y + 4:.1f}", f"{tick}%", size=13, anchor="end", fill=MUTED))
    if not points:
        body.append(
            _text(
                left + plot_w / 2, top + plot_h / 2, _("No data yet"), anchor="middle", fill=MUTED
            )
        )
    count = max(len(points), 1)
    slot = plot_w / count
    bar_w = min(64.0, slot * 0.7)
    label_size = 14 if count <= 8 else 11
    for index, point in enumerate(points):
        x = left + slot * index + (slot - bar_w) / 2
        h = plot_h * max(0.0, min(1.0, float(point["rate"])))
        y = top + plot_h - h
        body.append(
            _el(
                "rect",
                x=f"{x:.1f}",
                y=f"{y:.1f}",
                width=f"{bar_w:.1f}",
                height=f"{h:.1f}",
                fill=ACCENT,
            )
        )
        centre = f"{x + bar_w / 2:.1f}"
        body.append(
            _text(
                centre,
                f"{max(y - 5, 16):.1f}",
                percent(point["rate"]),
                size=14,
                anchor="middle",
                weight="700",
            )
        )
        body.append(
            _text(centre, height - bottom + 19, point["label"], size=label_size, anchor="middle")
        )
        if point.get("note"):
            body.append(
                _text(
                    centre,
                    height - bottom + 38,
                    point["note"],
                    size=12,
                    anchor="middle",
                    fill=MUTED,
                )
            )
    desc = "; ".join(f"{p['label']}: {percent(p['rate'])}" for p in points) or _("No data yet")
    return _svg(width, height, title, desc, body, language)


def level_chart(levels: list[dict], *, language=None) -> SafeString:
    """The outcome levels: one bar per level 1–5 with its meaning and count (share)."""
    total = sum(level["count"] for level in levels)
    bars = [
        {
            "label": f"{level['level']} · {level['label']}",
            "value": level["count"],
            "display": f"{number(level['count'])} ({percent(level['share'])})",
            "colour": LEVEL_COLOURS[level["level"]],
        }
        for level in levels
    ]
    return bar_chart(
        bars if total else [], title=_("Outcome levels of the held meetings"), language=language
    )


def conversion_chart(conversion: dict, *, language=None) -> SafeString:
    """Level 3–5 conversion per programme year or per meeting day."""
    title = (
        _("Level 3–5 conversion per meeting day")
        if conversion["by"] == "day"
        else _("Level 3–5 conversion per programme year")
    )
    points = [
        {
            "label": point["label"],
            "rate": point["rate"],
            "note": f"{number(point['converted'])} / {number(point['rated'])}",
        }
        for point in conversion["points"]
    ]
    return column_chart(points, title=title, language=language)


def follow_up_chart(follow_ups: list[dict], *, language=None) -> SafeString:
    """The follow-up cases by status."""
    total = sum(row["count"] for row in follow_ups)
    bars = [
        {
            "label": row["label"],
            "value": row["count"],
            "display": number(row["count"]),
            "colour": STATUS_COLOURS.get(row["status"], ACCENT),
        }
        for row in follow_ups
    ]
    return bar_chart(bars if total else [], title=_("Follow-ups by status"), language=language)


def response_rate_chart(response_rates: list[dict], *, language=None) -> SafeString:
    """Answers received / expected per respondent (0–100 %)."""
    bars = [
        {
            "label": row["label"],
            "value": row["rate"],
            "display": (
                f"{percent(row['rate'])} ({number(row['received'])} / {number(row['expected'])})"
            ),
            "colour": RESPONDENT_COLOURS.get(row["respondent"], ACCENT),
        }
        for row in response_rates
        if row["expected"]
    ]
    return bar_chart(bars, title=_("Survey response rates"), max_value=1, language=language)


def money_chart(money: dict, *, language=None) -> SafeString:
    """Agreements value and return sales, both in the reporting currency."""
    currency = money["currency"]
    bars = [
        {
            "label": label,
            "value": money[key]["amount"],
            "display": f"{number(money[key]['amount'])} {currency}",
            "colour": colour,
        }
        for key, label, colour in (
            ("agreements_value", _("Agreements value"), "#2f7d4f"),
            ("return_sales", _("Return sales"), "#3b6aa0"),
        )
    ]
    if not any(bar["value"] for bar in bars):
        bars = []
    title = _("Agreements and return sales (%(currency)s)") % {"currency": currency}
    return bar_chart(bars, title=title, language=language)


def all_charts(figures: dict, *, language=None) -> dict[str, SafeString]:
    """Every chart of a dashboard_figures() dict, by name."""
    return {
        "levels": level_chart(figures["levels"], language=language),
        "conversion": conversion_chart(figures["conversion"], language=language),
        "follow_ups": follow_up_chart(figures["follow_ups"], language=language),
        "response_rates": response_rate_chart(figures["response_rates"], language=language),
        "money": money_chart(figures["money"], language=language),
    }

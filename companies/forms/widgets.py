"""Select widgets that draw their options in Python (the country lists)."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django_countries.widgets import LazySelect, LazySelectMultiple


def _attributes(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html: in order, True as a bare name, False left out."""
    return format_html_join(
        "",
        " {}{}",
        (
            (name, "" if value is True else format_html('="{}"', str(value)))
            for name, value in attrs.items()
            if value is not False
        ),
    )


class QuickOptionsMixin:
    """Draw a select's options in Python. Django's select template includes a sub-template per
    option: for the two country lists (some 250 options each) that was most of the public
    form's time (bench/load.py). Same markup as Django's templates."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attributes(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    option["value"],
                    _attributes(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part above is escaped


class CountrySelect(QuickOptionsMixin, LazySelect):
    pass


class CountrySelectMultiple(QuickOptionsMixin, LazySelectMultiple):
    pass

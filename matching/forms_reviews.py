"""The input shape of an adviser's review: one score per criterion, a recommendation, a comment.
It parses and presents; matching.services.reviews validates (the scale, the decimals, the round's
lock) and saves."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError

from .models import Assignment, Criterion


def score_field_name(criterion: Criterion) -> str:
    return f"score_{criterion.pk}"


def plain(value) -> str:
    """A score as typed: 3, 2.5 (never 3.00, nor a localised 2,5)."""
    if value is None:
        return ""
    return format(Decimal(value).normalize(), "f")


def _score_widget(criterion: Criterion) -> forms.NumberInput:
    """A number input carrying what static/js/scoring.js needs for the running total."""
    return forms.NumberInput(
        attrs={
            "min": criterion.scale_min,
            "max": criterion.scale_max,
            "step": "0.5",
            "inputmode": "decimal",
            "data-score": "",
            "data-weight": plain(criterion.weight),
            "data-min": criterion.scale_min,
            "data-max": criterion.scale_max,
        }
    )


class ReviewForm(forms.Form):
    """One field per criterion; those filled from the application are shown, never sent."""

    recommendation = forms.ChoiceField(
        label=_("Your recommendation"),
        choices=Assignment.Recommendation.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text=_("For the selection panel: strengths, doubts, what to ask the company."),
    )

    def __init__(self, data=None, *, assignment: Assignment, criteria, scores, automatic):
        initial = {"recommendation": assignment.recommendation, "comment": assignment.comment}
        super().__init__(data, initial=initial)
        self.manual: dict[str, Criterion] = {}
        score_fields = {}
        for criterion in criteria:
            name = score_field_name(criterion)
            filled = automatic.get(criterion.pk)
            field = forms.CharField(
                label=criterion.display_name,
                required=False,
                widget=_score_widget(criterion),
                initial=plain(filled if filled is not None else scores.get(criterion.pk)),
                disabled=filled is not None,
            )
            if filled is None:
                self.manual[name] = criterion
            score_fields[name] = field
        self.fields = {**score_fields, **self.fields}

    def score_fields(self):
        return [self[name] for name in self.fields if name.startswith("score_")]

    def service_fields(self) -> dict:
        """Keyword arguments for matching.services.reviews.review_save."""
        return {
            "scores": {
                criterion.pk: self.cleaned_data.get(name) or None
                for name, criterion in self.manual.items()
            },
            "recommendation": self.cleaned_data.get("recommendation", ""),
            "comment": self.cleaned_data.get("comment", ""),
        }

    def show_errors(self, exc: ApplicationError) -> None:
        """A refusal of the service on the fields it names ("scores.<criterion id>")."""
        self.add_error(None, str(exc.message))
        for key, problems in exc.errors.items():
            name = "score_" + key.removeprefix("scores.") if key.startswith("scores.") else key
            for problem in problems:
                self.add_error(name if name in self.fields else None, str(problem))

    def freeze(self) -> None:
        """Shown, not editable: a staff reader, or a locked round."""
        for field in self.fields.values():
            field.widget.attrs["disabled"] = True

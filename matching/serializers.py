"""API shapes of the assessment round: settings, criteria, conflicts, assignments, reviews, the
ranking and decisions.

Serializers parse and present; they check shape and type only. matching.services validate the
rest and answer errors by field (a score as scores.<criterion id>). Numbers with decimals are
answered as strings, like every decimal of the API."""

from functools import cache

from django_countries.serializer_fields import CountryField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from companies.models import Company
from companies.serializers import ApplicationCompanySerializer, application_status_field
from core.serializers import UserSummarySerializer, named_choice_field

from . import selectors
from .models import Assessment, Assignment, Conflict, Criterion, Decision

TOTAL = {"max_digits": 6, "decimal_places": 2}  # out of 100, two places (as ranked)
SCORE = {"max_digits": 7, "decimal_places": 2}


def recommendation_field(**kwargs) -> serializers.ChoiceField:
    return named_choice_field("Recommendation", Assignment.Recommendation.choices, **kwargs)


@cache
def page_of(item: type[serializers.Serializer]) -> type[serializers.Serializer]:
    """The shape of one page of `item`s (50 a page, ?page=n), named after it in the schema."""
    name = item.__name__.removesuffix("Serializer")
    return type(
        f"{name}PageSerializer",
        (serializers.Serializer,),
        {
            "__module__": __name__,
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": item(many=True),
        },
    )


# --- summaries ----------------------------------------------------------------------------


class AssessedCompanySerializer(serializers.ModelSerializer):
    country = CountryField(read_only=True)

    class Meta:
        model = Company
        fields = ["id", "legal_name", "local_name", "country"]
        read_only_fields = fields


class CounterpartRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class AssessedApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    status = application_status_field(read_only=True)
    company = AssessedCompanySerializer(read_only=True)
    counterpart = CounterpartRefSerializer(
        read_only=True, allow_null=True, help_text="The organisation that put it forward."
    )


# --- the round ----------------------------------------------------------------------------


class AssessmentCountsSerializer(serializers.Serializer):
    applications = serializers.IntegerField(help_text="Applications in the round.")
    assignments = serializers.IntegerField(help_text="Reviews assigned.")
    reviews_complete = serializers.IntegerField(help_text="Reviews complete.")
    selected = serializers.IntegerField(help_text="Companies selected and still taking part.")
    target_min = serializers.IntegerField()
    target_max = serializers.IntegerField()


class AssessmentSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    is_locked = serializers.BooleanField(read_only=True)
    locked_by = UserSummarySerializer(read_only=True, allow_null=True)
    counts = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "programme", "reviews_per_application", "target_min", "target_max", "disagreement",
            "is_locked", "locked_at", "locked_by", "updated_at", "counts",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(AssessmentCountsSerializer)
    def get_counts(self, assessment: Assessment) -> dict:
        """Counted by the view (matching.api.assessment.assessment_counts)."""
        return {
            **self.context["counts"],
            "target_min": assessment.target_min,
            "target_max": assessment.target_max,
        }


class AssessmentChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assessment
        fields = ["reviews_per_application", "target_min", "target_max", "disagreement"]
        extra_kwargs = {
            "disagreement": {
                "help_text": "Points out of 100 between the highest and the lowest adviser "
                "total from which a disagreement is flagged."
            }
        }


# --- criteria -----------------------------------------------------------------------------


class CriterionSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    source = named_choice_field(
        "CriterionSource",
        Criterion.Source.choices,
        required=False,
        help_text="manual: scored by advisers; the others are filled from the application.",
    )
    auto_rule = serializers.JSONField(
        required=False,
        help_text='Automatic criteria: {"bands": [["from value", "score"], ...]} (sales also '
        '"currency": "JPY"), or {"yes": score, "no": score} for yes / no answers.',
    )
    display_name = serializers.CharField(
        read_only=True, help_text="The name in the user's language."
    )
    is_automatic = serializers.BooleanField(read_only=True)

    class Meta:
        model = Criterion
        fields = [
            "id", "programme", "name", "name_ja", "name_ru", "display_name", "guidance",
            "guidance_ja", "guidance_ru", "scale_min", "scale_max", "weight", "threshold",
            "source", "auto_rule", "is_automatic", "position",
        ]  # fmt: skip
        read_only_fields = ["id", "programme", "display_name", "is_automatic"]


# --- conflicts ----------------------------------------------------------------------------


class ConflictSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    adviser = UserSummarySerializer(read_only=True)
    company = AssessedCompanySerializer(read_only=True)
    declared_by = UserSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Conflict
        fields = ["id", "programme", "adviser", "company", "reason", "declared_by", "declared_at"]
        read_only_fields = fields


class ConflictInputSerializer(serializers.Serializer):
    adviser = serializers.IntegerField(
        required=False,
        help_text="The adviser's user id. An adviser declaring their own conflict leaves it out.",
    )
    company = serializers.IntegerField(help_text="The id of a company in the round.")
    reason = serializers.CharField(max_length=300, allow_blank=True)


# --- assignments --------------------------------------------------------------------------


class AssignmentSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    application = AssessedApplicationSerializer(read_only=True)
    adviser = UserSummarySerializer(read_only=True)
    method = named_choice_field("AssignmentMethod", Assignment.Method.choices, read_only=True)
    assigned_by = UserSummarySerializer(read_only=True, allow_null=True)
    recommendation = recommendation_field(read_only=True, allow_blank=True)
    complete = serializers.BooleanField(source="is_complete", read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id", "programme", "application", "adviser", "method", "assigned_by", "assigned_at",
            "recommendation", "complete", "completed_at",
        ]  # fmt: skip
        read_only_fields = fields


class AssignmentInputSerializer(serializers.Serializer):
    application = serializers.IntegerField(help_text="The id of an application in the round.")
    adviser = serializers.IntegerField(help_text="The user id of an adviser of the programme.")


class AutoAssignResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="Assignments made now.")
    applications = serializers.IntegerField(help_text="Undecided applications of the round.")
    loads = serializers.DictField(
        child=serializers.IntegerField(), help_text="Adviser's name → reviews after this."
    )
    short = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Application id → reviews that could not be assigned (too few advisers "
        "without a conflict).",
    )


# --- reviews ------------------------------------------------------------------------------


@extend_schema_field({"type": "number", "nullable": True, "example": 4})
class ScoreValueField(serializers.Field):
    """A score as sent: a number, a numeric string, or null (to clear it). Passed on as it is:
    the service checks it and answers under scores.<criterion id>."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        return data

    def to_representation(self, value):
        return value


class ReviewSerializer(serializers.ModelSerializer):
    """An adviser's review of one application (the assignment), with the running total."""

    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    application = AssessedApplicationSerializer(read_only=True)
    adviser = UserSummarySerializer(read_only=True)
    scores = serializers.SerializerMethodField(
        help_text="The adviser's scores: criterion id → score."
    )
    recommendation = recommendation_field(read_only=True, allow_blank=True)
    complete = serializers.BooleanField(source="is_complete", read_only=True)
    total = serializers.SerializerMethodField(
        help_text="The weighted total out of 100 of the scores given so far (with those "
        "filled from the application); null before any."
    )

    class Meta:
        model = Assignment
        fields = [
            "id", "programme", "application", "adviser", "scores", "recommendation", "comment",
            "complete", "completed_at", "total", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def _criteria(self, assignment: Assignment) -> list:
        """The programme's criteria, read once per programme for a whole page of reviews."""
        cache = self.context.setdefault("criteria", {})
        if assignment.programme_id not in cache:
            cache[assignment.programme_id] = list(selectors.criterion_list(assignment.programme))
        return cache[assignment.programme_id]

    @extend_schema_field(serializers.DictField(child=serializers.DecimalField(**SCORE)))
    def get_scores(self, assignment: Assignment) -> dict:
        field = serializers.DecimalField(**SCORE)
        return {
            str(pk): field.to_representation(value)
            for pk, value in selectors.assignment_scores(assignment).items()
        }

    @extend_schema_field(serializers.DecimalField(**TOTAL, allow_null=True))
    def get_total(self, assignment: Assignment) -> str | None:
        criteria = self._criteria(assignment)
        auto = selectors.auto_scores(assignment.application, criteria)
        total = selectors.running_total(assignment, criteria, auto)
        return None if total is None else serializers.DecimalField(**TOTAL).to_representation(total)


class ReviewApplicationSerializer(AssessedApplicationSerializer):
    company = ApplicationCompanySerializer(read_only=True)
    answers = serializers.JSONField(
        read_only=True, help_text='Answers to the programme\'s questions: {"question id": value}.'
    )


class ReviewDetailSerializer(ReviewSerializer):
    application = ReviewApplicationSerializer(
        read_only=True, help_text="The application under review, with the full company record."
    )
    automatic = serializers.SerializerMethodField(
        help_text="Scores filled from the application: criterion id → score. They cannot be "
        "changed by the adviser."
    )
    criteria = serializers.SerializerMethodField(help_text="What to score, in order.")
    automatic_frozen_at = serializers.SerializerMethodField(
        help_text="When the scores filled from the application were frozen (the round's "
        "lock, with the exchange rates of that day); null while they follow the company's "
        "record and the latest rates."
    )
    locked = serializers.SerializerMethodField(
        help_text="The round is locked: the review can no longer change."
    )

    class Meta(ReviewSerializer.Meta):
        fields = [
            *ReviewSerializer.Meta.fields, "automatic", "automatic_frozen_at", "criteria", "locked"
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_automatic_frozen_at(self, assignment: Assignment) -> str | None:
        frozen = selectors.frozen_facts_of(assignment.application)
        return (
            None
            if frozen is None
            else serializers.DateTimeField().to_representation(frozen.frozen_at)
        )

    @extend_schema_field(serializers.DictField(child=serializers.DecimalField(**SCORE)))
    def get_automatic(self, assignment: Assignment) -> dict:
        field = serializers.DecimalField(**SCORE)
        auto = selectors.auto_scores(assignment.application, self._criteria(assignment))
        return {str(pk): field.to_representation(value) for pk, value in auto.items()}

    @extend_schema_field(CriterionSerializer(many=True))
    def get_criteria(self, assignment: Assignment) -> list:
        return CriterionSerializer(self._criteria(assignment), many=True).data

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_locked(self, assignment: Assignment) -> bool:
        return selectors.assessment_for(assignment.programme).is_locked


class ReviewInputSerializer(serializers.Serializer):
    scores = serializers.DictField(
        child=ScoreValueField(),
        required=False,
        help_text='{"criterion id": score or null}. null clears a score. PATCH changes the '
        "criteria named; PUT also clears the scores of the criteria left out.",
    )
    recommendation = recommendation_field(required=False, allow_blank=True)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class ReviewFilterSerializer(serializers.Serializer):
    programme = serializers.SlugField(
        required=False, help_text="Only the reviews of the programme with this slug."
    )


# --- the ranking --------------------------------------------------------------------------


class FailedCriterionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DecisionSummarySerializer(serializers.ModelSerializer):
    outcome = named_choice_field("DecisionOutcome", Decision.Outcome.choices, read_only=True)
    response = named_choice_field(
        "ParticipationResponse", Decision.Response.choices, read_only=True, allow_blank=True
    )

    class Meta:
        model = Decision
        fields = ["outcome", "reason", "waitlist_rank", "invited", "response"]
        read_only_fields = fields


class RankingRowSerializer(serializers.Serializer):
    """One applicant of the round (a selectors.RankingEntry)."""

    position = serializers.IntegerField(
        source="row.position", allow_null=True, help_text="Equal totals share a position."
    )
    application = serializers.IntegerField(source="application.pk")
    status = application_status_field(source="application.status")
    company = AssessedCompanySerializer(source="application.company")
    counterpart = CounterpartRefSerializer(source="application.counterpart", allow_null=True)
    total = serializers.DecimalField(
        source="row.total",
        allow_null=True,
        help_text="Mean of the complete reviews' totals, out of 100.",
        **TOTAL,
    )
    spread = serializers.DecimalField(
        source="row.spread",
        allow_null=True,
        help_text="Highest minus lowest review total (two complete reviews or more).",
        **TOTAL,
    )
    disagreement = serializers.BooleanField(
        source="row.disagreement", help_text="The spread reaches the round's disagreement."
    )
    means = serializers.DictField(
        source="row.means",
        child=serializers.DecimalField(**SCORE),
        help_text="Criterion id → mean score of the complete reviews.",
    )
    failed = serializers.SerializerMethodField(
        help_text="Criteria whose mean is below their threshold."
    )
    passes = serializers.BooleanField(source="row.passes")
    reviews_done = serializers.IntegerField(source="row.reviews_done")
    reviews_missing = serializers.IntegerField(source="row.reviews_missing")
    recommendations = serializers.DictField(
        source="row.recommendations",
        child=serializers.IntegerField(),
        help_text="Recommendation → how many complete reviews gave it.",
    )
    decision = DecisionSummarySerializer(allow_null=True)
    automatic_frozen_at = serializers.SerializerMethodField(
        help_text="When the automatic scores were frozen (the round's lock); null while they "
        "follow the company's record and the latest rates."
    )

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_automatic_frozen_at(self, entry) -> str | None:
        frozen = selectors.frozen_facts_of(entry.application)
        return (
            None
            if frozen is None
            else serializers.DateTimeField().to_representation(frozen.frozen_at)
        )

    @extend_schema_field(FailedCriterionSerializer(many=True))
    def get_failed(self, entry) -> list:
        return [
            {"id": pk, "name": name}
            for pk, name in zip(entry.row.failed, entry.failed_names, strict=True)
        ]


class RankingFilterSerializer(serializers.Serializer):
    counterpart = serializers.SlugField(
        required=False,
        help_text="Only the applicants put forward by the organisation with this slug.",
    )


# --- decisions ----------------------------------------------------------------------------


class DecisionSerializer(DecisionSummarySerializer):
    application = AssessedApplicationSerializer(read_only=True)
    decided_by = UserSummarySerializer(read_only=True, allow_null=True)

    class Meta(DecisionSummarySerializer.Meta):
        fields = [
            "id", "application", "outcome", "reason", "override_reason", "invited",
            "waitlist_rank", "promoted", "decided_by", "decided_at", "notified_at", "response",
            "response_note", "responded_at",
        ]  # fmt: skip
        read_only_fields = fields


class DecisionInputSerializer(serializers.Serializer):
    applications = serializers.ListField(
        child=serializers.IntegerField(),
        allow_empty=True,
        help_text="Ids of applications of the round; all are decided, or none.",
    )
    outcome = named_choice_field("DecisionOutcome", Decision.Outcome.choices)
    reason = serializers.CharField(allow_blank=True, help_text="Kept on record.")
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Required when an application still misses reviews: why decide now.",
    )


class NotifyResultSerializer(serializers.Serializer):
    queued = serializers.IntegerField(
        help_text="E-mails queued, one per company; each decision is marked as told "
        "(notified_at) once its e-mail went."
    )
    without_email = serializers.ListField(
        child=serializers.CharField(), help_text="Companies not told: no e-mail address."
    )


class PromoteInputSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class InvitableCompanySerializer(AssessedCompanySerializer):
    industries = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta(AssessedCompanySerializer.Meta):
        fields = [*AssessedCompanySerializer.Meta.fields, "industries", "contact_email"]
        read_only_fields = fields


class InvitableFilterSerializer(serializers.Serializer):
    sector = serializers.CharField(
        required=False, help_text="Only companies of this industry (e.g. auto_parts)."
    )
    page = serializers.IntegerField(required=False, min_value=1)


class InvitationInputSerializer(serializers.Serializer):
    companies = serializers.ListField(
        child=serializers.IntegerField(), allow_empty=True, help_text="Ids of invitable companies."
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ParticipationInputSerializer(serializers.Serializer):
    response = named_choice_field("ParticipationResponse", Decision.Response.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)

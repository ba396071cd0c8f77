"""What the assessment round's API shapes share: decimal formats, the recommendation field, a
page of results, the summaries of a company and an application."""

from functools import cache

from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from companies.models import Company
from companies.serializers import application_status_field
from core.serializers import named_choice_field

from ..models import Assignment

TOTAL = {"max_digits": 6, "decimal_places": 2}  # out of 100, two places (as ranked)
SCORE = {"max_digits": 7, "decimal_places": 2}


# A time that may be absent (answered as null).
NULLABLE_DATETIME = {"type": "string", "format": "date-time", "nullable": True}


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

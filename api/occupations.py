"""``/api/occupations/suggest/?q=…&limit=…``: ROME occupations from what people type, for any signed-in user.

The same suggester as every occupation field of the pages (``referentials.suggest.occupation_suggest``): one
suggestion per ROME code, best first, with the title that matched and a confidence in 0..1. Reference data only:
nothing in the answer depends on who asks, so every role gets the same answer.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from referentials.suggest import MAX_LIMIT, occupation_suggest

MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 200


class OccupationSuggestQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        min_length=MIN_QUERY_LENGTH,
        max_length=MAX_QUERY_LENGTH,
        trim_whitespace=True,
        error_messages={
            "required": _("Give the text to look up in q, such as ?q=téléconseiller."),
            "blank": _("Give the text to look up in q, such as ?q=téléconseiller."),
            # The bounds are written in the messages so that they translate (MIN_QUERY_LENGTH, MAX_QUERY_LENGTH).
            "min_length": _("Type at least 2 characters in q."),
            "max_length": _("Type at most 200 characters in q."),
        },
    )
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, default=10)


class OccupationSuggestionSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="ROME code, such as D1408.")
    label = serializers.CharField(help_text="The ROME occupation's label.")
    matched_title = serializers.CharField(help_text="The job title, synonym, label or code that matched.")
    confidence = serializers.FloatField(help_text="From 0 to 1: 1 for an exact code or title.")


class OccupationSuggestView(APIView):
    @extend_schema(
        tags=["occupations"],
        operation_id="occupations_suggest",
        summary="ROME occupations for a job title as people type it (accents, typos and abbreviations forgiven)",
        parameters=[
            OpenApiParameter(
                "q", str, required=True, description=f"The text, {MIN_QUERY_LENGTH} to {MAX_QUERY_LENGTH} characters."
            ),
            OpenApiParameter("limit", int, required=False, description=f"At most this many (1 to {MAX_LIMIT}, 10)."),
        ],
        responses={200: OccupationSuggestionSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        query = OccupationSuggestQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        suggestions = occupation_suggest(query.validated_data["q"], query.validated_data["limit"])
        return Response(OccupationSuggestionSerializer(suggestions, many=True).data)


urlpatterns = [path("occupations/suggest/", OccupationSuggestView.as_view(), name="occupation_suggest")]

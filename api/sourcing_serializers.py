"""Serializers of the staff API for a need's sourcing check, its near misses, and the reasons of suggestions.

A reason's positive-action group is given only to users allowed to read the candidate's sensitive situation: the
reasons come worded for the user by ``matching.reasons.reasons_worded``, which leaves the group empty otherwise.
"""

from typing import Any

from rest_framework import serializers


class ReasonSerializer(serializers.Serializer):
    """Why a suggestion is proposed or not (``matching.reasons.Reason``)."""

    code = serializers.CharField(
        help_text="score, positive_action, other_wave, holds_elsewhere, slots_filled, declined_for_wave, kept; "
        "proposed for a proposal whose ground you may not read."
    )
    value = serializers.IntegerField(help_text="A wave id, a number of proposals, or 0.")
    text = serializers.CharField()
    group = serializers.SerializerMethodField(help_text="The positive-action group, for those allowed to read it.")

    def get_group(self, reason: Any) -> str | None:
        return reason.group or None


class NearMissCountSerializer(serializers.Serializer):
    requirement = serializers.CharField(source="code")
    id = serializers.IntegerField(source="item_id")
    count = serializers.IntegerField()
    text = serializers.CharField()


class SourcingSerializer(serializers.Serializer):
    need = serializers.IntegerField(source="need.pk")
    eligible_count = serializers.SerializerMethodField()
    eligible_thanks_to_training = serializers.SerializerMethodField()
    near_misses = NearMissCountSerializer(many=True, source="counts")
    computed_at = serializers.SerializerMethodField()
    is_pending = serializers.BooleanField(help_text="Older than the need's last change, or none yet.")
    is_being_computed = serializers.BooleanField(source="is_waiting")

    def get_eligible_count(self, check: Any) -> int | None:
        return check.sourcing.eligible_count if check.sourcing else None

    def get_eligible_thanks_to_training(self, check: Any) -> int | None:
        return check.sourcing.eligible_thanks_to_training if check.sourcing else None

    def get_computed_at(self, check: Any) -> str | None:
        return serializers.DateTimeField().to_representation(check.sourcing.computed_at) if check.sourcing else None


class NearMissCandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()


class NearMissSerializer(serializers.Serializer):
    candidate = NearMissCandidateSerializer(source="near_miss.candidate")
    requirement = serializers.CharField(source="near_miss.requirement")
    requirement_id = serializers.IntegerField(source="near_miss.requirement_id", allow_null=True)
    requirement_text = serializers.CharField(source="requirement")

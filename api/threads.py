"""A need's thread in the API: its messages, posting one, and marking it read, for both areas.

``/api/employer/needs/<id>/messages/`` for an employer member's token (their employer's needs),
``/api/staff/needs/<id>/messages/`` for a staff token (their platforms' needs); a need out of reach is a 404. Reads
through ``matching.thread_selectors``, writes through ``matching.services.threads``: a message naming a candidate
the employer may not know is refused with a 400 on ``body`` (code ``names_candidate``), as on the pages. Reading
the list does not mark it read: a client says what it showed with ``read/``.
"""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api import converters  # noqa: F401 - registers the "id" path converter
from api.employers import EmployerView
from api.matching import StaffView
from employers.models import StaffingNeed
from matching import employer_selectors
from matching.models import NeedMessage
from matching.models.threads import MESSAGE_MAX_LENGTH
from matching.review_selectors import need_for_review
from matching.services.threads import need_message_post, need_thread_mark_read
from matching.thread_selectors import need_messages, unread_counts


class MessageSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField(help_text="The author's name, or their address; null once deleted.")
    side = serializers.CharField(help_text="employer or platform.")

    class Meta:
        model = NeedMessage
        fields = ["id", "side", "author", "body", "created_at"]

    def get_author(self, message: NeedMessage) -> str | None:
        if message.author is None:
            return None
        return message.author.get_full_name() or message.author.email


class MessageInputSerializer(serializers.Serializer):
    # Checked again by the service (empty after trimming, length, candidates named): one rule, every door.
    body = serializers.CharField(max_length=MESSAGE_MAX_LENGTH, trim_whitespace=True)


class ThreadSerializer(serializers.Serializer):
    unread = serializers.IntegerField(help_text="Messages of the other side not marked read by you.")
    messages = MessageSerializer(many=True)


class MarkReadSerializer(serializers.Serializer):
    up_to = serializers.IntegerField(
        required=False, min_value=1, help_text="The last message read; the thread's latest when left out."
    )


class ReadMarkSerializer(serializers.Serializer):
    last_read = serializers.IntegerField(source="last_read_id", allow_null=True)
    read_at = serializers.DateTimeField()
    unread = serializers.IntegerField()


class _ThreadView:
    tag = ""

    def _need(self, request: Request, need_id: int) -> StaffingNeed:
        raise NotImplementedError

    def _thread(self, request: Request, need: StaffingNeed) -> dict:
        unread = unread_counts(user=request.user, need_ids=[need.pk]).get(need.pk, 0)
        return {"unread": unread, "messages": need_messages(need=need)}

    def get(self, request: Request, need_id: int) -> Response:
        need = self._need(request, need_id)
        return Response(ThreadSerializer(self._thread(request, need)).data)

    def post(self, request: Request, need_id: int) -> Response:
        need = self._need(request, need_id)
        serializer = MessageInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = need_message_post(need=need, author=request.user, body=serializer.validated_data["body"])
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)


class _ReadView:
    def _need(self, request: Request, need_id: int) -> StaffingNeed:
        raise NotImplementedError

    def post(self, request: Request, need_id: int) -> Response:
        need = self._need(request, need_id)
        serializer = MarkReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        up_to = serializer.validated_data.get("up_to")
        message = get_object_or_404(NeedMessage, need=need, pk=up_to) if up_to else None
        mark = need_thread_mark_read(need=need, user=request.user, up_to=message)
        unread = unread_counts(user=request.user, need_ids=[need.pk]).get(need.pk, 0)
        data = {"last_read_id": mark.last_read_id, "read_at": mark.read_at, "unread": unread}
        return Response(ReadMarkSerializer(data).data)


def _employer_need(request: Request, need_id: int) -> StaffingNeed:
    return employer_selectors.need_for_employer(user=request.user, need_id=need_id)


def _staff_need(request: Request, need_id: int) -> StaffingNeed:
    return need_for_review(user=request.user, need_id=need_id)


def _schemas(area: str, whose: str) -> tuple[dict, dict, dict]:
    listing = {
        "tags": [area],
        "operation_id": f"{area}_need_messages_list",
        "summary": f"The messages of {whose}, oldest first, and how many you have not read",
        "responses": ThreadSerializer,
    }
    posting = {
        "tags": [area],
        "operation_id": f"{area}_need_messages_create",
        "summary": f"Write on the thread of {whose}; a text naming a candidate the employer may not know is a 400",
        "request": MessageInputSerializer,
        "responses": {201: MessageSerializer},
    }
    reading = {
        "tags": [area],
        "operation_id": f"{area}_need_messages_read",
        "summary": f"Mark the thread of {whose} read, up to a message or its latest",
        "request": MarkReadSerializer,
        "responses": ReadMarkSerializer,
    }
    return listing, posting, reading


EMPLOYER_LIST, EMPLOYER_POST, EMPLOYER_READ = _schemas("employer", "one of your needs")
STAFF_LIST, STAFF_POST, STAFF_READ = _schemas("staff", "a need of your platform")


class EmployerThreadView(_ThreadView, EmployerView):
    _need = staticmethod(_employer_need)

    @extend_schema(**EMPLOYER_LIST)
    def get(self, request: Request, need_id: int) -> Response:
        return super().get(request, need_id)

    @extend_schema(**EMPLOYER_POST)
    def post(self, request: Request, need_id: int) -> Response:
        return super().post(request, need_id)


class EmployerReadView(_ReadView, EmployerView):
    _need = staticmethod(_employer_need)

    @extend_schema(**EMPLOYER_READ)
    def post(self, request: Request, need_id: int) -> Response:
        return super().post(request, need_id)


class StaffThreadView(_ThreadView, StaffView):
    _need = staticmethod(_staff_need)

    @extend_schema(**STAFF_LIST)
    def get(self, request: Request, need_id: int) -> Response:
        return super().get(request, need_id)

    @extend_schema(**STAFF_POST)
    def post(self, request: Request, need_id: int) -> Response:
        return super().post(request, need_id)


class StaffReadView(_ReadView, StaffView):
    _need = staticmethod(_staff_need)

    @extend_schema(**STAFF_READ)
    def post(self, request: Request, need_id: int) -> Response:
        return super().post(request, need_id)


urlpatterns = [
    path("employer/needs/<id:need_id>/messages/", EmployerThreadView.as_view(), name="employer_need_messages"),
    path("employer/needs/<id:need_id>/messages/read/", EmployerReadView.as_view(), name="employer_need_messages_read"),
    path("staff/needs/<id:need_id>/messages/", StaffThreadView.as_view(), name="staff_need_messages"),
    path("staff/needs/<id:need_id>/messages/read/", StaffReadView.as_view(), name="staff_need_messages_read"),
]

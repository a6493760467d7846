import factory

from notifications.enums import NoticeFrequency
from notifications.kinds import PRESENTATION
from notifications.models import NoticePreference
from tests.accounts.factories import UserFactory


class NoticePreferenceFactory(factory.django.DjangoModelFactory):
    """A person's choice for one kind of notice; by default an employer member's for presented candidates."""

    class Meta:
        model = NoticePreference
        django_get_or_create = ["user", "kind"]

    user = factory.SubFactory(UserFactory)
    kind = PRESENTATION.name
    frequency = NoticeFrequency.EACH

"""Factories of the matching app's own rows that tests build directly (collective sessions and their seats)."""

import datetime

import factory
from django.utils import timezone

from matching.enums import SeatStatus, SessionKind
from matching.models import CollectiveSession, SessionSeat
from tests.accounts.factories import PlatformFactory
from tests.candidates.factories import CandidateFactory


class CollectiveSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CollectiveSession
        skip_postgeneration_save = True

    kind = SessionKind.INFORMATION
    title = factory.Sequence(lambda n: f"Information collective n°{n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + datetime.timedelta(hours=2))
    place = "12 rue de la Gare, 62300 Lens"
    capacity = 25
    platform = factory.SubFactory(PlatformFactory)

    class Params:
        mrs = factory.Trait(kind=SessionKind.MRS, title=factory.Sequence(lambda n: f"Tests MRS n°{n}"))
        job_dating = factory.Trait(kind=SessionKind.JOB_DATING, title=factory.Sequence(lambda n: f"Job dating n°{n}"))
        online = factory.Trait(place="", video_link="https://visio.example.org/salle-42")

    @factory.post_generation
    def needs(self, create, extracted, **kwargs):
        if create and extracted:
            self.needs.set(extracted)


class SessionSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionSeat

    session = factory.SubFactory(CollectiveSessionFactory)
    session_kind = factory.LazyAttribute(lambda seat: seat.session.kind)
    candidate = factory.SubFactory(CandidateFactory, platform=factory.SelfAttribute("..session.platform"))
    status = SeatStatus.INVITED

    class Params:
        accepted = factory.Trait(status=SeatStatus.ACCEPTED, answered_at=factory.LazyFunction(timezone.now))
        declined = factory.Trait(status=SeatStatus.DECLINED, answered_at=factory.LazyFunction(timezone.now))

import factory
from django.utils import timezone

from candidates.enums import CandidateStatus, ConsentMethod
from candidates.models import Candidate, CandidateReferral, SensitiveSituation
from tests.accounts.factories import PlatformFactory
from tests.referentials.factories import CommuneFactory


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    first_name = "Sami"
    last_name = factory.Sequence(lambda n: f"Lefebvre{n}")
    email = factory.Sequence(lambda n: f"candidat{n}@example.org")
    commune = factory.SubFactory(CommuneFactory)
    platform = factory.SubFactory(PlatformFactory)
    consents_to_processing = True
    consented_to_processing_at = factory.LazyFunction(timezone.now)

    class Params:
        presentable = factory.Trait(
            consents_to_presentation=True, consented_to_presentation_at=factory.LazyFunction(timezone.now)
        )


class SensitiveSituationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SensitiveSituation

    candidate = factory.SubFactory(CandidateFactory)


class CandidateReferralFactory(factory.django.DjangoModelFactory):
    """A proposal waiting for the platform, of a proposed candidate of that platform."""

    class Meta:
        model = CandidateReferral

    partner = factory.SubFactory("tests.accounts.factories.PartnerOrganisationFactory")
    platform = factory.SubFactory(PlatformFactory)
    candidate = factory.SubFactory(
        CandidateFactory,
        platform=factory.SelfAttribute("..platform"),
        status=CandidateStatus.PROPOSED,
        presentable=True,
    )
    consent_recorded_on = factory.LazyFunction(timezone.localdate)
    consent_method = ConsentMethod.SIGNED_FORM

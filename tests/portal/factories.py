import datetime

import factory
from django.utils import timezone

from accounts.enums import AccessRequestStatus
from accounts.models import EmployerAccessRequest, EmployerInvitation
from employers.joining import invitation_token_hash
from employers.siret import siret_complete
from tests.accounts.factories import UserFactory
from tests.employers.factories import EmployerFactory


class EmployerAccessRequestFactory(factory.django.DjangoModelFactory):
    """A request waiting for an advisor, for a SIRET nobody knows yet unless ``employer`` is given."""

    class Meta:
        model = EmployerAccessRequest

    user = factory.SubFactory(UserFactory)
    siret = factory.Sequence(lambda n: siret_complete(f"{987654321000 + n:013d}"))
    legal_name = factory.Sequence(lambda n: f"Logistique des Flandres {n}")
    job_title = "Responsable RH"
    phone = "03 20 12 34 56"

    class Params:
        refused = factory.Trait(
            status=AccessRequestStatus.REFUSED,
            decided_at=factory.LazyFunction(timezone.now),
            decision_note="Ce SIRET appartient à une autre entreprise.",
        )


class EmployerInvitationFactory(factory.django.DjangoModelFactory):
    """An invitation waiting. Pass ``token`` to know the link's token: only its hash is stored."""

    class Meta:
        model = EmployerInvitation

    employer = factory.SubFactory(EmployerFactory)
    email = factory.Sequence(lambda n: f"collegue{n}@entreprise.example")
    token_hash = factory.LazyAttribute(lambda invitation: invitation_token_hash(invitation.token))
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))

    class Params:
        token = factory.Sequence(lambda n: f"jeton-de-test-{n:04d}-abcdefghijklmnopqrstuvwxyz")
        expired = factory.Trait(
            created_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=15)),
            expires_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1)),
        )
        revoked = factory.Trait(revoked_at=factory.LazyFunction(timezone.now))

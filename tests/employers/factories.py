import datetime

import factory
from django.utils import timezone

from employers.enums import CohortFunder, ContractType, LeadContactKind, LeadStatus, NeedStatus, TrainingKind
from employers.models import Employer, EmployerLead, Site, StaffingNeed, TrainingCohort
from employers.siret import siret_complete
from tests.accounts.factories import PlatformFactory
from tests.referentials.factories import CommuneFactory, OccupationFactory


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    legal_name = factory.Sequence(lambda n: f"Centre de contacts {n}")
    siret = factory.Sequence(lambda n: siret_complete(f"{123456789000 + n:013d}"))
    naf_code = "82.20Z"
    platform = factory.SubFactory(PlatformFactory)


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    employer = factory.SubFactory(EmployerFactory)
    name = factory.Sequence(lambda n: f"Site {n}")
    address = "1 rue Nationale"
    commune = factory.SubFactory(CommuneFactory)


class StaffingNeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffingNeed

    employer = factory.SubFactory(EmployerFactory)
    site = factory.SubFactory(SiteFactory, employer=factory.SelfAttribute("..employer"))
    occupation = factory.SubFactory(OccupationFactory)
    title = "Conseiller clientèle"
    headcount = 5
    contract_type = ContractType.CDI
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))

    class Params:
        open = factory.Trait(status=NeedStatus.OPEN)
        beginner_friendly = factory.Trait(
            accepts_beginners=True, offers_training=True, training_kind=TrainingKind.POEC, training_weeks=4
        )


class MassHiringNeedFactory(StaffingNeedFactory):
    title = "Conseillers clientèle à distance"
    headcount = 200
    beginner_friendly = True


class TrainingCohortFactory(factory.django.DjangoModelFactory):
    """A POEC of twelve seats, starting a fortnight from today for four weeks."""

    class Meta:
        model = TrainingCohort

    need = factory.SubFactory(StaffingNeedFactory, open=True)
    kind = TrainingKind.POEC
    training_body = "AFPA Roubaix"
    place = "12 rue de l'Épeule, Roubaix"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    ends_on = factory.LazyAttribute(lambda cohort: cohort.starts_on + datetime.timedelta(days=27))
    capacity = 12
    funder = CohortFunder.FRANCE_TRAVAIL


def cohort_form_data(prefix: str = "", **changes: object) -> dict[str, object]:
    """A cohort as typed in its form or sent to the API (names under ``prefix`` as a page's forms name them): a POEC
    of twelve seats starting in twenty days."""
    starts_on = timezone.localdate() + datetime.timedelta(days=20)
    values = {
        "kind": TrainingKind.POEC,
        "training_body": "AFPA Roubaix",
        "place": "Roubaix, 12 rue de l'Épeule",
        "starts_on": starts_on.isoformat(),
        "ends_on": (starts_on + datetime.timedelta(days=27)).isoformat(),
        "capacity": 12,
        "funder": CohortFunder.FRANCE_TRAVAIL,
    } | changes
    return {f"{prefix}-{name}" if prefix else name: value for name, value in values.items()}


class EmployerLeadFactory(factory.django.DjangoModelFactory):
    """A new lead: a phone call three days ago from a company of the platform's area."""

    class Meta:
        model = EmployerLead

    platform = factory.SubFactory(PlatformFactory)
    company_name = factory.Sequence(lambda n: f"Boulangerie du Centre {n}")
    contact_name = "Mme Durand"
    commune = factory.SubFactory(CommuneFactory)
    contact_kind = LeadContactKind.CALL
    first_contact_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))

    class Params:
        booked = factory.Trait(
            status=LeadStatus.VISIT_BOOKED,
            visit_booked_for=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=2)),
        )
        visited = factory.Trait(
            status=LeadStatus.VISITED,
            visited_on=factory.LazyFunction(timezone.localdate),
            visit_report="Deux vendeurs en CDI pour mars.",
        )
        overdue = factory.Trait(
            first_contact_on=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=15))
        )

"""Enumerations of the reference data."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CefrLevel(models.IntegerChoices):
    """Common European Framework of Reference levels, ordered so that comparisons work."""

    A1 = 1, "A1"
    A2 = 2, "A2"
    B1 = 3, "B1"
    B2 = 4, "B2"
    C1 = 5, "C1"
    C2 = 6, "C2"


class SkillCategory(models.TextChoices):
    CUSTOMER_RELATIONS = "customer_relations", _("Customer relations and contact centres")
    LOGISTICS = "logistics", _("Logistics")
    RETAIL = "retail", _("Retail")
    CARE = "care", _("Care")
    INDUSTRY = "industry", _("Industry")
    HOSPITALITY = "hospitality", _("Hospitality")
    OFFICE = "office", _("Office work")
    TRANSVERSAL = "transversal", _("Transversal")


class CertificationCategory(models.TextChoices):
    DRIVING = "driving", _("Driving")
    MACHINERY = "machinery", _("Machinery")
    SAFETY = "safety", _("Safety at work")
    ELECTRICAL = "electrical", _("Electrical clearance")
    HYGIENE = "hygiene", _("Hygiene")
    LANGUAGE = "language", _("Language")
    DIGITAL = "digital", _("Digital")
    CARE = "care", _("Care")
    SECURITY = "security", _("Security")
    GENERAL = "general", _("General")


class RomeDomain(models.TextChoices):
    """The fourteen top-level domains of the ROME, named by the code's first letter."""

    A = "A", _("Agriculture and fishing, green spaces, animal care")
    B = "B", _("Arts and crafts")
    C = "C", _("Banking, insurance and real estate")
    D = "D", _("Retail, sales and large-scale distribution")
    E = "E", _("Communication, media and multimedia")
    F = "F", _("Construction, public works and extraction")
    G = "G", _("Hotels, catering, tourism, leisure and entertainment")
    H = "H", _("Industry")
    I = "I", _("Installation and maintenance")  # noqa: E741
    J = "J", _("Health")
    K = "K", _("Services to people and the community")
    L = "L", _("Performing arts")
    M = "M", _("Business support")
    N = "N", _("Transport and logistics")


class EducationLevel(models.IntegerChoices):
    """French national qualification levels (niveaux du cadre national des certifications)."""

    NONE = 2, _("No qualification")
    CAP_BEP = 3, _("CAP, BEP (level 3)")
    BAC = 4, _("Baccalauréat (level 4)")
    BAC_2 = 5, _("Bac+2: BTS, DUT (level 5)")
    BAC_3 = 6, _("Bac+3: licence, BUT (level 6)")
    BAC_5 = 7, _("Bac+5: master (level 7)")
    DOCTORATE = 8, _("Doctorate (level 8)")


class OccupationTitleKind(models.TextChoices):
    """What a job title is to its ROME occupation."""

    PRINCIPAL = "principal", _("Main title")
    SYNONYM = "synonym", _("Other title")
    LABEL = "label", _("Occupation label")


class OccupationTitleSource(models.TextChoices):
    ROME = "rome", _("France Travail, ROME 4.0")
    AUTHORED = "authored", _("Tremplin's synonyms")

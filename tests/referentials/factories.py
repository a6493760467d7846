import factory

from referentials.enums import CertificationCategory, OccupationTitleKind, OccupationTitleSource, SkillCategory
from referentials.models import Certification, Commune, Language, Occupation, OccupationTitle, PostalCode, Skill
from referentials.normalise import search_normalise

# Real Hauts-de-France communes: (INSEE code, name, département, postcode, latitude, longitude, population).
HDF_COMMUNES = [
    ("59350", "Lille", "59", "59000", 50.630888, 3.07086, 236710),
    ("59512", "Roubaix", "59", "59100", 50.690315, 3.181674, 98828),
    ("80021", "Amiens", "80", "80000", 49.893422, 2.295408, 133625),
    ("62041", "Arras", "62", "62000", 50.289877, 2.779416, 41694),
    ("59606", "Valenciennes", "59", "59300", 50.357905, 3.523344, 43680),
    ("59599", "Tourcoing", "59", "59200", 50.723857, 3.160815, 99011),
    ("59183", "Dunkerque", "59", "59140", 51.034368, 2.376776, 86279),
    ("62193", "Calais", "62", "62100", 50.951595, 1.857835, 67544),
    ("62498", "Lens", "62", "62300", 50.432368, 2.833025, 32012),
    ("60057", "Beauvais", "60", "60000", 49.430248, 2.081305, 56605),
    ("02691", "Saint-Quentin", "02", "02100", 49.847105, 3.287665, 52924),
    ("59178", "Douai", "59", "59500", 50.371406, 3.079958, 39700),
]
DEPARTEMENTS = {"02": "Aisne", "59": "Nord", "60": "Oise", "62": "Pas-de-Calais", "80": "Somme"}


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ["insee_code"]

    insee_code = factory.Sequence(lambda n: f"59{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    departement_code = "59"
    departement_name = "Nord"
    region_code = "32"
    region_name = "Hauts-de-France"
    population = 1000
    latitude = 50.5
    longitude = 3.0


def hauts_de_france_communes() -> dict[str, Commune]:
    """The sample communes above, with their postcodes, keyed by name."""
    communes = {}
    for insee, name, departement, postcode, latitude, longitude, population in HDF_COMMUNES:
        commune = CommuneFactory(
            insee_code=insee,
            name=name,
            departement_code=departement,
            departement_name=DEPARTEMENTS[departement],
            latitude=latitude,
            longitude=longitude,
            population=population,
        )
        PostalCode.objects.get_or_create(code=postcode, commune=commune)
        communes[name] = commune
    return communes


class OccupationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Occupation
        django_get_or_create = ["rome_code"]
        skip_postgeneration_save = True

    rome_code = "D1408"
    label = "Conseiller / Conseillère clientèle à distance"

    @factory.post_generation
    def label_title(self, create: bool, extracted, **kwargs) -> None:
        """The label as one of the occupation's titles, as ``load_referentials`` stores it: the suggester reads
        titles only."""
        if create and search_normalise(self.label):
            OccupationTitle.objects.get_or_create(
                occupation=self,
                search_text=search_normalise(self.label),
                defaults={
                    "title": self.label,
                    "kind": OccupationTitleKind.LABEL,
                    "source": OccupationTitleSource.ROME,
                },
            )


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"competence-{n}")
    label = factory.Sequence(lambda n: f"Compétence {n}")
    category = SkillCategory.CUSTOMER_RELATIONS


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ["code"]

    code = "en"
    label = "Anglais"
    label_en = "English"


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification
        django_get_or_create = ["slug"]

    slug = "permis-b"
    label = "Permis B"
    category = CertificationCategory.DRIVING

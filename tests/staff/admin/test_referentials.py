"""Reference data is shared by every platform: staff read it, only a superuser changes it, and every change is logged.

A commune's coordinates, a skill's label or an occupation's family change what every platform's matching computes;
an advisor of one platform must not be able to change them for all.
"""

import importlib
import json
import logging

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from referentials.models import Certification, Commune, Language, Occupation, Skill
from referentials.services import referentials_load
from tests.accounts.factories import AdvisorFactory, SuperuserFactory
from tests.referentials import samples
from tests.referentials.factories import (
    CertificationFactory,
    CommuneFactory,
    LanguageFactory,
    OccupationFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db

REFERENTIALS = [
    pytest.param(Skill, SkillFactory, id="skill"),
    pytest.param(Commune, CommuneFactory, id="commune"),
    pytest.param(Occupation, OccupationFactory, id="occupation"),
    pytest.param(Language, LanguageFactory, id="language"),
    pytest.param(Certification, CertificationFactory, id="certification"),
]


def admin_url(model, page: str, *args) -> str:
    return reverse(f"admin:referentials_{model._meta.model_name}_{page}", args=args)


@pytest.mark.parametrize(("model", "factory"), REFERENTIALS)
def test_an_advisor_reads_reference_data_but_changes_none_of_it(client, model, factory):
    obj = factory()
    client.force_login(AdvisorFactory())

    assert client.get(admin_url(model, "changelist")).status_code == 200
    change_page = client.get(admin_url(model, "change", obj.pk))
    assert change_page.status_code == 200
    assert 'name="_save"' not in change_page.content.decode()
    assert client.get(admin_url(model, "add")).status_code == 403
    assert client.post(admin_url(model, "add"), {}).status_code == 403
    assert client.post(admin_url(model, "change", obj.pk), {}).status_code == 403
    assert client.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


def test_an_advisor_cannot_move_a_commune(client):
    lille = CommuneFactory(insee_code="59350", name="Lille", latitude=50.630888, longitude=3.07086)
    client.force_login(AdvisorFactory())

    response = client.post(
        admin_url(Commune, "change", lille.pk),
        {
            "insee_code": "59350",
            "name": "Lille",
            "departement_code": "59",
            "departement_name": "Nord",
            "region_code": "32",
            "region_name": "Hauts-de-France",
            "population": 236710,
            "latitude": 43.3,
            "longitude": 5.4,
            "postcodes-TOTAL_FORMS": 0,
            "postcodes-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 403
    lille.refresh_from_db()
    assert (lille.latitude, lille.longitude) == (50.630888, 3.07086)


def test_a_superusers_change_is_recorded_in_the_admin_log(client):
    skill = SkillFactory(label="Accueil téléphonique", slug="accueil-telephonique")
    superuser = SuperuserFactory()
    client.force_login(superuser)

    response = client.post(
        admin_url(Skill, "change", skill.pk),
        {"label": "Accueil au téléphone", "label_en": "", "slug": skill.slug, "category": skill.category},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    skill.refresh_from_db()
    assert skill.label == "Accueil au téléphone"
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(Skill), object_id=str(skill.pk))
    assert (entry.user, entry.action_flag) == (superuser, CHANGE)
    assert json.loads(entry.change_message)[0]["changed"]["fields"]


def test_loading_the_reference_data_is_logged(tmp_path, caplog):
    sources_dir, data_dir = samples.write_all_sources(tmp_path)

    with caplog.at_level(logging.INFO, logger="referentials.services"):
        referentials_load(sources_dir=sources_dir, data_dir=data_dir)

    [record] = [r for r in caplog.records if r.name == "referentials.services"]
    assert "Reference data loaded" in record.getMessage()
    assert "communes: 3" in record.getMessage()


def test_the_migration_takes_write_permissions_back_from_an_existing_staff_group():
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    migration = importlib.import_module("accounts.migrations.0005_platform_staff_read_reference_data")
    group = Group.objects.create(name="Platform staff")
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=["referentials", "candidates"]))

    migration.reference_data_read_only(apps, None)

    kept = set(group.permissions.filter(content_type__app_label="referentials").values_list("codename", flat=True))
    assert kept == {
        "view_commune",
        "view_epci",
        "view_postalcode",
        "view_occupation",
        "view_occupationtitle",
        "view_skill",
        "view_language",
        "view_certification",
    }
    assert group.permissions.filter(codename="change_candidate").exists()

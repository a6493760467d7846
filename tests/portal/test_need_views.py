"""The portal's step-by-step need form and the need's life (publish, pause, close, duplicate), through the pages."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.enums import MembershipRole
from employers.enums import ContractType, NeedStatus, SkillImportance, TrainingKind, WorkingTime
from employers.models import NeedLanguage, NeedSkill, RecruitingWave, Site, StaffingNeed
from matching.enums import RunScope
from matching.models import MatchRun
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.employers.factories import EmployerFactory, SiteFactory, StaffingNeedFactory
from tests.referentials.factories import LanguageFactory, OccupationFactory, SkillFactory, hauts_de_france_communes

pytestmark = pytest.mark.django_db

IN_A_MONTH = timezone.localdate() + datetime.timedelta(days=30)


def member_of(employer):
    user = UserFactory()
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, employer=employer, platform=None)
    return user


@pytest.fixture
def world():
    communes = hauts_de_france_communes()
    occupation = OccupationFactory()
    employer = EmployerFactory()
    site = SiteFactory(employer=employer, name="Plateau Euralille", commune=communes["Lille"])
    return {
        "communes": communes,
        "occupation": occupation,
        "employer": employer,
        "site": site,
        "member": member_of(employer),
        "phone": SkillFactory(slug="accueil-telephonique", label="Accueil téléphonique"),
        "crm": SkillFactory(slug="logiciel-crm", label="Logiciel CRM"),
        "english": LanguageFactory(),
    }


def job_data(**overrides):
    data = {
        "title": "Téléconseiller·ère service client",
        "occupation": "Conseiller / Conseillère clientèle à distance (D1408)",
        "place": "Plateau Euralille — Lille",
        "address": "",
        "headcount": "40",
        "contract_type": ContractType.CDI,
        "contract_duration_months": "",
        "working_time": WorkingTime.FULL_TIME,
        "weekly_hours": "",
        "start_date": IN_A_MONTH.isoformat(),
        "next": "",
    }
    return data | overrides


def rows(prefix, items, *, total=None):
    data = {
        f"{prefix}-TOTAL_FORMS": str(total or len(items)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "100",
    }
    for index, item in enumerate(items):
        data |= {f"{prefix}-{index}-{key}": value for key, value in item.items()}
    return data


# Access: every URL of the need form against every role.


def need_urls(need):
    steps = ("job", "description", "skills", "training", "review")
    return [reverse("portal:need_edit", args=[need.pk, step]) for step in steps]


ACTIONS = ("need_publish", "need_pause", "need_close", "need_duplicate")


def test_anonymous_is_sent_to_login_everywhere(client, world):
    need = StaffingNeedFactory(employer=world["employer"], site=world["site"])
    for url in [reverse("portal:need_create"), *need_urls(need)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    for action in ACTIONS:
        assert client.post(reverse(f"portal:{action}", args=[need.pk])).status_code == 302
    assert StaffingNeed.objects.count() == 1


def test_non_members_and_advisors_are_not_found(client, world, advisor):
    need = StaffingNeedFactory(employer=world["employer"], site=world["site"])
    for user in (UserFactory(), advisor):
        client.force_login(user)
        for url in [
            reverse("portal:need_create"),
            reverse("portal:occupation_search"),
            reverse("portal:place_search"),
            *need_urls(need),
        ]:
            assert client.get(url).status_code == 404, url
        for action in ACTIONS:
            assert client.post(reverse(f"portal:{action}", args=[need.pk])).status_code == 404


def test_member_of_another_employer_cannot_touch_the_need(client, world):
    need = StaffingNeedFactory(employer=world["employer"], site=world["site"])
    client.force_login(member_of(EmployerFactory()))
    for url in need_urls(need):
        assert client.get(url).status_code == 404
        assert client.post(url, job_data(title="Volé")).status_code == 404
    for action in ACTIONS:
        assert client.post(reverse(f"portal:{action}", args=[need.pk])).status_code == 404
    need.refresh_from_db()
    assert need.status == NeedStatus.DRAFT
    assert StaffingNeed.objects.count() == 1


def test_status_actions_answer_post_only(client, world):
    need = StaffingNeedFactory(employer=world["employer"], site=world["site"])
    client.force_login(world["member"])
    for action in ACTIONS:
        assert client.get(reverse(f"portal:{action}", args=[need.pk])).status_code == 405


# Step 1: the job.


def test_first_step_creates_a_draft_and_goes_on_to_the_description(client, world):
    client.force_login(world["member"])
    assert client.get(reverse("portal:need_create")).status_code == 200
    response = client.post(reverse("portal:need_create"), job_data())
    need = StaffingNeed.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("portal:need_edit", args=[need.pk, "description"])
    assert need.status == NeedStatus.DRAFT
    assert (need.employer, need.site, need.occupation) == (world["employer"], world["site"], world["occupation"])
    assert need.headcount == 40
    assert not MatchRun.objects.exists()


def test_a_commune_without_site_creates_a_site_with_its_address(client, world):
    client.force_login(world["member"])
    response = client.post(
        reverse("portal:need_create"),
        job_data(place="59100 Roubaix", address="12 rue de l'Épeule", occupation="d1408"),
    )
    assert response.status_code == 302
    need = StaffingNeed.objects.get()
    assert need.site.commune == world["communes"]["Roubaix"]
    assert need.site.address == "12 rue de l'Épeule"
    assert need.site.employer == world["employer"]


def test_the_occupation_can_be_typed_as_its_label_without_accents(client, world):
    client.force_login(world["member"])
    client.post(reverse("portal:need_create"), job_data(occupation="conseiller / conseillere clientele a distance"))
    assert StaffingNeed.objects.get().occupation == world["occupation"]


def test_bad_first_step_keeps_what_was_typed_and_explains_each_problem(client, world):
    client.force_login(world["member"])
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    data = job_data(
        title="Chargé·e d'accueil bilingue",
        occupation="Astronaute lunaire",
        place="99999 Nulle-Part",
        contract_type=ContractType.CDD,
        working_time=WorkingTime.PART_TIME,
        start_date=yesterday,
        headcount="0",
    )
    response = client.post(reverse("portal:need_create"), data)
    assert response.status_code == 200
    text = response.text
    assert 'value="Chargé·e d&#x27;accueil bilingue"' in text
    assert 'value="Astronaute lunaire"' in text
    assert 'value="99999 Nulle-Part"' in text
    assert "Aucun métier ne correspond" in text or "No occupation matches" in text
    assert "99999" in text
    assert 'aria-invalid="true"' in text
    assert 'id="error-summary"' in text
    assert StaffingNeed.objects.count() == 0
    assert Site.objects.count() == 1


def test_a_new_site_needs_its_address(client, world):
    client.force_login(world["member"])
    response = client.post(reverse("portal:need_create"), job_data(place="62000 Arras", address=""))
    assert response.status_code == 200
    assert 'id="id_address_error"' in response.text
    assert not StaffingNeed.objects.exists()


def test_headcount_cannot_go_below_the_hires_already_made(client, world):
    need = StaffingNeedFactory(employer=world["employer"], site=world["site"], open=True, headcount=5)
    StaffingNeed.objects.filter(pk=need.pk).update(hires_count=3)
    client.force_login(world["member"])
    response = client.post(reverse("portal:need_edit", args=[need.pk, "job"]), job_data(headcount="2"))
    assert response.status_code == 200
    assert 'id="id_headcount_error"' in response.text
    need.refresh_from_db()
    assert need.headcount == 5


def test_editing_what_the_score_reads_matches_an_open_need_again(client, world, django_capture_on_commit_callbacks):
    need = StaffingNeedFactory(
        employer=world["employer"], site=world["site"], open=True, occupation=world["occupation"]
    )
    client.force_login(world["member"])
    later = (need.start_date + datetime.timedelta(days=14)).isoformat()
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("portal:need_edit", args=[need.pk, "job"]), job_data(start_date=later, stay=""))
    assert response.url == reverse("portal:need_edit", args=[need.pk, "job"])
    need.refresh_from_db()
    assert need.start_date.isoformat() == later
    assert MatchRun.objects.filter(scope=RunScope.NEED, need=need).count() == 1


def test_a_headcount_change_matches_the_need_again(client, world, django_capture_on_commit_callbacks):
    """The suggestions kept and the proposals follow the openings left (ADR 0008): the need's run is requested."""
    need = StaffingNeedFactory(
        employer=world["employer"], site=world["site"], open=True, occupation=world["occupation"], headcount=1
    )
    client.force_login(world["member"])
    with django_capture_on_commit_callbacks(execute=False):
        client.post(
            reverse("portal:need_edit", args=[need.pk, "job"]),
            job_data(headcount="3", start_date=need.start_date.isoformat(), stay=""),
        )
    need.refresh_from_db()
    assert need.headcount == 3
    assert list(MatchRun.objects.values_list("need_id", flat=True)) == [need.pk]


# Step 2: skills and languages.


def test_skills_must_and_nice_and_a_justified_mandatory_language(client, world):
    need = StaffingNeedFactory(employer=world["employer"], site=world["site"])
    client.force_login(world["member"])
    url = reverse("portal:need_edit", args=[need.pk, "skills"])
    page = client.get(url).text
    assert '<option value="Accueil téléphonique">' in page
    data = rows(
        "skills",
        [
            {"skill": "accueil telephonique", "importance": SkillImportance.MUST_HAVE},
            {"skill": "Logiciel CRM", "importance": SkillImportance.NICE_TO_HAVE},
            {"skill": "", "importance": SkillImportance.MUST_HAVE},
        ],
    ) | rows(
        "languages",
        [{"language": world["english"].pk, "level": "4", "is_mandatory": "on", "justification": "Clients anglais."}],
    )
    response = client.post(url, data | {"next": ""})
    assert response.status_code == 302
    assert response.url == reverse("portal:need_edit", args=[need.pk, "training"])
    assert dict(NeedSkill.objects.filter(need=need).values_list("skill__slug", "importance")) == {
        "accueil-telephonique": SkillImportance.MUST_HAVE,
        "logiciel-crm": SkillImportance.NICE_TO_HAVE,
    }
    language = NeedLanguage.objects.get(need=need)
    assert (language.level, language.is_mandatory, language.justification) == (4, True, "Clients anglais.")


def test_unknown_skill_repeated_skill_and_unjustified_language_are_explained(client, world):
    need = StaffingNeedFactory(employer=world["employer"], site=world["site"])
    NeedSkill.objects.create(need=need, skill=world["crm"], importance=SkillImportance.MUST_HAVE)
    client.force_login(world["member"])
    url = reverse("portal:need_edit", args=[need.pk, "skills"])
    data = rows(
        "skills",
        [
            {"skill": "Jonglage", "importance": SkillImportance.MUST_HAVE},
            {"skill": "Accueil téléphonique", "importance": SkillImportance.MUST_HAVE},
            {"skill": "accueil téléphonique", "importance": SkillImportance.NICE_TO_HAVE},
        ],
    ) | rows("languages", [{"language": world["english"].pk, "level": "4", "is_mandatory": "on", "justification": ""}])
    response = client.post(url, data)
    assert response.status_code == 200
    text = response.text
    assert 'value="Jonglage"' in text
    assert "Jonglage" in text
    assert 'id="id_skills-0-skill_error"' in text
    assert 'id="id_languages-0-justification_error"' in text
    # Nothing was replaced: the need keeps its skill.
    assert list(NeedSkill.objects.filter(need=need).values_list("skill", flat=True)) == [world["crm"].pk]
    assert not NeedLanguage.objects.filter(need=need).exists()
    data = rows(
        "skills",
        [
            {"skill": "Accueil téléphonique", "importance": SkillImportance.MUST_HAVE},
            {"skill": "accueil téléphonique", "importance": SkillImportance.NICE_TO_HAVE},
        ],
    ) | rows("languages", [])
    response = client.post(url, data)
    assert response.status_code == 200
    assert 'id="id_skills-1-skill_error"' in response.text


# Step 3: training, conditions and waves.


def test_training_with_its_skills_and_waves(client, world):
    need = StaffingNeedFactory(employer=world["employer"], site=world["site"], headcount=30)
    NeedSkill.objects.create(need=need, skill=world["crm"], importance=SkillImportance.MUST_HAVE)
    client.force_login(world["member"])
    url = reverse("portal:need_edit", args=[need.pk, "training"])
    assert "Logiciel CRM" in client.get(url).text
    first, second = need.start_date, need.start_date + datetime.timedelta(days=28)
    data = {
        "accepts_beginners": "on",
        "minimum_experience_years": "0",
        "has_accessible_workstation": "on",
        "offers_training": "on",
        "training_kind": TrainingKind.POEC,
        "training_weeks": "6",
        "training_skills": [str(world["crm"].pk)],
    } | rows(
        "waves",
        [
            {"starts_on": first.isoformat(), "hires_planned": "15"},
            {"starts_on": second.isoformat(), "hires_planned": "15"},
            {"starts_on": "", "hires_planned": ""},
        ],
    )
    response = client.post(url, data | {"next": ""})
    assert response.status_code == 302
    assert response.url == reverse("portal:need_edit", args=[need.pk, "review"])
    need.refresh_from_db()
    assert (need.accepts_beginners, need.has_accessible_workstation, need.offers_training) == (True, True, True)
    assert (need.training_kind, need.training_weeks) == (TrainingKind.POEC, 6)
    assert list(need.training_skills.all()) == [world["crm"]]
    assert list(RecruitingWave.objects.filter(need=need).values_list("starts_on", "hires_planned")) == [
        (first, 15),
        (second, 15),
    ]
    review = client.get(reverse("portal:need_edit", args=[need.pk, "review"])).text
    assert "Logiciel CRM" in review
    assert "POEC" in review


def test_what_an_mrs_test_passed_stands_in_for_is_chosen_among_the_required_skills(client, world):
    need = StaffingNeedFactory(employer=world["employer"], site=world["site"], minimum_experience_years=2)
    NeedSkill.objects.create(need=need, skill=world["crm"], importance=SkillImportance.MUST_HAVE)
    client.force_login(world["member"])
    url = reverse("portal:need_edit", args=[need.pk, "training"])
    data = {
        "minimum_experience_years": "2",
        "mrs_replaces_experience": "on",
        "mrs_skills": [str(world["crm"].pk)],
    } | rows("waves", [])

    assert client.post(url, data | {"next": ""}).status_code == 302

    need.refresh_from_db()
    assert need.mrs_replaces_experience is True
    assert list(need.mrs_skills.all()) == [world["crm"]]
    with translation.override("en"):
        review = client.get(reverse("portal:need_edit", args=[need.pk, "review"])).text
    assert "A test passed stands in for the experience, Logiciel CRM" in review
    # A skill no longer required is no longer one the test stands in for.
    NeedSkill.objects.filter(need=need).delete()
    other = client.post(url, data | {"next": ""})
    assert other.status_code == 200
    assert 'id="id_mrs_skills_error"' in other.text


def test_waves_beyond_the_headcount_and_training_without_length_are_refused(client, world):
    need = StaffingNeedFactory(employer=world["employer"], site=world["site"], headcount=10)
    client.force_login(world["member"])
    url = reverse("portal:need_edit", args=[need.pk, "training"])
    data = {"minimum_experience_years": "0", "offers_training": "on", "training_kind": TrainingKind.POEI} | rows(
        "waves",
        [
            {"starts_on": need.start_date.isoformat(), "hires_planned": "8"},
            {"starts_on": (need.start_date + datetime.timedelta(days=7)).isoformat(), "hires_planned": "8"},
        ],
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "16" in response.text
    assert 'id="id_training_weeks_error"' in response.text
    assert not RecruitingWave.objects.exists()
    need.refresh_from_db()
    assert need.offers_training is False


# Publish, pause, close, duplicate.


def test_publish_pause_resume_and_close(client, world, django_capture_on_commit_callbacks):
    need = StaffingNeedFactory(employer=world["employer"], site=world["site"])
    client.force_login(world["member"])
    detail = reverse("portal:need_detail", args=[need.pk])
    with django_capture_on_commit_callbacks(execute=False):
        assert client.post(reverse("portal:need_publish", args=[need.pk])).url == detail
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN
    assert MatchRun.objects.filter(scope=RunScope.NEED, need=need).count() == 1
    client.post(reverse("portal:need_pause", args=[need.pk]))
    need.refresh_from_db()
    assert need.status == NeedStatus.PAUSED
    assert "Reprendre" in client.get(detail).text or "Resume matching" in client.get(detail).text
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("portal:need_publish", args=[need.pk]))
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN
    client.post(reverse("portal:need_close", args=[need.pk]))
    need.refresh_from_db()
    assert need.status == NeedStatus.CLOSED
    assert list(need.status_changes.values_list("to_status", flat=True).order_by("changed_at", "pk")) == [
        NeedStatus.OPEN,
        NeedStatus.PAUSED,
        NeedStatus.OPEN,
        NeedStatus.CLOSED,
    ]
    # A closed need is history: its form sends back to its page with a message.
    response = client.get(reverse("portal:need_edit", args=[need.pk, "job"]), follow=True)
    assert response.redirect_chain[-1][0] == detail


def test_publishing_a_need_starting_in_the_past_is_refused_with_a_message(client, world):
    need = StaffingNeedFactory(employer=world["employer"], site=world["site"])
    StaffingNeed.objects.filter(pk=need.pk).update(start_date=timezone.localdate() - datetime.timedelta(days=3))
    client.force_login(world["member"])
    response = client.post(reverse("portal:need_publish", args=[need.pk]), follow=True)
    assert response.status_code == 200
    assert "portal-message-error" in response.text
    need.refresh_from_db()
    assert need.status == NeedStatus.DRAFT


def test_duplicate_makes_a_draft_with_the_same_requirements(client, world):
    need = StaffingNeedFactory(employer=world["employer"], site=world["site"], open=True, headcount=12)
    NeedSkill.objects.create(need=need, skill=world["phone"], importance=SkillImportance.MUST_HAVE)
    NeedLanguage.objects.create(
        need=need, language=world["english"], level=4, is_mandatory=True, justification="Clientèle britannique."
    )
    need.training_skills.set([world["phone"]])
    client.force_login(world["member"])
    response = client.post(reverse("portal:need_duplicate", args=[need.pk]))
    copy = StaffingNeed.objects.exclude(pk=need.pk).get()
    assert response.url == reverse("portal:need_edit", args=[copy.pk, "job"])
    assert (copy.status, copy.headcount, copy.hires_count, copy.site) == (NeedStatus.DRAFT, 12, 0, need.site)
    assert list(copy.skill_requirements.values_list("skill", "importance")) == [
        (world["phone"].pk, SkillImportance.MUST_HAVE)
    ]
    assert copy.language_requirements.get().justification == "Clientèle britannique."
    assert list(copy.training_skills.all()) == [world["phone"]]


# Typing suggestions.


def test_occupation_suggestions_ignore_accents_and_case(client, world):
    OccupationFactory(rome_code="M1607", label="Secrétariat")
    client.force_login(world["member"])
    text = client.get(reverse("portal:occupation_search"), {"occupation": "CLIENTELE a dist"}).text
    assert '<option value="Conseiller / Conseillère clientèle à distance (D1408)">' in text
    assert "Secrétariat" not in text
    assert "M1607" in client.get(reverse("portal:occupation_search"), {"occupation": "secretariat"}).text


def test_place_suggestions_list_the_employers_sites_then_communes(client, world):
    SiteFactory(employer=EmployerFactory(), name="Lille autre employeur", commune=world["communes"]["Lille"])
    client.force_login(world["member"])
    text = client.get(reverse("portal:place_search"), {"place": "lil"}).text
    assert text.index("Plateau Euralille — Lille") < text.index("59000 Lille")
    assert "autre employeur" not in text
    assert "59100 Roubaix" in client.get(reverse("portal:place_search"), {"place": "591"}).text


@pytest.mark.parametrize("typed", ["téléconseiller", "teleconseillère", "hotliner", "chargé de clientèle à distance"])
def test_occupation_suggestions_know_the_titles_people_use(rome, client, world, typed):
    client.force_login(world["member"])
    text = client.get(reverse("portal:occupation_search"), {"occupation": typed}).text
    first_option = re.search(r'<option value="([^"]*)">', text).group(1)
    assert first_option.endswith("Conseiller / Conseillère clientèle à distance (D1408)")


def test_occupation_suggestions_forgive_typos_and_show_the_title_that_matched(rome, client, world):
    client.force_login(world["member"])
    text = client.get(reverse("portal:occupation_search"), {"occupation": "hotlinner"}).text
    assert '<option value="Hotliner — Conseiller / Conseillère clientèle à distance (D1408)">' in text


@pytest.mark.parametrize(
    "typed", ["Hotliner", "téléconseillère", "Hotline — Conseiller / Conseillère clientèle à distance (D1408)"]
)
def test_the_job_step_takes_a_job_title_that_names_one_occupation(rome, client, world, typed):
    client.force_login(world["member"])
    response = client.post(reverse("portal:need_create"), job_data(occupation=typed))
    assert response.status_code == 302
    assert StaffingNeed.objects.get().occupation.rome_code == "D1408"


def test_the_job_step_refuses_a_title_of_several_occupations(rome, client, world):
    client.force_login(world["member"])
    response = client.post(reverse("portal:need_create"), job_data(occupation="AVS"))
    assert response.status_code == 200
    assert "Plusieurs métiers correspondent à “AVS” : choisissez" in response.text
    assert not StaffingNeed.objects.exists()

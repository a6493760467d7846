"""Every URL pattern of the project against every role, and what the admin shows each role.

The table is ``TABLE`` (``tests/access_table.py``); the roles and their objects are built by ``tests/access_world.py``:
every object a URL names belongs to platform A's side (employer A), so that member B, member C (another employer of
platform A), a user without a membership and advisor B must find none of it. A URL pattern without a row fails
``test_every_url_pattern_is_in_the_table``; an API answer of 400 or more must be in the API's error format.

Below the table: what the admin's lists and autocompletes show advisor B of platform A, the admin actions on A's
objects per role, staff without a TOTP authenticator (sent to set it up from every staff page), and another platform's
candidate reached only through an accepted hand-off.
"""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from matching.enums import PresentationStatus
from matching.models import HandOff, InterviewSlot, MatchSuggestion
from matching.services.hand_offs import hand_off_accept
from tests.access_admin_pages import ADMIN_MODELS, OUTSIDE_A
from tests.access_cases import LOGIN, MISSING, NO_ARGUMENTS, Case, expect, ids, world_object
from tests.access_table import KNOWN_WRONG_ADMIN_LISTS, KNOWN_WRONG_ANSWERS, TABLE
from tests.access_world import ROLES, AccessWorld, build_access_world, document_create
from tests.accounts.factories import AdvisorFactory
from tests.candidates.factories import CandidateFactory
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db


# --- Completeness -------------------------------------------------------------------------------------------------


def url_pattern_keys() -> dict[str, str]:
    """Every URL pattern of the project, by its table key, with its full route (for the failure message)."""
    keys: dict[str, str] = {}

    def walk(patterns, route: str, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, route + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                full = route + str(pattern.pattern)
                keys[f"{namespace}{pattern.name}" if pattern.name else f"route:/{full}"] = f"/{full}"

    walk(get_resolver().url_patterns, "", "")
    return keys


def test_every_url_pattern_is_in_the_table():
    patterns = url_pattern_keys()
    assert "portal:need_list" in patterns
    assert "admin:candidates_candidate_change" in patterns
    missing = sorted(f"{key}  ({route})" for key, route in patterns.items() if key not in TABLE)
    stale = sorted(set(TABLE) - set(patterns))
    where = "add a row to TABLE in tests/access_table.py (the URL against every role; see its docstring)"
    assert not missing, f"URL patterns without a row: {where}:\n  " + "\n  ".join(missing)
    assert not stale, "Rows of TABLE in tests/access_table.py without a URL pattern:\n  " + "\n  ".join(stale)


def test_every_registered_admin_model_has_a_rule():
    registered = {model._meta.label_lower for model in admin.site._registry}
    where = "add a rule to ADMIN_MODELS in tests/access_admin_pages.py"
    assert not registered - set(ADMIN_MODELS), f"{where}: {sorted(registered - set(ADMIN_MODELS))}"
    assert not set(ADMIN_MODELS) - registered, f"rules without a registered model: {set(ADMIN_MODELS) - registered}"


# --- The matrix ---------------------------------------------------------------------------------------------------


def case_url(world: AccessWorld, key: str, case: Case) -> str:
    url = case.url(world) if case.url is not None else reverse(key, args=case.arguments(world))
    query = case.query(world) if callable(case.query) else case.query
    return f"{url}?{query}" if query else url


def answers_as_expected(response, wanted: int | str) -> bool:
    location = response.get("Location", "")
    if wanted == LOGIN:
        return response.status_code == 302 and location.split("?")[0] in {
            reverse("admin:login"),
            reverse("account_login"),
            reverse("account_signup"),
        }
    if wanted == MISSING:
        return response.status_code == 302 and location == reverse("admin:index")
    return response.status_code == wanted


@pytest.fixture
def world(settings, tmp_path) -> AccessWorld:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return build_access_world()


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_the_table_says(client, world, role):
    if role != "anonymous":
        client.force_login(world.users[role])
    api_client = Client(headers={"Authorization": f"Token {world['api_keys'][role]}"} if role != "anonymous" else {})
    mismatches: list[str] = []
    known: dict[str, str] = {}
    for key, cases in TABLE.items():
        for case in cases:
            url = case_url(world, key, case)
            data = case.data(world) if callable(case.data) else case.data
            if case.is_api:
                response = getattr(api_client, case.method)(url, data=data, content_type="application/json")
                if response.status_code >= 400 and set(response.json()) != {"error"}:
                    mismatches.append(f"{key}: {case.method.upper()} {url} → not the error format: {response.json()}")
            else:
                response = getattr(client, case.method)(url, data=data or None)
            wanted = case.expected[role]
            if not answers_as_expected(response, wanted):
                line = f"{key}: {case.method.upper()} {url} → {response.status_code} {response.get('Location', '')}"
                line = f"{line.rstrip()}, expected {wanted}"
                if (key, role) in KNOWN_WRONG_ANSWERS:
                    known[key] = line
                else:
                    mismatches.append(line)
    assert not mismatches, "\n".join(mismatches)
    fixed = sorted(key for key, known_role in KNOWN_WRONG_ANSWERS if known_role == role and key not in known)
    assert not fixed, f"These cells answer right now: remove them from KNOWN_WRONG_ANSWERS: {fixed}"
    if known:
        pytest.xfail("known wrong answers, see KNOWN_WRONG_ANSWERS:\n" + "\n".join(known.values()))


# --- What the admin's lists and autocompletes show to staff of the other platform ---------------------------------


def _leak_marked(label: str) -> pytest.param:
    reason = KNOWN_WRONG_ADMIN_LISTS.get(label)
    return pytest.param(label, marks=pytest.mark.xfail(strict=True, reason=reason) if reason else (), id=label)


SCOPED_ADMIN_MODELS = [
    _leak_marked(label)
    for label, model in ADMIN_MODELS.items()
    if model.hidden >= OUTSIDE_A and "advisor_a" in model.view
]


@pytest.mark.parametrize("label", SCOPED_ADMIN_MODELS)
def test_admin_lists_show_platform_a_objects_to_its_staff_only(client, world, label):
    model = ADMIN_MODELS[label]
    obj = world_object(world, model.obj)
    change_url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    changelist = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_changelist")
    client.force_login(world.users["advisor_a"])
    assert change_url in client.get(changelist).content.decode()
    client.force_login(world.users["advisor_b"])
    assert change_url not in client.get(changelist).content.decode()


# (source model, its autocomplete field, world object found through it)
AUTOCOMPLETES = [
    pytest.param("candidates.candidateskill", "candidate", "suggested", id="candidate"),
    pytest.param("employers.site", "employer", "employer_a", id="employer"),
    pytest.param("employers.needskill", "need", "need_a", id="need"),
    pytest.param("accounts.membership", "user", "membership_a.user", id="user"),
]


@pytest.mark.parametrize(("source", "field_name", "name"), AUTOCOMPLETES)
def test_admin_autocomplete_finds_platform_a_objects_for_its_staff_only(client, world, source, field_name, name):
    obj = world_object(world, name)
    app_label, model_name = source.split(".")
    query = {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": str(obj)[:12]}

    def found_ids(role: str) -> set[str]:
        client.force_login(world.users[role])
        response = client.post(reverse("admin:autocomplete"), query)
        assert response.status_code == 200
        return {item["id"] for item in response.json()["results"]}

    assert str(obj.pk) in found_ids("advisor_a")
    assert str(obj.pk) not in found_ids("advisor_b")


# --- Staff without two-factor authentication ----------------------------------------------------------------------


STAFF_PAGES = [
    ("admin:index", NO_ARGUMENTS),
    ("admin:candidates_candidate_changelist", NO_ARGUMENTS),
    ("admin:candidates_candidate_change", ids("suggested")),
    ("staff:need_review", ids("need_a")),
    ("staff:need_board", ids("need_a")),
    ("staff:dashboard", NO_ARGUMENTS),
    ("staff:document_download", ids("document")),
    ("portal:home", NO_ARGUMENTS),
]


@pytest.mark.parametrize(("name", "arguments"), STAFF_PAGES, ids=[name for name, _arguments in STAFF_PAGES])
def test_staff_without_totp_are_sent_to_set_it_up_from_every_staff_page(client, world, name, arguments):
    """The roles above log in with ``force_login`` and reach the staff pages because they have a TOTP authenticator
    (``accounts.mfa`` checks that one exists, not how the session began); one who has none reaches none of them."""
    advisor = AdvisorFactory(memberships__platform=world["platform_a"], totp=False)
    client.force_login(advisor)
    response = client.get(reverse(name, args=arguments(world)))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


# --- Admin actions on A's objects (a POST to the list, which the URL table reads with GET) -------------------------

# (model, action, world object) → expected answer per role. Advisor B's list does not hold A's object, so the admin
# answers "select items first" (a redirect to the list) and does nothing; the others get the download or the
# confirmation page.
ACTION_ON_A = expect(LOGIN, LOGIN, LOGIN, 200, 302, 200, 200)
# Actions that call a service and come back to the list, with its message (done, or refused in its words); for
# advisor B nothing is selected: the rows stay as they were (checked below).
ACTION_BACK_TO_LIST = expect(LOGIN, LOGIN, LOGIN, 302, 302, 302, 302)
ADMIN_ACTIONS = [
    ("candidates.candidate", "personal_data_download_json", "suggested", ACTION_ON_A),
    ("candidates.candidate", "personal_data_download_csv", "suggested", ACTION_ON_A),
    ("candidates.candidate", "erase_on_request", "suggested", ACTION_ON_A),
    ("accounts.employeraccessrequest", "refuse", "access_request", ACTION_ON_A),
    ("matching.sessionseat", "record_absent", "session_seat_a", ACTION_BACK_TO_LIST),
    ("matching.collectivesession", "cancel_sessions", "session_a", ACTION_BACK_TO_LIST),
    ("matching.jobdatingproposal", "reject_proposals", "job_dating_proposal", ACTION_BACK_TO_LIST),
    ("matching.needstaleness", "confirm_still_open", "staleness", ACTION_BACK_TO_LIST),
]


@pytest.mark.parametrize("role", ROLES)
def test_admin_actions_on_platform_a_objects_answer_each_role_as_the_table_says(client, world, role):
    if role != "anonymous":
        client.force_login(world.users[role])
    mismatches = []
    for label, action, name, expected in ADMIN_ACTIONS:
        obj = world_object(world, name)
        url = reverse(f"admin:{label.replace('.', '_')}_changelist")
        response = client.post(url, {"action": action, "_selected_action": [obj.pk]})
        if not answers_as_expected(response, expected[role]):
            mismatches.append(f"{action} on {name}: {response.status_code}, expected {expected[role]}")
        elif expected[role] == 302:
            assert response["Location"] == url
    assert not mismatches, "\n".join(mismatches)
    if role == "advisor_b":
        # Nothing of A's candidate reached advisor B through the downloads.
        response = client.post(
            reverse("admin:candidates_candidate_changelist"),
            {"action": "personal_data_download_json", "_selected_action": [world["suggested"].pk]},
        )
        assert world["suggested"].last_name not in response.content.decode()
        # Nor did any of A's sessions, guests or needs change.
        for name in ("session_a", "session_seat_a", "staleness"):
            world[name].refresh_from_db()
        assert (world["session_a"].cancelled_at, world["session_seat_a"].attended) == (None, True)
        assert world["staleness"].confirmed_at is None


# --- Another platform's candidate: advisor B on B's need, with and without A's accepted hand-off ------------------
#
# A's candidate ``suggested`` is suggested for B's need, and sits in a presentation of it at every workflow step
# (as left from before hand-offs existed), with other candidates of A at the later steps. Advisor B may act on none
# of them until platform A accepts B's requests for that need (the world's ``hand_off`` and one per other
# candidate); then every route answers as for B's own candidates. ``ALLOWED`` is any answer but a 404 or a 500
# (the step's own form or rule may still refuse what is posted).

Status = PresentationStatus
WITHOUT, WITH = "without_hand_off", "with_hand_off"
ALLOWED = "allowed"


def _hand_off_cases(world: AccessWorld) -> list[tuple[str, str, str, dict, bool, dict[str, int | str]]]:
    """(label, method, url, data, is_api, expected by situation) for every route that acts on a candidate."""
    need = world["need_b"]
    candidate = world["suggested"]
    suggestion = MatchSuggestion.objects.create(
        need=need, candidate=candidate, run=world["run"], rank=1, score=8000, distance_km=60.0, scoring_version="test",
        parts={"skills": 8000},
    )  # fmt: skip
    presentations = {
        step: presentation_in(step, need=need, candidate=CandidateFactory(platform=world["platform_a"]))
        for step in (Status.PRESENTED, Status.INTERVIEW_REQUESTED, Status.INTERVIEW_SCHEDULED)
    }
    shortlisted = presentation_in(Status.SHORTLISTED, need=need, candidate=candidate)
    slot = InterviewSlot.objects.create(
        presentation=presentations[Status.INTERVIEW_REQUESTED], starts_at=timezone.now(), place="Amiens"
    )
    document = document_create(candidate=candidate, by=world.users["superuser"])
    both = {WITHOUT: 404, WITH: ALLOWED}
    review = lambda name, *args: reverse(f"staff:{name}", args=[need.pk, *args])  # noqa: E731
    presented, requested = presentations[Status.PRESENTED].pk, presentations[Status.INTERVIEW_REQUESTED].pk
    scheduled = presentations[Status.INTERVIEW_SCHEDULED].pk
    api = "/api/staff/presentations"
    step = {"to_status": "withdrawn", "reason": "Matrice"}
    return [
        ("review page names", "get", reverse("staff:need_review", args=[need.pk]), {}, False, {}),
        ("shortlist", "post", review("need_review_shortlist", candidate.pk), {}, False, both),
        ("answer", "post", review("need_review_answer", shortlisted.pk), {}, False, both),
        ("present", "post", review("need_review_present"), {"presentations": [shortlisted.pk]}, False, both),
        ("interview request", "post", review("need_review_interview_request", presented), {}, False, both),
        ("interview accept", "post", review("need_review_interview_accept", requested), {}, False, both),
        ("interview schedule", "post", review("need_review_interview_schedule", requested), {}, False, both),
        ("slot confirm", "post", review("need_review_slot_confirm", requested, slot.pk), {}, False, both),
        ("hire", "post", review("need_review_hire", scheduled), {}, False, both),
        ("end", "post", review("need_review_end", presented), {}, False, both),
        ("document", "get", reverse("staff:document_download", args=[document.pk]), {}, False, both),
        ("board action", "post", reverse("staff:need_board_action", args=[need.pk]),
         {"action": "contacted", "ids": [shortlisted.pk]}, False, {WITHOUT: 404, WITH: 302}),
        ("board log", "get", review("need_board_contact_log", candidate.pk), {}, False, both),
        ("API presentation", "get", f"{api}/{shortlisted.pk}/", {}, True, both),
        ("API steps", "get", f"{api}/{shortlisted.pk}/transitions/", {}, True, both),
        ("API step", "post", f"{api}/{presented}/transitions/", step, True, both),
        ("API suggestions", "get", f"/api/staff/needs/{need.pk}/suggestions/", {}, True, {}),
        ("hand-off request", "post", review("need_review_hand_off_request", suggestion.pk), {"message": "Svp"},
         False, {WITHOUT: 302, WITH: 302}),
    ]  # fmt: skip


@pytest.mark.parametrize("situation", [WITHOUT, WITH])
def test_another_platforms_candidate_is_reached_only_through_an_accepted_hand_off(client, world, situation):
    cases = _hand_off_cases(world)
    if situation == WITH:
        granted = HandOff.objects.filter(need=world["need_b"])
        for candidate_id in world["need_b"].presentations.values_list("candidate_id", flat=True):
            if candidate_id == world["candidate_b"].pk:
                continue
            hand_off = granted.filter(candidate_id=candidate_id).first() or HandOff.objects.create(
                need=world["need_b"], candidate_id=candidate_id, requesting_platform=world["platform_b"],
                owning_platform=world["platform_a"], message="Demande de la matrice.",
            )  # fmt: skip
            hand_off_accept(hand_off=hand_off, candidate_agreed=True, by=world.users["advisor_a"])
    advisor_b = world.users["advisor_b"]
    client.force_login(advisor_b)
    api_client = Client(headers={"Authorization": f"Token {world['api_keys']['advisor_b']}"})
    mismatches = []
    for label, method, url, data, is_api, expected in cases:
        if is_api:
            response = getattr(api_client, method)(url, data=data, content_type="application/json")
        else:
            response = getattr(client, method)(url, data=data or None)
        body = response.content.decode() if not response.streaming else ""
        if label in ("review page names", "API suggestions"):
            shown = world["suggested"].last_name in body
            if response.status_code != 200 or shown != (situation == WITH):
                mismatches.append(f"{label}: {response.status_code}, name shown: {shown}")
            continue
        wanted = expected[situation]
        if wanted == ALLOWED:
            if response.status_code in (404, 500):
                mismatches.append(f"{label}: {method.upper()} {url} → {response.status_code}, expected an answer")
        elif response.status_code != wanted:
            mismatches.append(f"{label}: {method.upper()} {url} → {response.status_code}, expected {wanted}")
    assert not mismatches, "\n".join(mismatches)

"""No employer-facing output ever shows a hidden candidate's identity, a sensitive situation, a birth date or an age.

Candidates of platform A carry unique marker strings in every personal field (names, e-mail, phone, file reference,
the reasons written about them), a birth date, and a ``SensitiveSituation`` with every flag set. Some are presented
to employer A at a step where their identity is still hidden (before they accepted the interview, or after the
employer declined them), some only suggested or shortlisted, some revealed (interview accepted or later). Employer
A's member then reads everything an employer can reach: every portal URL with real ids (pages, htmx fragments, the
answers to posted forms), in each language, the e-mails sent to employers, and the employer API once it exists.

None of it may contain a hidden candidate's marker, a birth date or an age (of anyone), or a sensitive situation's
label, value or field name. The revealed candidates' names must appear (the positive control), so that the check is
not passing on empty pages.
"""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from accounts.enums import MembershipRole
from candidates.documents import document_store
from candidates.enums import DocumentKind
from candidates.models import Candidate, CandidateDocument, SensitiveSituation
from employers.models import StaffingNeed, TrainingCohort
from matching.employer_overview import OVERVIEW_LISTS
from matching.enums import CandidateAnswer, PresentationStatus
from matching.models import (
    CollectiveSession,
    JobDatingProposal,
    MatchSuggestion,
    Outcome,
    Presentation,
    PresentationTransition,
)
from matching.reporting.facts import report_facts_refresh
from matching.reporting.tables import DIMENSIONS
from matching.services.presentations import presentation_present
from matching.services.threads import need_message_post
from notifications.enums import NoticeFrequency
from notifications.notices import presentation_daily_digest_send, presentation_notice_send
from portal.need_views import STEP_NAMES
from tests.access_world import PDF_CONTENT, SUGGESTION_PARTS, AccessWorld, build_access_world
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.candidates.factories import CandidateFactory
from tests.matching.job_dating_world import job_dating_create, seat_create
from tests.matching.presentation_world import presentation_in
from tests.notifications.factories import NoticePreferenceFactory

pytestmark = pytest.mark.django_db

Status = PresentationStatus
# Steps at which employer A must not know who the candidate is.
HIDDEN_STEPS = {
    "shortlisted": Status.SHORTLISTED,
    "presented": Status.PRESENTED,
    "interview_requested": Status.INTERVIEW_REQUESTED,  # the candidate has not accepted yet
    "declined_by_employer": Status.DECLINED_BY_EMPLOYER,
    "withdrawn": Status.WITHDRAWN,
    "declined_by_candidate": Status.DECLINED_BY_CANDIDATE,
    "not_hired": Status.NOT_HIRED,  # the presentation has ended: known by the pseudonym again
}
# Steps at which the candidate accepted the interview: name and contact are shown, nothing else personal.
REVEALED_STEPS = {
    "interview_accepted": Status.INTERVIEW_REQUESTED,
    "interview_scheduled": Status.INTERVIEW_SCHEDULED,
    "hired": Status.HIRED,
}
SENSITIVE_FIELDS = [
    field.name
    for field in SensitiveSituation._meta.get_fields()
    if getattr(field, "get_internal_type", lambda: "")() == "BooleanField"
]
# Labels of sensitive situations, in French and English; acronyms as whole words (a random CSRF token could hold
# "RSA" inside a longer word). The bare word "minimum" cannot be looked for: the employer's own need form asks a
# "salaire annuel brut minimum" and a "niveau de formation minimum".
SENSITIVE_PATTERNS = [
    re.compile(r"\b(RQTH|DELD|QPV|RSA)\b"),
    re.compile(
        r"handicap|disabilit|quartiers? prioritaires?|priority neighbourhood|minimum[- ]income|revenu minimum|"
        r"revenu de solidarit|minima sociaux|long-term job seeker|demandeurs? d.emploi de longue durée|"
        r"moins de 26 ans|under 26|50 ans et plus|50 and over|situation sensible|sensitive situation",
        re.IGNORECASE,
    ),
    re.compile(r"\b(" + "|".join([*SENSITIVE_FIELDS, "sensitive_situation"]) + r")\b"),
    re.compile(r"date de naissance|birth ?date|date of birth|\bâge\b|years old", re.IGNORECASE),
]


@dataclass
class Marked:
    """A candidate of the marker world and the strings that identify them."""

    step: str
    candidate: Candidate
    identity: list[str]  # name, e-mail, phone: shown only once revealed
    private: list[str]  # reference, reasons, birth date, age: never shown


def _birth_date_forms(birth_date: datetime.date) -> list[str]:
    age = (timezone.localdate() - birth_date).days // 365
    forms = [birth_date.isoformat(), birth_date.strftime("%d/%m/%Y"), f"{age} ans", f"{age} years"]
    for language in ("fr", "en"):
        with translation.override(language):
            forms.append(date_format(birth_date, "DATE_FORMAT"))
    return forms


def _marked_candidate(world: AccessWorld, number: int, step: str, status: str | None, *, side: str = "a") -> Marked:
    tag = f"zq{number:02d}x"
    birth_date = datetime.date(1960 + number % 30, 1 + number % 12, 3 + number % 25)
    candidate = CandidateFactory(
        presentable=True,
        platform=world[f"platform_{side}"],
        commune=world["commune"],
        first_name=f"Prenom{tag}",
        last_name=f"Nom{tag}",
        email=f"courriel.{tag}@marqueur.example",
        phone=f"06990{number:05d}",
        reference=f"REF-{tag.upper()}",
        birth_date=birth_date,
        experience_years=3,
    )
    candidate.desired_occupations.add(world["occupation"])
    SensitiveSituation.objects.create(
        candidate=candidate,
        is_under_26=number % 2 == 0,
        is_50_or_over=number % 2 == 1,
        is_long_term_job_seeker=True,
        has_disability_recognition=True,
        lives_in_priority_neighbourhood=True,
        receives_minimum_income=True,
    )
    private = [
        candidate.reference,
        f"Raison{tag}",
        f"Transition{tag}",
        f"Parcours{tag}",
        *_birth_date_forms(birth_date),
    ]
    need = world[f"need_{side}"]
    MatchSuggestion.objects.create(
        need=need, candidate=candidate, run=world["run"], rank=50 + number, score=7000 + number, distance_km=4.0,
        scoring_version="test", parts=SUGGESTION_PARTS,
    )  # fmt: skip
    Outcome.objects.create(candidate=candidate, kind="other", description=f"Parcours{tag}", starts_on=need.start_date)
    if status is not None:
        fields = {"candidate_answer_reason": f"Raison{tag}"}
        if step == "interview_accepted":
            fields["interview_accepted_at"] = timezone.now()
        if status in (Status.WITHDRAWN, Status.DECLINED_BY_CANDIDATE):
            fields["reason"] = f"Raison{tag}"
        if status == Status.SHORTLISTED:
            fields["candidate_answer"] = CandidateAnswer.CONTACTED
        presentation = presentation_in(status, need=need, candidate=candidate, **fields)
        # The platform's own notes: the shortlisting, and an end on the candidate's side. The employer sees the steps
        # from the presentation on, with their reasons (a no-hire's, a decline's): those carry no marker here.
        by = world.users["advisor_a"]
        PresentationTransition.objects.create(
            presentation=presentation, from_status="", to_status=Status.SHORTLISTED, by=by, reason=f"Transition{tag}"
        )
        if status in (Status.WITHDRAWN, Status.DECLINED_BY_CANDIDATE):
            PresentationTransition.objects.create(
                presentation=presentation, from_status=Status.SHORTLISTED, to_status=status, by=by,
                reason=f"Transition{tag}",
            )  # fmt: skip
    # A CV whose file name names its author, as people name their files.
    upload = SimpleUploadedFile(f"CV {candidate.last_name}.pdf", PDF_CONTENT, content_type="application/pdf")
    document_store(candidate=candidate, uploaded_file=upload, kind=DocumentKind.CV, by=world.users["advisor_a"])
    identity = [candidate.first_name, candidate.last_name, candidate.email, candidate.phone]
    return Marked(step=step, candidate=candidate, identity=identity, private=private)


@pytest.fixture
def marker_world(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    world = build_access_world()
    marked = []
    for number, (step, status) in enumerate([*HIDDEN_STEPS.items(), *REVEALED_STEPS.items()], start=1):
        marked.append(_marked_candidate(world, number, step, status))
    marked.append(_marked_candidate(world, 40, "suggested_only", None))
    # A candidate of platform B whose identity employer B knows; employer A must never see it.
    marked.append(_marked_candidate(world, 41, "employer_b", Status.INTERVIEW_SCHEDULED, side="b"))
    # A job dating of need A that every marked candidate of platform A attended: employer A ranks them by pseudonym.
    session = job_dating_create(platform=world["platform_a"], needs=[world["need_a"]])
    for person in marked:
        if person.candidate.platform_id == world["platform_a"].pk:
            seat_create(session, person.candidate)
    world["marked_job_dating"] = session
    return world, marked


# --- What employer A's member can read ----------------------------------------------------------------------------


def _portal_patterns() -> list[tuple[str, list[str]]]:
    """Every portal URL name, with the names of its arguments."""
    found = []

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace == "portal" and pattern.name:
                found.append((pattern.name, list(pattern.pattern.regex.groupindex)))

    walk(get_resolver().url_patterns, "")
    return found


def _argument_values(world: AccessWorld, name: str, argument: str, chosen: dict[str, object]) -> list[object]:
    """Every real value the member of employer A may put in a URL's argument, given the arguments ``chosen``."""
    employer = world["employer_a"]
    values = {
        "need_id": lambda: list(StaffingNeed.objects.filter(employer=employer).values_list("pk", flat=True)),
        "presentation_id": lambda: list(
            Presentation.objects.filter(need__employer=employer).values_list("pk", flat=True)
        ),
        "step": lambda: STEP_NAMES,
        "code": lambda: list(OVERVIEW_LISTS),
        # The CSV export (the XLSX holds the same cells, compressed: read back in tests/portal/test_overview_views.py).
        "file_format": lambda: ["csv"],
        "cohort_id": lambda: list(TrainingCohort.objects.filter(need=chosen["need_id"]).values_list("pk", flat=True)),
        "token": lambda: [world["invitation_token"]],
        "invitation_id": lambda: [world["invitation"].pk],
        "token_id": lambda: [world["spare_token"].pk],
        # The documents of the presentation's candidate, and one of another candidate.
        "document_id": lambda: [
            *CandidateDocument.objects.filter(candidate__presentations=chosen["presentation_id"]).values_list(
                "pk", flat=True
            ),
            world["document"].pk,
        ],
        # The job datings serving one of employer A's needs.
        "session_id": lambda: list(
            CollectiveSession.objects.filter(needs__employer=employer).distinct().values_list("pk", flat=True)
        ),
        # The API names its objects "pk": a need or a presentation, after the URL's name.
        "pk": lambda: _argument_values(world, name, "need_id" if "_need_" in name else "presentation_id", chosen),
    }
    if argument not in values:
        pytest.fail(f"Teach _argument_values how to fill <{argument}> of portal:{name} with employer A's real ids.")
    return values[argument]()


def _portal_urls(world: AccessWorld) -> list[str]:
    urls = []
    for name, arguments in _portal_patterns():
        urls += [reverse(f"portal:{name}", kwargs=kwargs) for kwargs in _combinations(world, name, arguments)]
    return urls


def _combinations(world: AccessWorld, name: str, arguments: list[str]) -> list[dict[str, object]]:
    combinations: list[dict[str, object]] = [{}]
    for argument in arguments:
        combinations = [
            {**combination, argument: value}
            for combination in combinations
            for value in _argument_values(world, name, argument, combination)
        ]
    return combinations


DOCUMENTATION = {"api:schema": "the API's schema", "api:docs": "the API's documentation page"}
SEARCHES = {"portal:occupation_search": "occupation=conseil", "portal:place_search": "place=lil"}


def _text(response) -> str:
    """Everything a response says: its headers (a file's name) and its body, streamed or not."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    headers = "\n".join(f"{name}: {value}" for name, value in response.headers.items())
    return f"{headers}\n\n{body.decode(errors='replace')}"


def _portal_outputs(client, world: AccessWorld) -> list[tuple[str, str]]:
    """Every portal URL, read (GET, and the htmx fragment) or posted empty when it only takes a POST."""
    outputs = []
    for url in _portal_urls(world):
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url)
        outputs.append((f"{response.request['REQUEST_METHOD']} {url} → {response.status_code}", _text(response)))
        if response.request["REQUEST_METHOD"] == "GET" and response.status_code == 200:
            fragment = client.get(url, headers={"HX-Request": "true"})
            outputs.append((f"GET {url} (htmx) → {fragment.status_code}", _text(fragment)))
    for name, query in SEARCHES.items():
        response = client.get(f"{reverse(name)}?{query}", headers={"HX-Request": "true"})
        outputs.append((f"GET {reverse(name)}?{query}", _text(response)))
    return outputs


def _api_outputs(client, world: AccessWorld) -> list[tuple[str, str]]:
    """The employer API's answers with member A's token, once the API exists."""
    keys = world.objects.get("api_keys")
    if not keys:
        return []
    outputs = []
    names = []

    def walk(patterns, route: str, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route + str(pattern.pattern), pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace == "api" and pattern.name:
                full = route + str(pattern.pattern)
                if full.startswith("api/employer/"):
                    names.append((pattern.name, list(pattern.pattern.regex.groupindex)))

    walk(get_resolver().url_patterns, "", "")
    headers = {"Authorization": f"Token {keys['member_a']}"}
    for name, arguments in names:
        for combination in _combinations(world, name, arguments):
            url = reverse(f"api:{name}", kwargs=combination)
            response = client.get(url, headers=headers)
            if response.status_code == 405:
                response = client.post(url, data={}, content_type="application/json", headers=headers)
            outputs.append(
                (f"API {response.request['REQUEST_METHOD']} {url} → {response.status_code}", _text(response))
            )
    # The schema and its page are public: they may name fields, never values.
    for name in ("api:schema", "api:docs"):
        outputs.append((DOCUMENTATION[name], _text(client.get(reverse(name)))))
    return outputs


def _employer_mails(world: AccessWorld, marked: list[Marked]) -> list[tuple[str, str]]:
    """Present the shortlisted candidate the way staff do, then send the employer's notices and daily summary."""
    need = world["need_a"]
    daily = UserFactory(email="rh.quotidien@centre-appels-nord.example")
    NoticePreferenceFactory(user=daily, frequency=NoticeFrequency.DAILY)
    MembershipFactory(user=daily, role=MembershipRole.EMPLOYER_MEMBER, platform=None, employer=world["employer_a"])
    shortlisted = Presentation.objects.get(candidate=next(m.candidate for m in marked if m.step == "shortlisted"))
    shortlisted.candidate_answer = CandidateAnswer.INTERESTED
    shortlisted.save(update_fields=["candidate_answer"])
    mail.outbox.clear()
    # The notice task is queued after commit: the test sends what the task would, with the same arguments.
    presented = presentation_present(presentations=[shortlisted], by=world.users["advisor_a"])
    all_presented = list(
        Presentation.objects.filter(need=need, presented_at__isnull=False).values_list("pk", flat=True)
    )
    presentation_notice_send(need_id=need.pk, presentation_ids=[p.pk for p in presented])
    presentation_notice_send(need_id=need.pk, presentation_ids=all_presented)
    presentation_daily_digest_send(day=timezone.localdate())
    employer_addresses = {world.users["member_a"].email, daily.email}
    mails = [message for message in mail.outbox if set(message.to) & employer_addresses]
    assert mails, "no e-mail reached the employer: the e-mail part of the check would be vacuous"
    return [(f"e-mail to {message.to} “{message.subject}”", f"{message.subject}\n{message.body}") for message in mails]


def _thread_messages(world: AccessWorld, marked: list[Marked]) -> None:
    """Platform staff try to name every marked candidate on need A's thread (their name in both orders, e-mail and
    phone): the service refuses the hidden ones, so the portal's thread page, read with every portal URL, shows only
    the revealed ones (which the service accepts: the positive control). Platform B's candidate is left out:
    platform A's staff never see who they are, so they cannot name them."""
    advisor = world.users["advisor_a"]
    for person in marked:
        if person.step == "employer_b":
            continue
        candidate = person.candidate
        texts = [
            f"{candidate.first_name} {candidate.last_name}",
            f"{candidate.last_name.upper()} {candidate.first_name}",
            candidate.email,
            candidate.phone,
        ]
        for text in texts:
            try:
                need_message_post(need=world["need_a"], author=advisor, body=f"Au sujet de {text} :")
            except ValidationError:
                assert person.step not in REVEALED_STEPS, f"the {person.step} candidate could not be named"
            else:
                assert person.step in REVEALED_STEPS, f"the {person.step} candidate was named on the thread"


# --- The check -----------------------------------------------------------------------------------------------------


def _violations(outputs: list[tuple[str, str]], marked: list[Marked]) -> list[str]:
    revealed_steps = set(REVEALED_STEPS)
    found = []
    for where, text in outputs:
        for person in marked:
            forbidden = person.private + ([] if person.step in revealed_steps else person.identity)
            found += [f"{where}: “{value}” of the {person.step} candidate" for value in forbidden if value in text]
        if where in DOCUMENTATION.values():
            # The API's schema documents the staff area's fields too ("birth date"): names of fields, no values.
            continue
        for pattern in SENSITIVE_PATTERNS:
            found += [f"{where}: sensitive “{match.group(0)}”" for match in pattern.finditer(text)]
    return found


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_no_employer_facing_output_shows_hidden_identities_or_sensitive_data(client, marker_world, language):
    world, marked = marker_world
    client.force_login(world.users["member_a"])
    outputs = _employer_mails(world, marked)
    _thread_messages(world, marked)
    with translation.override(language):
        outputs += _portal_outputs(client, world) + _api_outputs(client, world)

    assert not _violations(outputs, marked), "\n".join(sorted(set(_violations(outputs, marked))))

    # Not vacuous: the hidden candidates' pages were read, and the revealed candidates' names and contact are shown.
    read = {where for where, _text in outputs}
    for person in marked:
        presentation = person.candidate.presentations.filter(need=world["need_a"]).first()
        if person.step in ("presented", "interview_requested", "declined_by_employer", *REVEALED_STEPS):
            with translation.override(language):
                page = reverse("portal:presentation_detail", args=[presentation.pk])
                api = reverse("api:employer_presentation_detail", args=[presentation.pk])
            assert f"GET {page} → 200" in read, f"the {person.step} candidate's page was not read"
            assert f"API GET {api} → 200" in read, f"the {person.step} candidate's API answer was not read"
        if person.step in REVEALED_STEPS:
            shown = "\n".join(text for where, text in outputs if str(presentation.pk) in where)
            assert person.candidate.last_name in shown, f"the {person.step} candidate's name is shown nowhere"
            assert person.candidate.phone in shown, f"the {person.step} candidate's phone is shown nowhere"
    with translation.override(language):
        job_dating = reverse("portal:job_dating_detail", args=[world["marked_job_dating"].pk])
    assert f"GET {job_dating} → 200" in read, "the job dating's ranking page was not read"
    downloads = [where for where in read if "/documents/" in where and where.endswith("→ 200")]
    assert downloads, "no document was downloaded: the documents part of the check would be vacuous"


# --- The staff board ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_staff_board_never_shows_a_sensitive_situation_or_a_birth_date(client, marker_world, language):
    """Staff see names on a need's board, never a sensitive situation, a birth date or an age: not in any state's
    rows, its refresh, nor a candidate's contact log."""
    world, marked = marker_world
    client.force_login(world.users["advisor_a"])
    need = world["need_a"]
    board = reverse("staff:need_board", args=[need.pk])
    outputs = []
    with translation.override(language):
        for state in ("suggested", "shortlisted", "contacted", "interested", "presented", "interview", "training",
                      "hired", "ended"):  # fmt: skip
            response = client.get(f"{board}?state={state}")
            outputs.append((f"board {state}", _text(response)))
        refresh = client.get(f"{board}?state=ended", headers={"HX-Request": "true", "HX-Trigger": "board-region"})
        outputs.append(("board refresh", _text(refresh)))
        for person in marked:
            if person.step == "employer_b":
                continue
            log = reverse("staff:need_board_contact_log", args=[need.pk, person.candidate.pk])
            outputs.append((f"contact log of the {person.step} candidate", _text(client.get(log))))
    found = []
    for where, text in outputs:
        for person in marked:
            # The file reference and the birth date's forms (the reasons written by staff are staff's to read).
            never = [person.candidate.reference, *person.private[4:]]
            found += [f"{where}: “{value}” of the {person.step} candidate" for value in never if value in text]
        for pattern in SENSITIVE_PATTERNS:
            found += [f"{where}: sensitive “{match.group(0)}”" for match in pattern.finditer(text)]
    assert not found, "\n".join(sorted(set(found)))
    # Not vacuous: every candidate of platform A is named on the board.
    shown = "\n".join(text for where, text in outputs if where.startswith("board"))
    for person in marked:
        if person.step != "employer_b":
            assert person.candidate.last_name in shown, f"the {person.step} candidate is on no page of the board"


# --- The six-month check ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_six_month_check_never_shows_a_sensitive_situation_or_a_birth_date(client, marker_world, language):
    """Staff record a hire's six-month check on its own page or in a fragment (htmx): the person's name, never a
    sensitive situation, a birth date, an age or a file reference."""
    world, marked = marker_world
    client.force_login(world.users["advisor_a"])
    hired = [person for person in marked if person.step == "hired"]
    outputs = []
    with translation.override(language):
        for person in hired:
            presentation = person.candidate.presentations.get(need=world["need_a"])
            url = reverse("staff:presentation_follow_up", args=[presentation.pk])
            outputs.append((f"follow-up page {url}", _text(client.get(url))))
            outputs.append((f"follow-up fragment {url}", _text(client.get(url, headers={"HX-Request": "true"}))))
    found = []
    for where, text in outputs:
        for person in marked:
            never = [person.candidate.reference, *person.private[4:]]
            found += [f"{where}: “{value}” of the {person.step} candidate" for value in never if value in text]
        for pattern in SENSITIVE_PATTERNS:
            found += [f"{where}: sensitive “{match.group(0)}”" for match in pattern.finditer(text)]
    assert not found, "\n".join(sorted(set(found)))
    # Not vacuous: the hired candidate's page was read and names them.
    assert hired, "no hired candidate: the check would be vacuous"
    assert hired[0].candidate.last_name in outputs[0][1]


# --- The staff to-do page -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_to_do_page_never_shows_a_sensitive_situation_or_a_birth_date(client, marker_world, language):
    """Staff read names on their to-do page (and its count in every page's header), never a sensitive situation, a
    birth date, an age or a file reference."""
    world, marked = marker_world
    client.force_login(world.users["advisor_a"])
    with translation.override(language):
        pages = [
            (f"to-do {scope}", _text(client.get(reverse("staff:todo"), {"scope": scope})))
            for scope in ("mine", "platform")
        ]
    found = []
    for where, text in pages:
        for person in marked:
            never = [person.candidate.reference, *person.private[4:]]
            found += [f"{where}: “{value}” of the {person.step} candidate" for value in never if value in text]
        for pattern in SENSITIVE_PATTERNS:
            found += [f"{where}: sensitive “{match.group(0)}”" for match in pattern.finditer(text)]
    assert not found, "\n".join(sorted(set(found)))
    # Not vacuous: the interview requested by employer A waits for the platform, by the candidate's name.
    asked = next(person for person in marked if person.step == "interview_requested")
    assert asked.candidate.last_name in pages[1][1]


# --- The admin of collective sessions -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_sessions_admin_never_shows_a_sensitive_situation_or_a_birth_date(client, marker_world, language):
    """Staff read a session's guests and a job dating's proposals by name in the admin (its page, the guests' and
    proposals' lists), never a sensitive situation, a birth date, an age or a file reference."""
    world, marked = marker_world
    session = world["marked_job_dating"]
    guests = [person for person in marked if person.candidate.platform_id == world["platform_a"].pk]
    for person in guests:
        JobDatingProposal.objects.create(session=session, need=world["need_a"], candidate=person.candidate)
    client.force_login(world.users["advisor_a"])
    urls = {
        "session page": reverse("admin:matching_collectivesession_change", args=[session.pk]),
        "guests": reverse("admin:matching_sessionseat_changelist"),
        "proposals": reverse("admin:matching_jobdatingproposal_changelist"),
    }
    with translation.override(language):
        # The page's own content: the admin's menu names every model, "Sensitive situations" among them.
        pages = [(where, _text(client.get(url)).split('id="content"', 1)[1]) for where, url in urls.items()]
    found = []
    for where, text in pages:
        for person in marked:
            never = [person.candidate.reference, *person.private[4:]]
            found += [f"{where}: “{value}” of the {person.step} candidate" for value in never if value in text]
        for pattern in SENSITIVE_PATTERNS:
            found += [f"{where}: sensitive “{match.group(0)}”" for match in pattern.finditer(text)]
    assert not found, "\n".join(sorted(set(found)))
    # Not vacuous: every guest is named on every page.
    for where, text in pages:
        for person in guests:
            assert person.candidate.last_name in text, f"the {person.step} candidate is not on the {where}"


# --- The staff candidate search -----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_candidate_search_never_shows_a_sensitive_situation_or_a_birth_date(client, marker_world, language):
    """Staff find their platform's candidates by place or occupation, by name, never with a sensitive situation, a
    birth date, an age or a file reference."""
    world, marked = marker_world
    client.force_login(world.users["advisor_a"])
    searches = {
        "by place": {"place": world["commune"].name, "radius": "0"},
        "by occupation": {"occupation": world["occupation"].rome_code},
    }
    with translation.override(language):
        url = reverse("staff:candidate_search")
        pages = [(where, _text(client.post(url, posted))) for where, posted in searches.items()]
    found = []
    for where, text in pages:
        for person in marked:
            never = [person.candidate.reference, *person.private[4:]]
            found += [f"{where}: “{value}” of the {person.step} candidate" for value in never if value in text]
        for pattern in SENSITIVE_PATTERNS:
            found += [f"{where}: sensitive “{match.group(0)}”" for match in pattern.finditer(text)]
    assert not found, "\n".join(sorted(set(found)))
    # Not vacuous: every candidate of platform A is found, by name, by both searches; platform B's are not.
    for where, text in pages:
        for person in marked:
            is_ours = person.candidate.platform_id == world["platform_a"].pk
            assert (person.candidate.last_name in text) == is_ours, f"the {person.step} candidate, {where}"


# --- The territorial reports ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_region_observer_reads_counts_never_a_person(client, marker_world, language):
    """The Region reads every report page and file, along every dimension: counts of people, never a person's name,
    contact, reference, reason or birth date (the priority groups appear as counts, by their group's name)."""
    world, marked = marker_world
    report_facts_refresh()
    client.force_login(world.users["observer"])
    outputs = []
    with translation.override(language):
        for dimension in DIMENSIONS:
            for name in ("staff:reports", "staff:reports_print", "staff:reports_csv", "staff:reports_xlsx"):
                response = client.get(reverse(name), {"dimension": dimension})
                assert response.status_code == 200, (name, dimension)
                outputs.append((f"{name} by {dimension}", _text(response)))
    found = [
        f"{where}: “{value}” of the {person.step} candidate"
        for where, text in outputs
        for person in marked
        for value in [*person.identity, *person.private]
        if value in text
    ]
    assert not found, "\n".join(sorted(set(found)))
    # Not vacuous: the hires of platform A are counted on the page.
    assert any("Plateforme Lille" in text for _where, text in outputs)


# --- The partners' space ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_partner_pages_show_only_the_partners_people_and_their_coarse_status(client, marker_world, language):
    """A partner reads the people it proposed by name, with a coarse status: never another candidate, a reason or a
    note written about the person, a sensitive situation, a birth date, an age or a file reference."""
    world, marked = marker_world
    ours = next(person for person in marked if person.step == "not_hired")
    referral = world["referral"]
    referral.candidate = ours.candidate
    referral.status, referral.decided_at = "accepted", timezone.now()
    referral.save()
    client.force_login(world.users["partner"])
    with translation.override(language):
        urls = [
            reverse("partners:home"),
            reverse("partners:referral_detail", args=[referral.pk]),
            reverse("partners:referral_propose"),
            reverse("partners:import"),
            reverse("partners:import_job", args=[world["partner_import_job"].pk]),
        ]
        pages = []
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            pages.append((url, _text(response)))
    found = []
    for where, text in pages:
        for person in marked:
            never = person.private + ([] if person is ours else person.identity)
            found += [f"{where}: “{value}” of the {person.step} candidate" for value in never if value in text]
        for pattern in SENSITIVE_PATTERNS:
            found += [f"{where}: sensitive “{match.group(0)}”" for match in pattern.finditer(text)]
    assert not found, "\n".join(sorted(set(found)))
    # Not vacuous: the partner's own person is named on the list and on their proposal's page.
    assert ours.candidate.last_name in pages[0][1]
    assert ours.candidate.last_name in pages[1][1]

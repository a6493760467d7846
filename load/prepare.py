"""Set up the load test's users and write what locust needs to ``var/load/fixture.json``.

Run by ``load/run.sh`` after migrating and seeding ``tremplin_load``, with the load environment (``DATABASE_URL`` etc.)
already set. It is idempotent, and it puts the database back where the previous run found it:

- runs left unfinished by a killed worker are marked failed, so that none absorbs the test's requests;
- the presentations made by the load staff in an earlier run are deleted (their steps cascade), then made again:
  3 candidates presented for the first open need of each employer (the demo data has no presentation, and the
  employer's pages about presented candidates would be empty), and 10 shortlisted per platform, whose candidate's
  answer the test records; every run then shortlists from the same pool of suggestions;
- load users, password ``tremplin-load-2026``: one employer member for each of the first ``MEMBER_EMPLOYERS``
  employers that have needs (``load.member.<employer id>@tremplin.example``), one advisor per platform
  (``load.advisor.<platform>@…``), a manager (``load.manager@…``), and two region observers, who read the
  territorial reports: the whole region (``load.region@…``) and the département with the most needs
  (``load.departement@…``). Staff and observers get a TOTP authenticator: without one, ``StaffTwoFactorMiddleware``
  sends them to its set-up page. Locust types no TOTP code: every load user gets a session created here directly
  (``SessionStore``, filled as ``django.contrib.auth.login`` fills it), and an API token when the API is migrated;
- the report figures are rebuilt (``report_facts_refresh``, as the hourly task does), so that the report pages
  read this data set's facts; the warm-up of the web routes then computes the tables, as the pages would.

The fixture holds, per user: the session key, the API token, and the ids the tasks pick from (needs, presentations,
suggestions to shortlist, presentations to answer), plus the portal's job-step form data for the needs whose
headcount the test changes; and the report pages' choices (dimensions, periods, detail measures, platforms).
"""

import json
import os
import sys
from importlib import import_module
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from allauth.mfa.adapter import get_adapter as mfa_adapter  # noqa: E402
from allauth.mfa.models import Authenticator  # noqa: E402
from allauth.mfa.totp.internal.auth import (  # noqa: E402
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django import forms  # noqa: E402
from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, Exists, F, OuterRef  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.api_tokens import api_token_create  # noqa: E402
from accounts.enums import MembershipRole  # noqa: E402
from accounts.models import ApiToken, Membership, Platform, User  # noqa: E402
from accounts.services import platform_staff_group_ensure  # noqa: E402
from candidates.enums import CandidateStatus  # noqa: E402
from employers.enums import NeedStatus  # noqa: E402
from employers.models import Employer, StaffingNeed  # noqa: E402
from employers.need_forms import NeedJobForm  # noqa: E402
from matching.enums import CandidateAnswer, RunStatus  # noqa: E402
from matching.models import MatchRun, MatchSuggestion, Presentation, ReportFact  # noqa: E402
from matching.reporting.facts import report_facts_refresh  # noqa: E402
from matching.reporting.periods import report_periods  # noqa: E402
from matching.reporting.tables import DIMENSIONS  # noqa: E402
from matching.review_selectors import need_for_review  # noqa: E402
from matching.services.presentations import (  # noqa: E402
    presentation_answer_record,
    presentation_present,
    presentation_shortlist,
)
from staff.admin_search import SESSION_KEY as ADMIN_SEARCHES_KEY  # noqa: E402
from staff.reports.tables import DETAIL_MEASURES  # noqa: E402

LOAD_PASSWORD = "tremplin-load-2026"  # noqa: S105 - a throw-away database's test logins
LOAD_EMAIL_PREFIX = "load."
MANAGER_EMAIL = "load.manager@tremplin.example"
REGION_OBSERVER_EMAIL = "load.region@tremplin.example"
DEPARTEMENT_OBSERVER_EMAIL = "load.departement@tremplin.example"
# Employers with a load member, of whom the load test's 30 employer users take 30. The 40 employers of the
# 100,000-candidate data set all have needs; the 1,000,000 one has 7,423, whose members (a password hashed each,
# sessions, tokens, presented candidates) nobody would use.
MEMBER_EMPLOYERS = 40
FIXTURE = PROJECT_ROOT / "var" / "load" / "fixture.json"
SHORTLIST_PAIRS_PER_PLATFORM = 400
ANSWERABLE_PER_PLATFORM = 10
TOKEN_NAME = "load test"  # noqa: S105 - a token's name, not a secret
PRESENTED_PER_EMPLOYER = 3
NEEDS_PER_STAFF = 40
SEARCH_TERMS = ["martin", "dupont", "lefebvre", "roubaix", "lille", "vendeur", "D1408", "caron", "amiens", "petit"]
# 18 advisors share 8 accounts, 2 managers 1: at most 3 locust users an account, each with a session of its own.
SESSIONS_PER_STAFF = 3
# The key of an admin search kept in each staff account's first session: the warm-up opens the list searched.
WARM_UP_SEARCH_KEY = "warm-up"


def runs_settle() -> int:
    return MatchRun.objects.filter(status__in=RunStatus.unfinished()).update(
        status=RunStatus.FAILED, finished_at=timezone.now(), error="Left over by an interrupted load test"
    )


def session_for(user: User, *, searches: dict[str, str] | None = None) -> str:
    """A logged-in session for ``user``, filled as ``django.contrib.auth.login`` fills it; returns its key.

    ``searches``: admin searches the session keeps already, by key (staff/admin_search.py), for the warm-up.
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if searches:
        store[ADMIN_SEARCHES_KEY] = searches
    store.create()
    return store.session_key


def staff_sessions(user: User) -> list[str]:
    """A session for each locust user that may share this staff account: each keeps its own admin searches, as
    each person's browser does (two users saving one session at once could lose each other's search)."""
    return [session_for(user) for _ in range(SESSIONS_PER_STAFF)]


def api_is_ready() -> bool:
    """Whether the REST API is installed and its tokens migrated: only then do users get tokens and call it."""
    return apps.is_installed("api") and "accounts_apitoken" in connection.introspection.table_names()


def api_token_for(user: User) -> str | None:
    """A fresh API token (``api_token_create``), replacing the one of an earlier run; None without the API."""
    if not api_is_ready():
        return None
    ApiToken.objects.filter(user=user, name=TOKEN_NAME).delete()
    return api_token_create(user=user, name=TOKEN_NAME, totp_code=totp_code_now(user)).key


def totp_code_now(user: User) -> str:
    """The code the staff member's authenticator app shows now, which a staff token asks for: this script holds the
    load users' secrets as their phones would. "" for an employer member, who has none (and needs none)."""
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return ""
    secret = mfa_adapter().decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, int(timezone.now().timestamp()) // 30))


def staff_ensure(email: str, *, platform: Platform, role: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, LOAD_PASSWORD, is_staff=True, first_name="Charge", last_name="Test")
    user.groups.add(platform_staff_group_ensure())
    Membership.objects.get_or_create(user=user, platform=platform, defaults={"role": role})
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    return user


def observer_ensure(email: str, *, departement_code: str) -> User:
    """A region observer reading ``departement_code`` ("" for the whole region): no platform, no staff flag, TOTP."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, LOAD_PASSWORD, first_name="Observation", last_name="Test")
    Membership.objects.update_or_create(
        user=user, role=MembershipRole.REGION_OBSERVER, defaults={"departement_code": departement_code}
    )
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    return user


def busiest_departement() -> str:
    """The département with the most needs (its observer's reports have the most lines): "59", Nord, in the demo;
    "" (the whole region) without needs."""
    counts = (
        StaffingNeed.objects.values("site__commune__departement_code")
        .annotate(needs=Count("pk"))
        .order_by("-needs", "site__commune__departement_code")
    )
    return counts.values_list("site__commune__departement_code", flat=True).first() or ""


def observer_fixture(user: User, departement_code: str) -> dict:
    """An observer's sessions, and the platforms whose report they may narrow to: those with figures in their
    territory (every platform may be asked; these are the ones a reader of the territory would ask)."""
    facts = ReportFact.objects.all()
    if departement_code:
        facts = facts.filter(departement_code=departement_code)
    platforms = sorted(set(facts.values_list("platform_id", flat=True)))
    return {
        "email": user.email,
        "departement": departement_code,
        "session": session_for(user),
        "sessions": staff_sessions(user),
        "token": None,
        "platforms": platforms,
    }


def reports_fixture() -> dict:
    """What the report pages offer: the query values the observers pick from."""
    return {
        "dimensions": list(DIMENSIONS),
        "periods": [period.key for period in report_periods(timezone.localdate())],
        "measures": [measure.key for measure in DETAIL_MEASURES],
    }


def job_form_data(need: StaffingNeed) -> dict[str, str]:
    """What the portal's job step posts for ``need`` as it stands: the form's own initial values, as rendered."""
    form = NeedJobForm(instance=need, employer=need.employer)
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
            continue
        value = field.prepare_value(value)
        formatted = field.widget.format_value(value)
        if isinstance(formatted, list):  # a select's value, as the list of its chosen options
            formatted = formatted[0] if formatted else ""
        data[name] = "" if formatted is None else str(formatted)
    data["stay"] = "1"  # "Save": stay on the step (a redirect to it), rather than go on to the next one
    return data


def member_ensure(employer: Employer) -> User:
    """The load test's member of ``employer``: an employer member, no staff rights, no TOTP."""
    email = f"load.member.{employer.pk}@tremplin.example"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, LOAD_PASSWORD, first_name="Recrutement", last_name="Test")
    Membership.objects.get_or_create(user=user, role=MembershipRole.EMPLOYER_MEMBER, defaults={"employer": employer})
    return user


def presented_ensure(employer: Employer, advisor: User, *, count: int) -> None:
    """Present ``count`` candidates for the employer's first open need, as the load advisor of its platform.

    The demo data has no presentation: without these, the employer's presented-candidate pages would be empty.
    """
    need = StaffingNeed.objects.filter(employer=employer, status=NeedStatus.OPEN).order_by("pk").first()
    if need is None:
        return
    taken = Presentation.objects.filter(need_id=OuterRef("need_id"), candidate_id=OuterRef("candidate_id"))
    suggestions = (
        MatchSuggestion.objects.filter(
            need=need,
            candidate__status=CandidateStatus.ACTIVE,
            candidate__consents_to_presentation=True,
            candidate__platform_id=need.employer.platform_id,  # another platform's candidate needs a hand-off
        )
        .filter(~Exists(taken))
        .select_related("candidate")
        .order_by("rank")[:count]
    )
    shortlisted = []
    for suggestion in suggestions:
        presentation = presentation_shortlist(need=need, candidate=suggestion.candidate, by=advisor)
        shortlisted.append(
            presentation_answer_record(presentation=presentation, answer=CandidateAnswer.INTERESTED, by=advisor)
        )
    if shortlisted:
        presentation_present(presentations=shortlisted, by=advisor)


def employers_fixture(employers: list[Employer]) -> list[dict]:
    result = []
    for employer in employers:
        user = member_ensure(employer)
        needs = list(StaffingNeed.objects.filter(employer=employer).order_by("pk").values_list("pk", flat=True))
        # Needs whose headcount can swing between an odd value and the even one above it, whatever the hires.
        editable = [
            need
            for need in StaffingNeed.objects.filter(employer=employer, status=NeedStatus.OPEN)
            .select_related("employer", "site__commune", "occupation")
            .order_by("pk")[:5]
            if need.headcount - need.hires_count >= 2 and need.headcount < 999
        ]
        presentations = list(
            Presentation.objects.filter(
                need__employer=employer,
                status__in=("presented", "interview_requested", "interview_scheduled", "hired", "not_hired"),
            )
            .order_by("pk")
            .values_list("pk", flat=True)[:20]
        )
        result.append(
            {
                "email": user.email,
                "session": session_for(user),
                "token": api_token_for(user),
                "needs": needs,
                "presentations": presentations,
                "edits": [
                    {"id": need.pk, "headcount": need.headcount, "form": job_form_data(need)} for need in editable
                ],
            }
        )
    # Employers with a need to edit first: with fewer users than employers, every user has writes to make.
    return sorted(result, key=lambda member: (not member["edits"], not member["presentations"]))


def staff_fixture(platform: Platform, user: User, *, answerable: int = 0) -> dict:
    """A staff user's session and token, their platform's open needs with suggestions, and pairs to shortlist.

    With ``answerable``, that many suggestions are shortlisted now, by this user: the presentations whose candidate's
    answer the test records (it may be recorded again and again while the presentation is only shortlisted).
    """
    open_needs = list(
        StaffingNeed.objects.filter(employer__platform=platform, status=NeedStatus.OPEN)
        .annotate(suggestion_count=Count("suggestions"))
        .filter(suggestion_count__gt=0)
        .order_by("pk")
        .values_list("pk", flat=True)[:NEEDS_PER_STAFF]
    )
    taken = Presentation.objects.filter(need_id=OuterRef("need_id"), candidate_id=OuterRef("candidate_id"))
    free = (
        MatchSuggestion.objects.filter(
            need_id__in=open_needs,
            candidate__status=CandidateStatus.ACTIVE,
            candidate__platform_id=F("need__employer__platform_id"),  # another platform's candidate needs a hand-off
        )
        .filter(~Exists(taken))
        .select_related("need", "candidate")
        .order_by("rank", "need_id")
    )
    shortlisted = []
    for suggestion in free[:answerable]:
        need = need_for_review(user=user, need_id=suggestion.need_id)  # fails loudly if the user may not see it
        presentation = presentation_shortlist(need=need, candidate=suggestion.candidate, by=user)
        shortlisted.append([need.pk, presentation.pk])
    pairs = list(free.values_list("need_id", "candidate_id")[:SHORTLIST_PAIRS_PER_PLATFORM])
    return {
        "email": user.email,
        "platform": platform.pk,
        "session": session_for(user, searches={WARM_UP_SEARCH_KEY: SEARCH_TERMS[0]}),
        "sessions": staff_sessions(user),
        "token": api_token_for(user),
        "needs": open_needs,
        "shortlist": [list(pair) for pair in pairs],
        "answerable": shortlisted,
    }


def main() -> None:
    with transaction.atomic():
        settled = runs_settle()
        deleted, _ = Presentation.objects.filter(created_by__email__startswith=LOAD_EMAIL_PREFIX).delete()
        platforms = list(Platform.objects.order_by("pk"))
        advisors = [
            (
                platform,
                staff_ensure(f"load.advisor.{platform.slug}@tremplin.example", platform=platform, role="advisor"),
            )
            for platform in platforms
        ]
        advisor_of = {platform.pk: user for platform, user in advisors}
        with_needs = Employer.objects.filter(Exists(StaffingNeed.objects.filter(employer=OuterRef("pk"))))
        employers = list(with_needs.order_by("pk")[:MEMBER_EMPLOYERS])
        for employer in employers:
            presented_ensure(employer, advisor_of[employer.platform_id], count=PRESENTED_PER_EMPLOYER)
        manager = staff_ensure(MANAGER_EMAIL, platform=platforms[0], role=MembershipRole.MANAGER)
        departement = busiest_departement()
        observers = [
            (observer_ensure(REGION_OBSERVER_EMAIL, departement_code=""), ""),
            (observer_ensure(DEPARTEMENT_OBSERVER_EMAIL, departement_code=departement), departement),
        ]
        # The report figures as the hourly task rebuilds them, from this data set and the presentations above.
        refresh = report_facts_refresh()
        fixture = {
            "api": api_is_ready(),
            "search_terms": SEARCH_TERMS,
            "employers": employers_fixture(employers),
            "advisors": [
                staff_fixture(platform, user, answerable=ANSWERABLE_PER_PLATFORM) for platform, user in advisors
            ],
            "manager": staff_fixture(platforms[0], manager),
            "observers": [observer_fixture(user, code) for user, code in observers],
            "reports": reports_fixture(),
        }
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_text(json.dumps(fixture, indent=1))
    counts = {
        "employers": len(fixture["employers"]),
        "editable needs": sum(len(e["edits"]) for e in fixture["employers"]),
        "presentations (employer side)": sum(len(e["presentations"]) for e in fixture["employers"]),
        "advisors": len(fixture["advisors"]),
        "pairs to shortlist": sum(len(a["shortlist"]) for a in fixture["advisors"]),
        "presentations to answer": sum(len(a["answerable"]) for a in fixture["advisors"]),
        "api tokens": fixture["api"],
        "observers": len(fixture["observers"]),
        "report facts": f"{refresh.fact_rows} rows in {refresh.duration_ms / 1000:.1f} s",
        "unfinished runs settled": settled,
        "rows of an earlier run deleted": deleted,
    }
    print("  fixture: " + ", ".join(f"{name} {value}" for name, value in counts.items()))


if __name__ == "__main__":
    main()

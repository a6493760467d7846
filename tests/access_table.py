"""Every URL pattern of the project against every role, as one table: ``TABLE``, checked by ``tests/test_access.py``.

A URL pattern without a row fails ``test_every_url_pattern_is_in_the_table``: add its row here, by its namespaced name
or, for an unnamed pattern, by ``route:/<its route>``, as one or more ``Case`` (``tests/access_cases.py``): the method,
how to build the URL's arguments from the world (``tests/access_world.py``), and the expected answer for each role.
The admin's generated pages come from ``ADMIN_MODELS`` (``tests/access_admin_pages.py``).

Expected answers are what a user should get. Where the code answers otherwise today (a leak, or a role kept from
what it should reach), the cell keeps the right answer and ``KNOWN_WRONG_ANSWERS`` names it: the role's test is then
marked xfail with the list, and fails as soon as a listed cell answers right (remove it from the list) or any other
cell answers wrong.
"""

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from matching.enums import LinkPurpose
from matching.link_tokens import link_salt_new, link_token, link_token_hash
from matching.models import CandidateLink
from tests.access_admin_pages import admin_rows
from tests.access_cases import (
    ADMIN_STAFF,
    ADMIN_SUPER,
    API_EMPLOYER_A,
    API_EMPLOYER_A_INVALID,
    API_EMPLOYER_OWN,
    API_STAFF_A,
    API_STAFF_ALL,
    API_STAFF_REFUSED,
    LOGIN,
    NO_ARGUMENTS,
    PARTNER_ACTION,
    PARTNER_PAGE,
    PORTAL_ACTION_A,
    PORTAL_FORM_A,
    PORTAL_OBJECT_A,
    PORTAL_OWN,
    STAFF_ACTION_A,
    STAFF_FORM_A,
    STAFF_PAGE_A,
    Case,
    api_get,
    api_patch,
    api_post,
    expect,
    get,
    ids,
    literal,
    post,
    same_for,
)
from tests.access_world import INVITATION_TOKEN, AccessWorld

# A page of the partners' space about what is not the partner's: not found for anyone.
NOT_PARTNERS = same_for(404, anonymous=LOGIN)


def _content_type_and_employer(world: AccessWorld) -> list[Any]:
    return [ContentType.objects.get_for_model(world["employer_a"]).pk, world["employer_a"].pk]


def _shortlisted_again(world: AccessWorld) -> dict[str, Any]:
    shortlisted = world["presentations"]["staff_answer"]
    return {"need": shortlisted.need_id, "candidate": shortlisted.candidate_id}


def _platform_a_query(world: AccessWorld) -> str:
    return f"platform={world['platform_a'].pk}"


def _candidate_link_token(world: AccessWorld) -> list[str]:
    """A usable link to a shortlisted candidate of need A, made once: its page is public, opened by the token."""
    if "candidate_link_token" not in world.objects:
        presentation = world["presentations"]["staff_answer"]
        salt = link_salt_new()
        now = timezone.now()
        CandidateLink.objects.create(
            presentation=presentation,
            candidate_id=presentation.candidate_id,
            purpose=LinkPurpose.PROPOSAL,
            token_salt=salt,
            token_hash=link_token_hash(link_token(salt)),
            sent_by_email=True,
            created_at=now,
            expires_at=now + datetime.timedelta(days=7),
        )
        world["candidate_link_token"] = link_token(salt)
    return [world["candidate_link_token"]]


def _candidate_link_to_revoke(world: AccessWorld) -> list[int]:
    """A link of need A's shortlisted candidate, apart from the one whose page is opened: revoking it twice is
    harmless, so every role of platform A gets the same answer."""
    if "candidate_link_to_revoke" not in world.objects:
        presentation = world["presentations"]["staff_answer"]
        now = timezone.now()
        world["candidate_link_to_revoke"] = CandidateLink.objects.create(
            presentation=presentation,
            candidate_id=presentation.candidate_id,
            purpose=LinkPurpose.INTERVIEW_SLOT,
            token_salt=link_salt_new(),
            token_hash=link_token_hash(link_salt_new()),
            sent_by_sms=True,
            created_at=now,
            expires_at=now + datetime.timedelta(days=7),
        )
    return [world["candidate_link_to_revoke"].pk]


def _job_dating(world: AccessWorld) -> Any:
    """The world's job dating (``tests.access_world.job_dating_add``)."""
    return world["job_dating"]


def _job_dating_ids(*names: str) -> Any:
    """The job dating's id, then those of world objects (``job_dating_proposal`` once the session is made)."""

    def arguments(world: AccessWorld) -> list[Any]:
        session = _job_dating(world)
        return [session.pk, *ids(*names)(world)]

    return arguments


AUTOCOMPLETE_FORM = {"app_label": "candidates", "model_name": "candidateskill", "field_name": "candidate", "term": "a"}


TABLE: dict[str, list[Case]] = {
    # The root and the language switch.
    "home": [get(NO_ARGUMENTS, same_for(302))],
    "set_language": [post(NO_ARGUMENTS, same_for(302), data={"language": "en", "next": "/portal/"})],
    # The probes of the proxy or orchestrator answer everyone, and tell nothing but which check failed (the world
    # holds a fresh worker heartbeat, and the test run's database and broker answer).
    "health_live": [get(NO_ARGUMENTS, same_for(200))],
    "health_ready": [get(NO_ARGUMENTS, same_for(200))],
    "favicon": [get(NO_ARGUMENTS, same_for(302))],
    # The admin site's own pages.
    "admin:index": [get(NO_ARGUMENTS, ADMIN_STAFF)],
    # The admin's password-only login is never served: anonymous visitors go to allauth's login, staff to the
    # admin, employer members are told the workspace is not theirs.
    "admin:login": [get(NO_ARGUMENTS, expect(LOGIN, 403, 403, 302, 302, 302, 302))],
    # Logging out is a POST; a GET is refused (405), and the test must stay logged in.
    "admin:logout": [get(NO_ARGUMENTS, expect(302, 302, 302, 405, 405, 405, 405))],
    "admin:password_change": [get(NO_ARGUMENTS, ADMIN_STAFF)],
    "admin:password_change_done": [get(NO_ARGUMENTS, ADMIN_STAFF)],
    "admin:jsi18n": [get(NO_ARGUMENTS, ADMIN_STAFF)],
    # Autocomplete answers (200) with the rows the user may see: tested for content below. What is typed is posted,
    # never put in the URL: a GET is refused (staff/admin_site.py).
    "admin:autocomplete": [
        post(NO_ARGUMENTS, ADMIN_STAFF, data=AUTOCOMPLETE_FORM),
        get(NO_ARGUMENTS, expect(LOGIN, LOGIN, LOGIN, 405, 405, 405, 405)),
    ],
    # No model has a public page: "view on site" finds nothing.
    "admin:view_on_site": [get(_content_type_and_employer, expect(LOGIN, LOGIN, LOGIN, 404, 404, 404, 404))],
    "admin:app_list": [
        get(literal("candidates"), ADMIN_STAFF),
        get(literal("auth"), expect(LOGIN, LOGIN, LOGIN, 404, 404, 404, 200)),
    ],
    "route:/admin/(?P<url>.*)$": [
        get(NO_ARGUMENTS, expect(LOGIN, LOGIN, LOGIN, 404, 404, 404, 404), url=lambda world: "/admin/nulle-part/")
    ],
    **admin_rows(),
    "admin:auth_user_password_change": [get(ids("membership_a.user"), ADMIN_SUPER)],
    "admin:candidates_candidate_import": [get(NO_ARGUMENTS, ADMIN_STAFF)],
    # An import job is its platform's: another platform's staff find none of it.
    "admin:candidates_candidate_import_job": [get(ids("import_job"), expect(LOGIN, LOGIN, LOGIN, 200, 404, 200, 200))],
    "admin:candidates_candidate_import_job_progress": [
        get(ids("import_job"), expect(LOGIN, LOGIN, LOGIN, 200, 404, 200, 200))
    ],
    # Choosing the codes of a job's occupations in words: the job's platform's staff only.
    "admin:candidates_candidate_import_job_occupations": [
        post(ids("import_job"), expect(LOGIN, LOGIN, LOGIN, 302, 404, 302, 302))
    ],
    "admin:candidates_candidate_import_job_write": [
        post(ids("import_job"), expect(LOGIN, LOGIN, LOGIN, 302, 404, 302, 302))
    ],
    "admin:candidates_candidate_contact_log": [
        get(ids("suggested"), expect(LOGIN, LOGIN, LOGIN, 200, 404, 200, 200)),
        # Posted without a kind: refused, with the form shown again.
        post(ids("suggested"), expect(LOGIN, LOGIN, LOGIN, 400, 404, 400, 400), data={"note": "Appel"}),
    ],
    "admin:candidates_candidate_export": [get(NO_ARGUMENTS, ADMIN_STAFF)],
    # allauth: login, sign-up, password and e-mail pages, two-factor authentication.
    "account_login": [get(NO_ARGUMENTS, expect(200, 302, 302, 302, 302, 302, 302))],
    "account_logout": [get(NO_ARGUMENTS, expect(302, 200, 200, 200, 200, 200, 200))],
    "account_inactive": [get(NO_ARGUMENTS, same_for(200))],
    "account_signup": [get(NO_ARGUMENTS, expect(200, 302, 302, 302, 302, 302, 302))],
    "account_reauthenticate": [get(NO_ARGUMENTS, same_for(200, anonymous=LOGIN))],
    # Reauthentication: by password for whoever has no authenticator, by code for staff (TOTP); a session opened
    # without a recent authentication (force_login here) is sent through it before any sensitive two-factor page.
    # A partner advisor has a TOTP authenticator, as staff do.
    "account_request_reauthentication_code": [
        get(NO_ARGUMENTS, expect(LOGIN, 200, 200, 302, 302, 302, 302, observer=302, partner=302))
    ],
    "account_confirm_reauthentication_code": [get(NO_ARGUMENTS, same_for(302, anonymous=LOGIN))],
    "account_email": [get(NO_ARGUMENTS, same_for(200, anonymous=LOGIN))],
    "account_email_verification_sent": [get(NO_ARGUMENTS, same_for(200))],
    "account_change_password": [get(NO_ARGUMENTS, same_for(200, anonymous=LOGIN))],
    "account_set_password": [get(NO_ARGUMENTS, same_for(302, anonymous=LOGIN))],
    "account_reset_password": [get(NO_ARGUMENTS, same_for(200))],
    "account_confirm_login_code": [get(NO_ARGUMENTS, same_for(302))],
    "account_confirm_email": [get(literal("cle-inconnue"), same_for(200))],
    "account_reset_password_from_key_done": [get(NO_ARGUMENTS, same_for(200))],
    "account_reset_password_from_key": [get(literal("1", "cle-inconnue"), same_for(200))],
    "account_reset_password_done": [get(NO_ARGUMENTS, same_for(200))],
    "mfa_index": [get(NO_ARGUMENTS, same_for(200, anonymous=LOGIN))],
    "mfa_authenticate": [get(NO_ARGUMENTS, same_for(302))],
    "mfa_reauthenticate": [get(NO_ARGUMENTS, expect(LOGIN, 302, 302, 200, 200, 200, 200, observer=200, partner=200))],
    # Staff already have a TOTP authenticator (activating again is sent elsewhere); members have none to remove,
    # nor recovery codes to show.
    "mfa_activate_totp": [get(NO_ARGUMENTS, same_for(302, anonymous=LOGIN))],
    "mfa_deactivate_totp": [get(NO_ARGUMENTS, expect(LOGIN, 404, 404, 302, 302, 302, 302, observer=302, partner=302))],
    "mfa_view_recovery_codes": [get(NO_ARGUMENTS, same_for(404, anonymous=LOGIN))],
    "mfa_generate_recovery_codes": [get(NO_ARGUMENTS, same_for(302, anonymous=LOGIN))],
    "mfa_download_recovery_codes": [get(NO_ARGUMENTS, same_for(404, anonymous=LOGIN))],
    # The staff workspace: a need's review and its workflow steps, the dashboards.
    "staff:need_review": [get(ids("need_a"), STAFF_PAGE_A)],
    "staff:need_review_recompute": [post(ids("need_a"), STAFF_ACTION_A)],
    # A need's sourcing check (polled fragment, "check again") and its near misses of the user's own platform.
    "staff:need_sourcing": [get(ids("need_a"), STAFF_PAGE_A)],
    "staff:need_sourcing_check": [post(ids("need_a"), STAFF_ACTION_A)],
    "staff:need_near_misses": [get(ids("need_a"), STAFF_PAGE_A)],
    "staff:need_review_shortlist": [post(ids("need_a", "suggested"), STAFF_ACTION_A)],
    "staff:need_review_present": [post(ids("need_a"), STAFF_ACTION_A)],
    # A secure link: an empty form is refused with a message, back to the page; a link of need A is revoked.
    "staff:need_review_link_send": [post(ids("need_a", "presentations.staff_answer"), STAFF_ACTION_A)],
    "staff:need_review_link_revoke": [
        post(lambda world: [world["need_a"].pk, *_candidate_link_to_revoke(world)], STAFF_ACTION_A)
    ],
    # A's own suggested candidate: refused with a message (nothing to ask for), the need is B's business elsewhere.
    "staff:need_review_hand_off_request": [post(ids("need_a", "suggestion"), STAFF_ACTION_A)],
    "staff:todo": [get(NO_ARGUMENTS, expect(LOGIN, 404, 404, 200, 200, 200, 200))],
    "staff:hand_off_list": [get(NO_ARGUMENTS, expect(LOGIN, 404, 404, 200, 200, 200, 200))],
    "staff:notice_settings": [get(NO_ARGUMENTS, expect(LOGIN, 404, 404, 200, 200, 200, 200))],
    # The candidate search: staff only; an empty search is answered with the empty form, as the page itself.
    "staff:candidate_search": [
        get(NO_ARGUMENTS, expect(LOGIN, 404, 404, 200, 200, 200, 200)),
        post(NO_ARGUMENTS, expect(LOGIN, 404, 404, 200, 200, 200, 200)),
    ],
    # B's request for A's candidate: A's staff answer it (an empty form is refused with a message), B's do not.
    "staff:hand_off_accept": [post(ids("hand_off"), STAFF_ACTION_A)],
    "staff:hand_off_decline": [post(ids("hand_off"), STAFF_ACTION_A)],
    # A's open need: A's staff confirm it (302); closing it without a reason is refused with a message (302).
    "staff:stale_need_confirm": [post(ids("need_a"), STAFF_ACTION_A)],
    "staff:stale_need_close": [post(ids("need_a"), STAFF_ACTION_A)],
    "staff:need_review_answer": [
        post(ids("need_a", "presentations.staff_answer"), STAFF_FORM_A),
        # A's presentation under B's need: not found, whoever asks.
        post(ids("need_b", "presentations.staff_answer"), same_for(404, anonymous=LOGIN)),
    ],
    "staff:need_review_interview_request": [
        post(ids("need_a", "presentations.staff_interview_request"), STAFF_ACTION_A)
    ],
    "staff:need_review_interview_schedule": [
        post(ids("need_a", "presentations.staff_interview_schedule"), STAFF_FORM_A)
    ],
    "staff:need_review_interview_accept": [
        post(ids("need_a", "presentations.staff_interview_accept"), STAFF_ACTION_A)
    ],
    "staff:need_review_slot_confirm": [
        post(ids("need_a", "presentations.staff_slot_confirm", "slot"), STAFF_ACTION_A)
    ],
    "staff:need_review_hire": [post(ids("need_a", "presentations.staff_hire"), STAFF_FORM_A)],
    "staff:need_review_end": [post(ids("need_a", "presentations.staff_end"), STAFF_FORM_A)],
    # Undoing: an empty hire-end form, a reopening or an un-shortlisting the step refuses (a presented candidate):
    # a message, and back to the page; nothing changes in the world.
    "staff:need_review_hire_end": [post(ids("need_a", "presentations.hired"), STAFF_ACTION_A)],
    "staff:need_review_reopen": [post(ids("need_a", "presentations.staff_end"), STAFF_ACTION_A)],
    "staff:need_review_unshortlist": [post(ids("need_a", "presentations.staff_end"), STAFF_ACTION_A)],
    # A hire's six-month check: its form, and an empty one shown again with its errors.
    "staff:presentation_follow_up": [
        get(ids("presentations.hired"), STAFF_PAGE_A),
        post(ids("presentations.hired"), STAFF_FORM_A),
    ],
    # An empty form is refused with a message, and back to the page.
    "staff:need_review_wave_move": [post(ids("need_a"), STAFF_ACTION_A)],
    "staff:need_review_keep_for_later": [post(ids("need_a"), STAFF_ACTION_A)],
    # A need's board: the page, an action on ticked rows (an empty form goes back to the board with a message) and
    # a suggested candidate's contact log (an empty entry is shown again with its errors).
    "staff:need_board": [get(ids("need_a"), STAFF_PAGE_A)],
    "staff:need_thread": [
        get(ids("need_a"), STAFF_PAGE_A),
        post(ids("need_a"), STAFF_FORM_A),
        post(ids("need_a"), STAFF_ACTION_A, data={"body": "Deux personnes vous seront présentées demain."}),
    ],
    # Collective sessions: the list and the form for every platform's staff; A's session for A's staff only.
    "staff:session_list": [get(NO_ARGUMENTS, expect(LOGIN, 404, 404, 200, 200, 200, 200))],
    "staff:session_create": [
        get(NO_ARGUMENTS, expect(LOGIN, 404, 404, 200, 200, 200, 404)),
        post(NO_ARGUMENTS, expect(LOGIN, 404, 404, 200, 200, 200, 404)),
    ],
    "staff:session_detail": [get(ids("session_a"), STAFF_PAGE_A), post(ids("session_a"), STAFF_FORM_A)],
    "staff:session_edit": [get(ids("session_a"), STAFF_PAGE_A), post(ids("session_a"), STAFF_FORM_A)],
    "staff:session_check_in": [get(ids("session_a"), STAFF_PAGE_A)],
    "staff:session_seat_attendance": [post(ids("session_a", "session_seat_a"), STAFF_ACTION_A)],
    "staff:session_seat_result": [post(ids("session_a", "session_seat_a"), STAFF_ACTION_A)],
    # Employer intake: the list and the new lead's form for every platform's staff (a superuser has no platform to
    # record a lead for); A's visited lead for A's staff only, each step's empty form shown again with its errors.
    "staff:lead_list": [get(NO_ARGUMENTS, expect(LOGIN, 404, 404, 200, 200, 200, 200))],
    "staff:lead_create": [
        get(NO_ARGUMENTS, expect(LOGIN, 404, 404, 200, 200, 200, 404)),
        post(NO_ARGUMENTS, expect(LOGIN, 404, 404, 200, 200, 200, 404)),
    ],
    "staff:lead_detail": [get(ids("lead_a"), STAFF_PAGE_A)],
    "staff:lead_visit_book": [post(ids("lead_a"), STAFF_FORM_A)],
    "staff:lead_visit_record": [post(ids("lead_a"), STAFF_FORM_A)],
    "staff:lead_close": [post(ids("lead_a"), STAFF_FORM_A)],
    "staff:lead_employer": [post(ids("lead_a"), STAFF_FORM_A)],
    "staff:lead_need_create": [get(ids("lead_a"), STAFF_PAGE_A), post(ids("lead_a"), STAFF_FORM_A)],
    "staff:need_board_action": [post(ids("need_a"), STAFF_ACTION_A)],
    "staff:need_board_contact_log": [
        get(ids("need_a", "suggested"), STAFF_PAGE_A),
        post(ids("need_a", "suggested"), STAFF_FORM_A),
        # A's candidate under B's need, where they are not suggested: not found, whoever asks.
        get(ids("need_b", "suggested"), same_for(404, anonymous=LOGIN)),
    ],
    # Need A's running cohort and its trainee: an empty form is shown again with its errors (200), a step without
    # a form goes back to the page with a message (302); a cohort named under another need is not found.
    "staff:need_review_cohort_create": [post(ids("need_a"), STAFF_FORM_A)],
    "staff:need_review_cohort_update": [
        post(ids("need_a", "cohort"), STAFF_FORM_A),
        post(ids("need_b", "cohort"), same_for(404, anonymous=LOGIN)),
    ],
    "staff:need_review_cohort_status": [post(ids("need_a", "cohort"), STAFF_ACTION_A)],
    "staff:need_review_cohort_enrol": [post(ids("need_a", "cohort"), STAFF_FORM_A)],
    "staff:need_review_trainee_attendance": [post(ids("need_a", "cohort", "enrolment"), STAFF_FORM_A)],
    "staff:need_review_trainee_drop_out": [post(ids("need_a", "cohort", "enrolment"), STAFF_FORM_A)],
    "staff:need_review_trainee_complete": [post(ids("need_a", "cohort", "enrolment"), STAFF_ACTION_A)],
    "staff:dashboard": [
        get(NO_ARGUMENTS, expect(LOGIN, 404, 404, 200, 200, 200, 200)),
        get(NO_ARGUMENTS, STAFF_PAGE_A, query=_platform_a_query),
    ],
    "staff:dashboard_csv": [
        get(NO_ARGUMENTS, expect(LOGIN, 404, 404, 200, 200, 200, 200)),
        get(NO_ARGUMENTS, STAFF_PAGE_A, query=_platform_a_query),
    ],
    "staff:dashboard_xlsx": [
        get(NO_ARGUMENTS, expect(LOGIN, 404, 404, 200, 200, 200, 200)),
        get(NO_ARGUMENTS, STAFF_PAGE_A, query=_platform_a_query),
    ],
    # The territorial reports: the observer's territory, the staff's own platforms; counts only.
    **{
        name: [get(NO_ARGUMENTS, expect(LOGIN, 404, 404, 200, 200, 200, 200, observer=200))]
        for name in (
            "staff:reports",
            "staff:reports_print",
            "staff:reports_csv",
            "staff:reports_xlsx",
            "staff:reports_pdf",
        )
    },
    "staff:dashboard_region": [get(NO_ARGUMENTS, expect(LOGIN, 404, 404, 404, 404, 200, 200))],
    "staff:dashboard_region_csv": [get(NO_ARGUMENTS, expect(LOGIN, 404, 404, 404, 404, 200, 200))],
    "staff:dashboard_region_xlsx": [get(NO_ARGUMENTS, expect(LOGIN, 404, 404, 404, 404, 200, 200))],
    # The employer portal.
    "portal:home": [get(NO_ARGUMENTS, same_for(302, anonymous=LOGIN))],
    # Only someone with no membership yet asks for access; members are sent home.
    # A partner advisor never acts for an employer (``employers.joining.employer_joining_refusal``).
    "portal:access_request": [
        get(NO_ARGUMENTS, expect(LOGIN, 302, 302, 404, 404, 404, 404, no_membership=200, partner=404))
    ],
    "portal:team": [get(NO_ARGUMENTS, PORTAL_OWN)],
    "portal:invitation_revoke": [post(ids("invitation"), PORTAL_ACTION_A)],
    # The link's token follows a "#" and is posted: the page asks for it, and a known token opens the invitation.
    "portal:invitation_accept": [
        get(NO_ARGUMENTS, same_for(200)),
        post(NO_ARGUMENTS, same_for(302), data={"token": INVITATION_TOKEN}),
    ],
    # A candidate's secure link: public, the token is the key; any other token gets the same neutral page.
    "portal:candidate_link": [
        get(_candidate_link_token, same_for(200)),
        get(literal("A" * 43), same_for(404)),
        post(literal("A" * 43), same_for(404), data={"interested": "yes"}),
    ],
    # An interview's calendar file, by the link's token only: a proposal link or any other token opens nothing.
    "portal:candidate_link_interview_calendar": [
        get(_candidate_link_token, same_for(404)),
        get(literal("A" * 43), same_for(404)),
    ],
    "portal:need_list": [get(NO_ARGUMENTS, PORTAL_OWN)],
    "portal:overview": [get(NO_ARGUMENTS, PORTAL_OWN)],
    "portal:overview_list": [
        get(literal("to_answer"), PORTAL_OWN),
        get(literal("interviews_this_week"), PORTAL_OWN),
        get(literal("nowhere"), same_for(404, anonymous=LOGIN)),
    ],
    # The employer's whole export, or one need's: member B asking for need A's is not found.
    "portal:presentations_export": [
        get(literal("csv"), PORTAL_OWN),
        get(literal("xlsx"), PORTAL_OBJECT_A, query=lambda world: f"need={world['need_a'].pk}"),
        get(literal("pdf"), same_for(404, anonymous=LOGIN)),
    ],
    "portal:need_create": [get(NO_ARGUMENTS, PORTAL_OWN)],
    "portal:need_detail": [get(ids("need_a"), PORTAL_OBJECT_A)],
    "portal:need_progress": [get(ids("need_a"), PORTAL_OBJECT_A)],
    "portal:need_edit": [get(lambda world: [world["need_a"].pk, "job"], PORTAL_OBJECT_A)],
    # The sourcing check of step 4: counts only, for the need's own employer.
    "portal:need_sourcing": [get(ids("draft_a"), PORTAL_OBJECT_A)],
    "portal:need_sourcing_check": [post(ids("draft_a"), PORTAL_ACTION_A)],
    # A need's thread: read, an empty message shown again with its error, a message posted.
    "portal:need_thread": [
        get(ids("need_a"), PORTAL_OBJECT_A),
        post(ids("need_a"), PORTAL_FORM_A),
        post(ids("need_a"), PORTAL_ACTION_A, data={"body": "Pouvez-vous rappeler l'agence ?"}),
    ],
    "portal:need_publish": [post(ids("draft_a"), PORTAL_ACTION_A)],
    "portal:need_pause": [post(ids("need_to_pause"), PORTAL_ACTION_A)],
    "portal:need_close": [post(ids("need_to_close"), PORTAL_ACTION_A)],
    "portal:need_duplicate": [post(ids("need_a"), PORTAL_ACTION_A)],
    # The employer plans or changes a cohort of their own need: an empty form is shown again with its errors.
    "portal:need_cohort_create": [post(ids("need_a"), PORTAL_FORM_A)],
    "portal:need_cohort_update": [
        post(ids("need_a", "cohort"), PORTAL_FORM_A),
        post(ids("need_b", "cohort"), same_for(404, anonymous=LOGIN)),
    ],
    "portal:occupation_search": [get(NO_ARGUMENTS, PORTAL_OWN, query="occupation=conseil")],
    "portal:place_search": [get(NO_ARGUMENTS, PORTAL_OWN, query="place=lil")],
    "portal:presentation_detail": [get(ids("presentations.presented"), PORTAL_OBJECT_A)],
    "portal:presentation_interview_request": [post(ids("presentations.portal_interview_request"), PORTAL_ACTION_A)],
    # Many candidates of a need answered at once: an empty form is shown again with its errors.
    "portal:need_bulk_answer": [post(ids("need_a"), PORTAL_FORM_A)],
    "portal:presentation_decline": [post(ids("presentations.portal_decline"), PORTAL_FORM_A)],
    "portal:presentation_slots_propose": [post(ids("presentations.portal_slots"), PORTAL_FORM_A)],
    "portal:presentation_slot_confirm": [post(ids("presentations.portal_slot_confirm"), PORTAL_FORM_A)],
    "portal:presentation_hire": [post(ids("presentations.portal_hire"), PORTAL_FORM_A)],
    "portal:presentation_assessment": [get(ids("presentations.portal_no_hire"), PORTAL_OBJECT_A)],
    "portal:presentation_no_hire": [post(ids("presentations.portal_no_hire"), PORTAL_FORM_A)],
    "portal:notice_settings": [get(NO_ARGUMENTS, PORTAL_OWN)],
    "portal:api_tokens": [get(NO_ARGUMENTS, PORTAL_OWN)],
    "portal:api_token_revoke": [
        post(ids("spare_token"), PORTAL_ACTION_A),
        # Someone else's token (a staff token: staff do not use the portal): not found, whoever asks.
        post(ids("api_tokens.advisor_a"), same_for(404, anonymous=LOGIN)),
    ],
    # A document is served once the candidate's identity is revealed to the employer, and only that candidate's.
    "portal:presentation_document_download": [
        get(ids("presentations.interview_scheduled", "document"), PORTAL_OBJECT_A),
        get(ids("presentations.presented", "hidden_document"), same_for(404, anonymous=LOGIN)),
        get(ids("presentations.interview_scheduled", "hidden_document"), same_for(404, anonymous=LOGIN)),
        # The second id names no document at all.
        get(ids("presentations.presented", "need_a"), same_for(404, anonymous=LOGIN)),
    ],
    "staff:document_download": [get(ids("document"), STAFF_PAGE_A)],
    # The REST API, with each role's token (``Authorization: Token <key>``); anonymous requests are told 401.
    "api:schema": [api_get(NO_ARGUMENTS, same_for(200))],
    "api:docs": [api_get(NO_ARGUMENTS, same_for(200))],
    "route:/api/^.*$": [api_get(NO_ARGUMENTS, same_for(404), url=lambda world: "/api/nulle-part/")],
    "api:occupation_suggest": [
        api_get(NO_ARGUMENTS, expect(401, 200, 200, 200, 200, 200, 200, no_membership=200), query="q=hotline"),
        api_get(NO_ARGUMENTS, expect(401, 400, 400, 400, 400, 400, 400, no_membership=400), query="q=h"),
    ],
    "api:employer_need_list": [
        api_get(NO_ARGUMENTS, API_EMPLOYER_OWN),
        api_post(NO_ARGUMENTS, expect(401, 400, 400, 403, 403, 403, 403, no_membership=403)),
    ],
    "api:employer_need_detail": [
        api_get(ids("need_a"), API_EMPLOYER_A),
        api_patch(ids("need_a"), API_EMPLOYER_A, data={"title": "Téléconseil renommé"}),
    ],
    "api:employer_need_publish": [api_post(ids("api_draft"), API_EMPLOYER_A)],
    # A need's thread: an empty message is refused (400), a message is posted (201).
    "api:employer_need_messages": [
        api_get(ids("need_a"), API_EMPLOYER_A),
        api_post(ids("need_a"), API_EMPLOYER_A_INVALID),
        api_post(ids("need_a"), expect(401, 201, 404, 403, 403, 403, 403, no_membership=403), data={"body": "Merci"}),
    ],
    "api:employer_need_messages_read": [api_post(ids("need_a"), API_EMPLOYER_A)],
    "api:staff_need_messages": [
        api_get(ids("need_a"), API_STAFF_A),
        api_post(ids("need_a"), expect(401, 403, 403, 400, 404, 400, 400)),
        api_post(ids("need_a"), expect(401, 403, 403, 201, 404, 201, 201), data={"body": "Bien noté"}),
    ],
    "api:staff_need_messages_read": [api_post(ids("need_a"), API_STAFF_A)],
    "api:employer_need_close": [api_post(ids("api_need_to_close"), API_EMPLOYER_A)],
    # Need A's running cohort: an empty body is refused (400), a change is saved.
    "api:employer_need_cohort_list": [
        api_get(ids("need_a"), API_EMPLOYER_A),
        api_post(ids("need_a"), API_EMPLOYER_A_INVALID),
    ],
    "api:employer_need_cohort_detail": [
        api_get(ids("need_a", "cohort"), API_EMPLOYER_A),
        api_patch(ids("need_a", "cohort"), API_EMPLOYER_A, data={"place": "Lille, Euralille"}),
        api_get(ids("need_b", "cohort"), same_for(404, anonymous=401, **API_STAFF_REFUSED)),
    ],
    "api:employer_presentation_list": [api_get(NO_ARGUMENTS, API_EMPLOYER_OWN)],
    "api:employer_presentation_export": [
        api_get(NO_ARGUMENTS, API_EMPLOYER_OWN),
        api_get(NO_ARGUMENTS, API_EMPLOYER_A, query=lambda world: f"file=csv&need={world['need_a'].pk}"),
    ],
    "api:employer_presentation_detail": [
        api_get(ids("presentations.presented"), API_EMPLOYER_A),
        # Shortlisted by staff but not presented yet: the employer does not know of it.
        api_get(ids("presentations.shortlisted"), same_for(404, anonymous=401, **API_STAFF_REFUSED)),
    ],
    "api:employer_presentation_answer": [
        api_post(ids("presentations.presented"), API_EMPLOYER_A_INVALID),
        api_post(ids("presentations.api_employer_answer"), API_EMPLOYER_A, data={"action": "interview_request"}),
    ],
    # No object in the address: an empty body is refused (400) for any employer member.
    "api:employer_presentation_bulk_answer": [
        api_post(NO_ARGUMENTS, expect(401, 400, 400, 403, 403, 403, 403, no_membership=403))
    ],
    "api:staff_candidate_list": [api_get(NO_ARGUMENTS, API_STAFF_ALL)],
    # A secure link: an empty request is refused by its form (400); another platform's presentation is not found.
    "api:staff_presentation_links": [
        api_post(ids("presentations.staff_answer"), expect(401, 403, 403, 400, 404, 400, 400)),
    ],
    "api:staff_link_revoke": [api_post(_candidate_link_to_revoke, expect(401, 403, 403, 200, 404, 200, 200))],
    "api:staff_candidate_search": [api_post(NO_ARGUMENTS, API_STAFF_ALL, data={"q": "a"})],
    "api:staff_candidate_detail": [
        api_get(ids("suggested"), API_STAFF_A),
        api_patch(ids("suggested"), API_STAFF_A, data={"experience_years": 4}),
    ],
    "api:staff_need_list": [api_get(NO_ARGUMENTS, API_STAFF_ALL)],
    "api:staff_need_detail": [api_get(ids("need_a"), API_STAFF_A)],
    "api:staff_need_sourcing": [
        api_get(ids("need_a"), API_STAFF_A),
        api_post(ids("need_a"), expect(401, 403, 403, 202, 404, 202, 202)),
    ],
    "api:staff_need_near_misses": [api_get(ids("need_a"), API_STAFF_A)],
    "api:staff_need_suggestions": [api_get(ids("need_a"), API_STAFF_A)],
    "api:staff_need_pool": [api_get(ids("need_a"), API_STAFF_A)],
    # An empty body is refused (400) for A's staff; B's do not find the presentation.
    "api:staff_presentation_wave": [
        api_post(ids("presentations.presented"), expect(401, 403, 403, 400, 404, 400, 400))
    ],
    # Undoing and the six-month check with an empty body, or a step the presentation cannot take: refused (400).
    # An assessment: the employer's to write (an empty body is refused), platform staff's to read (none yet: 404).
    "api:employer_presentation_assessment": [api_post(ids("presentations.portal_no_hire"), API_EMPLOYER_A_INVALID)],
    "api:staff_presentation_assessment": [
        api_get(ids("presentations.hired"), expect(401, 403, 403, 404, 404, 404, 404))
    ],
    "api:staff_presentation_follow_up": [
        api_post(ids("presentations.hired"), expect(401, 403, 403, 400, 404, 400, 400))
    ],
    "api:staff_presentation_hire_end": [
        api_post(ids("presentations.hired"), expect(401, 403, 403, 400, 404, 400, 400))
    ],
    "api:staff_presentation_reopen": [
        api_post(ids("presentations.presented"), expect(401, 403, 403, 400, 404, 400, 400))
    ],
    "api:staff_presentation_unshortlist": [
        api_post(ids("presentations.presented"), expect(401, 403, 403, 400, 404, 400, 400))
    ],
    # The trainee's steps with an empty body are refused (400); completing was done on the review page already.
    "api:staff_need_cohort_list": [
        api_get(ids("need_a"), API_STAFF_A),
        api_post(ids("need_a"), expect(401, 403, 403, 400, 404, 400, 400)),
    ],
    "api:staff_need_cohort_detail": [
        api_get(ids("need_a", "cohort"), API_STAFF_A),
        api_patch(ids("need_a", "cohort"), API_STAFF_A, data={"capacity": 15}),
    ],
    # Collective sessions: A's session for A's staff (an empty body is refused, 400); employers read their own.
    "api:staff_session_list": [
        api_get(NO_ARGUMENTS, API_STAFF_ALL),
        api_post(NO_ARGUMENTS, expect(401, 403, 403, 400, 400, 400, 400)),
    ],
    "api:staff_session_detail": [
        api_get(ids("session_a"), API_STAFF_A),
        api_patch(ids("session_a"), API_STAFF_A, data={"title": "MRS Lille centre"}),
    ],
    # Each role's world is its own: every staff member of platform A cancels the session (after the rows above).
    "api:staff_session_cancel": [api_post(ids("session_a"), API_STAFF_A)],
    "api:staff_session_invite": [api_post(ids("session_a"), expect(401, 403, 403, 400, 404, 400, 400))],
    "api:staff_session_attendance": [
        api_post(ids("session_a", "session_seat_a"), expect(401, 403, 403, 400, 404, 400, 400))
    ],
    "api:staff_session_result": [
        api_post(ids("session_a", "session_seat_a"), expect(401, 403, 403, 400, 404, 400, 400))
    ],
    "api:employer_session_list": [api_get(NO_ARGUMENTS, API_EMPLOYER_OWN)],
    # Employer leads: every platform's staff list theirs, and an empty body is refused (400) before any platform is
    # needed; A's lead for A's staff only, each step's empty body refused.
    "api:staff_lead_list": [
        api_get(NO_ARGUMENTS, API_STAFF_ALL),
        api_post(NO_ARGUMENTS, expect(401, 403, 403, 400, 400, 400, 400)),
    ],
    "api:staff_lead_detail": [api_get(ids("lead_a"), API_STAFF_A)],
    "api:staff_lead_book": [api_post(ids("lead_a"), expect(401, 403, 403, 400, 404, 400, 400))],
    "api:staff_lead_visit": [api_post(ids("lead_a"), expect(401, 403, 403, 400, 404, 400, 400))],
    "api:staff_lead_close": [api_post(ids("lead_a"), expect(401, 403, 403, 400, 404, 400, 400))],
    "api:staff_cohort_trainee_list": [
        api_get(ids("need_a", "cohort"), API_STAFF_A),
        api_post(ids("need_a", "cohort"), expect(401, 403, 403, 400, 404, 400, 400)),
    ],
    "api:staff_cohort_trainee_attendance": [
        api_post(ids("need_a", "cohort", "enrolment"), expect(401, 403, 403, 400, 404, 400, 400))
    ],
    "api:staff_cohort_trainee_complete": [
        api_post(ids("need_a", "cohort", "enrolment"), expect(401, 403, 403, 400, 404, 400, 400))
    ],
    "api:staff_cohort_trainee_drop_out": [
        api_post(ids("need_a", "cohort", "enrolment"), expect(401, 403, 403, 400, 404, 400, 400))
    ],
    "api:staff_run_list": [api_get(NO_ARGUMENTS, API_STAFF_ALL)],
    "api:staff_run_detail": [api_get(ids("run"), API_STAFF_A)],
    "api:staff_presentation_list": [
        api_get(NO_ARGUMENTS, API_STAFF_ALL),
        api_post(NO_ARGUMENTS, expect(401, 403, 403, 400, 400, 400, 400)),
        # A candidate already shortlisted for the need: the service refuses (400); for advisor B neither the need nor
        # the candidate exists (400 on the fields, nothing revealed).
        api_post(NO_ARGUMENTS, expect(401, 403, 403, 400, 400, 400, 400), data=_shortlisted_again),
    ],
    "api:staff_presentation_detail": [api_get(ids("presentations.presented"), API_STAFF_A)],
    "api:staff_presentation_transitions": [
        api_get(ids("presentations.presented"), API_STAFF_A),
        api_post(
            ids("presentations.api_staff_step"),
            expect(401, 403, 403, 201, 404, 201, 201),
            data={"to_status": "interview_requested"},
        ),
    ],
    # B asked A for A's candidate: both platforms read the request; A's staff answer it (an empty body is refused).
    "api:staff_hand_off_list": [
        api_get(NO_ARGUMENTS, API_STAFF_ALL),
        api_post(NO_ARGUMENTS, expect(401, 403, 403, 400, 400, 400, 400)),
    ],
    "api:staff_hand_off_detail": [api_get(ids("hand_off"), API_STAFF_ALL)],
    "api:staff_hand_off_accept": [api_post(ids("hand_off"), expect(401, 403, 403, 400, 404, 400, 400))],
    "api:staff_hand_off_decline": [api_post(ids("hand_off"), expect(401, 403, 403, 400, 404, 400, 400))],
    # A's open need: A's staff confirm it still open; closing it without a reason is refused (400).
    "api:staff_need_still_open": [api_post(ids("need_a"), expect(401, 403, 403, 200, 404, 200, 200))],
    "api:staff_need_close_stale": [api_post(ids("need_a"), expect(401, 403, 403, 400, 404, 400, 400))],
    # Job datings: the staff page of platform A's session, an employer ranking its own need's attendees, the API.
    "staff:job_dating": [get(_job_dating_ids(), STAFF_PAGE_A)],
    "staff:job_dating_candidate_rank": [post(_job_dating_ids("suggested"), STAFF_ACTION_A)],
    "staff:job_dating_compute": [post(_job_dating_ids(), STAFF_ACTION_A)],
    # Without a channel the form is refused, back to the page (302) for A's staff; 404 for anyone else.
    "staff:job_dating_ranking_links": [post(_job_dating_ids(), STAFF_ACTION_A)],
    "staff:job_dating_proposal_confirm": [post(_job_dating_ids("job_dating_proposal"), STAFF_ACTION_A)],
    "staff:job_dating_proposal_reject": [post(_job_dating_ids("job_dating_proposal"), STAFF_ACTION_A)],
    "portal:job_dating_list": [get(NO_ARGUMENTS, PORTAL_OWN)],
    "portal:job_dating_detail": [get(_job_dating_ids(), PORTAL_OBJECT_A)],
    # An empty form clears the employer's ranking: done, and the page shown again.
    "portal:job_dating_rank": [post(_job_dating_ids("need_a"), PORTAL_ACTION_A)],
    "api:employer_job_dating_ranking": [
        api_get(_job_dating_ids("need_a"), API_EMPLOYER_A),
        api_post(_job_dating_ids("need_a"), API_EMPLOYER_A_INVALID),
    ],
    "api:staff_job_dating_rankings": [api_get(_job_dating_ids(), API_STAFF_A)],
    "api:staff_job_dating_candidate_ranking": [
        api_post(_job_dating_ids("suggested"), expect(401, 403, 403, 400, 404, 400, 400))
    ],
    # No channel given: refused (400) for A's staff, 404 for anyone else.
    "api:staff_job_dating_ranking_links": [api_post(_job_dating_ids(), expect(401, 403, 403, 400, 404, 400, 400))],
    "api:staff_job_dating_proposal_list": [api_get(_job_dating_ids(), API_STAFF_A)],
    "api:staff_job_dating_proposal_compute": [api_post(_job_dating_ids(), API_STAFF_A)],
    # The pair was rejected: confirming or rejecting it again is refused by the service.
    "api:staff_job_dating_proposal_confirm": [
        api_post(_job_dating_ids("job_dating_proposal"), expect(401, 403, 403, 400, 404, 400, 400))
    ],
    "api:staff_job_dating_proposal_reject": [
        api_post(_job_dating_ids("job_dating_proposal"), expect(401, 403, 403, 400, 404, 400, 400))
    ],
    # The partners' space: its advisor only; another partner's proposal or file is not found, for them too.
    "partners:home": [get(NO_ARGUMENTS, PARTNER_PAGE)],
    "partners:referral_propose": [
        get(NO_ARGUMENTS, PARTNER_PAGE),
        post(NO_ARGUMENTS, PARTNER_PAGE),  # an empty form, shown again with its errors
    ],
    "partners:referral_detail": [
        get(ids("referral"), PARTNER_PAGE),
        get(ids("other_partner_referral"), same_for(404, anonymous=LOGIN)),
    ],
    "partners:import": [get(NO_ARGUMENTS, PARTNER_PAGE), post(NO_ARGUMENTS, PARTNER_PAGE)],
    "partners:import_job": [get(ids("partner_import_job"), PARTNER_PAGE), get(ids("import_job"), NOT_PARTNERS)],
    "partners:import_job_progress": [get(ids("partner_import_job"), PARTNER_PAGE)],
    # The file has a line in error: nothing to write, the page says why.
    "partners:import_job_write": [post(ids("partner_import_job"), PARTNER_ACTION)],
    # The platform's staff decide on the proposals made to it.
    "staff:referral_list": [get(NO_ARGUMENTS, expect(LOGIN, 404, 404, 200, 200, 200, 200))],
    "staff:referral_accept": [post(ids("referral_to_accept"), STAFF_ACTION_A)],
    "staff:referral_decline": [post(ids("referral_to_decline"), STAFF_ACTION_A, data={"reason": "Hors territoire."})],
}

# Cells where the code answers otherwise than it should today, with what it answers: reported, not encoded.
# "Leak": a role gets more than it should. "Refused": a role is kept from what it should reach.
# Cells where the code answers wrong today, with the reason; the role's test fails when one of them answers right.
KNOWN_WRONG_ANSWERS: dict[tuple[str, str], str] = {}
# Admin lists that show advisor B what belongs to platform A, or that A's own staff cannot open.
KNOWN_WRONG_ADMIN_LISTS: dict[str, str] = {}

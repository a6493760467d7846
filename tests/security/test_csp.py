"""The content security policy: its directives, a fresh nonce on every response, and pages that keep to it.

Pages are asked as a browser would ask them, and their HTML is read for what the policy refuses: an inline script
or style without the response's nonce, a style="" attribute, an on...="" handler, a javascript: URL. A template
scan catches the same in pages no test renders.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.security.pages import csp_directives, header_nonce, inline_code_problems

pytestmark = pytest.mark.django_db

EXPECTED_DIRECTIVES = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}


def import_job_checking(world):
    """A candidate import being checked: its page loads htmx and polls its progress."""
    from candidates.models import CandidateImport

    return CandidateImport.objects.create(
        platform=world.candidate.platform,
        created_by=world.advisor,
        filename="candidats.csv",
        content=b"Nom;Prenom;Commune\n",
        status=CandidateImport.Status.CHECKING,
        rows_read=1000,
        rows_total=4000,
    )


def pages(world) -> dict[str, tuple[object, str]]:
    """Who asks which page: the portal, allauth, the staff workspace and the admin (ours and Django's)."""
    return {
        "portal needs": (world.member, reverse("portal:need_list")),
        "portal need": (world.member, reverse("portal:need_detail", args=[world.need.pk])),
        "portal presentation": (world.member, reverse("portal:presentation_detail", args=[world.presentation.pk])),
        "allauth login": (None, reverse("account_login")),
        "allauth sign-up": (None, reverse("account_signup")),
        "allauth two-factor": (world.member, reverse("mfa_index")),
        "staff review": (world.advisor, reverse("staff:need_review", args=[world.need.pk])),
        "staff dashboard": (world.advisor, reverse("staff:dashboard")),
        "admin index": (world.advisor, reverse("admin:index")),
        "admin candidates": (world.advisor, reverse("admin:candidates_candidate_changelist")),
        "admin candidate with documents": (
            world.advisor,
            reverse("admin:candidates_candidate_change", args=[world.candidate.pk]),
        ),
        "admin candidate import": (world.advisor, reverse("admin:candidates_candidate_import")),
        "admin candidate import job": (
            world.advisor,
            reverse("admin:candidates_candidate_import_job", args=[import_job_checking(world).pk]),
        ),
        "admin candidate export": (world.advisor, reverse("admin:candidates_candidate_export")),
        "admin need": (world.superuser, reverse("admin:employers_staffingneed_change", args=[world.need.pk])),
    }


PAGE_NAMES = [
    "portal needs",
    "portal need",
    "portal presentation",
    "allauth login",
    "allauth sign-up",
    "allauth two-factor",
    "staff review",
    "staff dashboard",
    "admin index",
    "admin candidates",
    "admin candidate with documents",
    "admin candidate import",
    "admin candidate import job",
    "admin candidate export",
    "admin need",
]


def fetch(client, user, url):
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return response


def test_the_policy_is_strict():
    directives = {name: [str(value) for value in values] for name, values in settings.SECURE_CSP.items()}
    for name, values in EXPECTED_DIRECTIVES.items():
        assert directives[name] == values
    everything = " ".join(value for values in directives.values() for value in values)
    assert "unsafe-inline" not in everything
    assert "unsafe-eval" not in everything
    assert "*" not in everything


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_each_page_has_the_policy_with_a_fresh_nonce_that_its_scripts_carry(client, world, name):
    user, url = pages(world)[name]
    first = fetch(client, user, url)
    second = client.get(url)

    directives = csp_directives(first["Content-Security-Policy"])
    for directive, values in EXPECTED_DIRECTIVES.items():
        assert directives[directive] == values, directive
    nonce = header_nonce(first)
    assert nonce, "script-src has no nonce"
    assert directives["script-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert directives["style-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert header_nonce(second) not in ("", nonce), "the nonce must change with every response"
    problems, script_nonces = inline_code_problems(first)
    assert problems == []
    assert script_nonces, "no <script> carries the nonce"
    assert set(script_nonces) == {nonce}


def test_a_script_nonce_is_the_one_of_its_own_response(client, world):
    client.force_login(world.member)
    responses = [client.get(reverse("portal:need_list")) for _ in range(3)]
    nonces = [header_nonce(response) for response in responses]
    assert len(set(nonces)) == 3
    for response, nonce in zip(responses, nonces, strict=True):
        assert f'nonce="{nonce}"' in response.content.decode()


# Templates no test renders: the same rules, read in the template files.

TEMPLATE_ROOTS = [
    "accounts",
    "api",
    "candidates",
    "employers",
    "matching",
    "notifications",
    "portal",
    "referentials",
    "staff",
]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)(?![^>]*csp_nonce)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style(?![^>]*csp_nonce)[^>]*>", re.I)
ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*?\s(on[a-z]+|style)\s*=", re.I)


def template_files() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return sorted(path for root in TEMPLATE_ROOTS for path in (base / root).glob("**/templates/**/*.html"))


def test_no_template_has_inline_code_without_the_nonce():
    files = template_files()
    assert len(files) > 30
    problems = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        for pattern, what in ((INLINE_SCRIPT, "inline script"), (INLINE_STYLE, "inline style"), (ATTRIBUTE, "attr")):
            problems += [
                f"{path.relative_to(settings.BASE_DIR)}: {what}: {m.group(0)}" for m in pattern.finditer(text)
            ]
    assert problems == []

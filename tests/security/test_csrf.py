"""Every form that posts carries a CSRF token, and a POST without one is refused (403) wherever it is sent."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from employers.enums import NeedStatus
from matching.models import Presentation
from tests.accounts.factories import PASSWORD
from tests.employers.factories import StaffingNeedFactory
from tests.security.pages import csrf_client, form_data
from tests.security.test_csp import template_files

POST_FORM = re.compile(r"<form\b[^>]*\bmethod=[\"']?post[\"']?[^>]*>(?P<body>.*?)</form>", re.I | re.S)


def test_every_form_that_posts_carries_a_csrf_token():
    checked, missing = 0, []
    for path in template_files():
        for form in POST_FORM.finditer(path.read_text(encoding="utf-8")):
            checked += 1
            if "{% csrf_token %}" not in form.group("body"):
                missing.append(f"{Path(path).relative_to(settings.BASE_DIR)}: {form.group(0)[:120]}")
    assert checked > 20
    assert missing == []


@pytest.mark.django_db
def test_a_post_without_the_token_is_refused_everywhere(world):
    draft = StaffingNeedFactory(employer=world.employer, site=world.need.site)
    suggestion_candidate = world.candidate
    posts = {
        # Anonymous: the login form and the language switch.
        None: [(reverse("account_login"), {"login": world.member.email, "password": PASSWORD})],
        world.member: [
            (reverse("portal:need_publish", args=[draft.pk]), {}),
            (reverse("portal:presentation_interview_request", args=[world.presentation.pk]), {}),
            (reverse("account_logout"), {}),
        ],
        world.advisor: [
            (reverse("staff:need_review_shortlist", args=[world.need.pk, suggestion_candidate.pk]), {}),
            (reverse("staff:need_review_recompute", args=[world.need.pk]), {}),
            (reverse("admin:candidates_candidate_change", args=[world.candidate.pk]), {"first_name": "X"}),
            (reverse("set_language"), {"language": "en", "next": "/"}),
        ],
    }
    for user, requests in posts.items():
        client = csrf_client()
        if user is not None:
            client.force_login(user)
        for url, data in requests:
            response = client.post(url, data)
            assert response.status_code == 403, f"POST {url}: {response.status_code}"

    draft.refresh_from_db()
    assert draft.status == NeedStatus.DRAFT
    world.presentation.refresh_from_db()
    assert world.presentation.status == "presented"
    assert Presentation.objects.count() == 1
    world.candidate.refresh_from_db()
    assert world.candidate.first_name != "X"


@pytest.mark.django_db
def test_the_same_post_with_the_page_token_goes_through(world):
    client = csrf_client()
    page = client.get(reverse("account_login"))
    token = form_data(page)["csrfmiddlewaretoken"][0]

    response = client.post(
        reverse("account_login"),
        {"login": world.member.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(world.member.pk)

"""The staff pages under the content security policy, in a real browser: the admin (our pages and Django's), the
candidate's documents, the import and export pages, a need's review and the dashboard with its charts.

Chromium enforces the policy and writes every refusal to the console, which fails the test (``PageWatch``). The
pages are only opened and used here; their layout and accessibility are checked elsewhere.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from playwright.sync_api import Page, expect

from candidates.documents import document_store
from candidates.enums import DocumentKind
from tests.accounts.factories import PASSWORD, AdvisorFactory, PlatformFactory
from tests.candidates.factories import CandidateFactory
from tests.e2e.browser import Steps, totp_code_unused
from tests.employers.factories import EmployerFactory, StaffingNeedFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def staff(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    platform = PlatformFactory()
    advisor = AdvisorFactory(memberships__platform=platform)
    need = StaffingNeedFactory(employer=EmployerFactory(platform=platform), open=True)
    candidate = CandidateFactory(platform=platform, presentable=True)
    document = document_store(
        candidate=candidate,
        uploaded_file=SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf"),
        kind=DocumentKind.CV,
        by=advisor,
    )
    return advisor, need, candidate, document


def staff_log_in(page: Page, advisor) -> None:
    """allauth's login form, then the TOTP code of the advisor's authenticator."""
    page.goto(reverse("account_login"))
    form = page.locator("form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=login]").fill(advisor.email)
    form.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    code = totp_code_unused(advisor.totp_secret)
    form = page.locator("form").filter(has=page.locator("input[name=code]"))
    form.locator("input[name=code]").fill(code)
    with page.expect_navigation():
        form.locator("button[type=submit]:not([form])").click()
    expect(page.locator("#site-name")).to_be_visible()


def test_staff_pages_run_under_the_policy(page: Page, steps: Steps, staff):
    advisor, need, candidate, document = staff
    staff_log_in(page, advisor)

    for name, url in (
        ("admin", reverse("admin:index")),
        ("candidates", reverse("admin:candidates_candidate_changelist")),
        ("import", reverse("admin:candidates_candidate_import")),
        ("review", reverse("staff:need_review", args=[need.pk])),
    ):
        page.goto(url)
        expect(page.locator("#content")).to_be_visible()
        steps.shot(page, name)

    page.goto(reverse("staff:dashboard"))
    expect(page.locator("canvas[data-chart]").first).to_be_visible()
    page.wait_for_function("() => window.Chart && Object.keys(window.Chart.instances).length > 0")
    steps.shot(page, "dashboard")

    # The candidate's page lists the document with its download link, and offers an upload.
    page.goto(reverse("admin:candidates_candidate_change", args=[candidate.pk]))
    link = page.locator(f"a[href='{reverse('staff:document_download', args=[document.pk])}']")
    expect(link).to_have_text("cv.pdf")
    expect(page.locator("input[type=file][name$='-file']").first).to_be_attached()
    steps.shot(page, "candidate")

    # The export page's "select all" box works without its inline handler.
    page.goto(reverse("admin:candidates_candidate_export"))
    toggle = page.locator("#select-all-toggle")
    columns = page.locator(".selectable-field-export-row input[type=checkbox]:not(#select-all-toggle)")
    expect(columns.first).to_be_checked()
    toggle.uncheck()
    assert columns.evaluate_all("boxes => boxes.filter(box => box.checked).length") == 0
    toggle.check()
    assert columns.evaluate_all("boxes => boxes.every(box => box.checked)")
    steps.shot(page, "export")


def test_searches_and_autocompletes_keep_the_words_out_of_urls(page: Page, steps: Steps, staff):
    """The admin's search box and an autocomplete field, used as staff use them: they find the candidate, and no
    request the browser makes carries the name typed (staff/admin_search.py, staff/admin_site.py)."""
    advisor, _need, candidate, _document = staff
    staff_log_in(page, advisor)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(reverse("admin:candidates_candidate_changelist"))
    page.locator("#searchbar").fill(candidate.last_name)
    with page.expect_navigation():
        page.locator("#changelist-search input[type=submit]").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    expect(page.locator("#result_list")).to_contain_text(candidate.last_name)
    expect(page.locator("#searchbar")).to_have_value(candidate.last_name)
    assert "q=" in page.url
    steps.shot(page, "searched")

    # A sensitive situation is recorded for a candidate picked by name in an autocomplete field.
    page.goto(reverse("admin:candidates_sensitivesituation_add"))
    page.locator(".field-candidate .select2-selection").click()
    with page.expect_response(lambda response: response.url.endswith(reverse("admin:autocomplete"))) as answer:
        page.locator(".select2-search__field").fill(candidate.last_name)
    assert answer.value.request.method == "POST"
    expect(page.locator(".select2-results__option").first).to_contain_text(candidate.last_name)
    steps.shot(page, "autocomplete")

    assert requested
    assert not [url for url in requested if candidate.last_name.lower() in url.lower()]

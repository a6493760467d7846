"""The staff workspace's users: advisors (the review page, the dashboard, the candidate searches, the workflow's
writes) and a manager (the dashboards, the review page, the reports)."""

import itertools

from locust import task

from scenario.base import FIXTURE, HAS_API, TremplinUser
from scenario.reports import report_page

# Suggestions not shortlisted yet, per platform, shared by the platform's advisors; presentations to answer, and the
# answer each one got last ("contacted" and "interested" in turn).
SHORTLIST = {advisor["platform"]: list(reversed(advisor["shortlist"])) for advisor in FIXTURE["advisors"]}
ANSWERABLE = {advisor["platform"]: advisor["answerable"] for advisor in FIXTURE["advisors"]}
LAST_ANSWER: dict[int, str] = {}


class StaffUser(TremplinUser):
    """Platform staff: what advisors and managers both read."""

    abstract = True

    def _need(self) -> int:
        return self.random.choice(self.account["needs"])

    def need_review(self) -> None:
        self.read(f"/staff/needs/{self._need()}/", "/staff/needs/[id]/")

    def dashboard(self) -> None:
        self.read("/staff/dashboard/", "/staff/dashboard/")

    def candidate_search(self) -> None:
        """The admin's search box: the words posted (kept in the session), then the list searched by their key."""
        term = self.random.choice(FIXTURE["search_terms"])
        changelist = "/admin/candidates/candidate/"
        searched = self.post(f"{changelist}search/", f"{changelist}search/", {"q": term}, expect=changelist)
        if "?q=" in searched:
            # The search box shows the words: the list was searched, not found forgotten.
            self.read(searched, "/admin/candidates/candidate/?q=", showing=f'value="{term}" id="searchbar"')


class PlatformAdvisor(StaffUser):
    """An advisor: the review page of a need, the dashboard, the candidate list searched, and workflow steps."""

    weight = 16  # two for each of the 8 platforms' accounts
    accounts = itertools.cycle(FIXTURE["advisors"])

    @task(5)
    def review_page(self) -> None:
        self.need_review()

    @task(1)
    def dashboard_page(self) -> None:
        self.dashboard()

    @task(2)
    def candidate_list_search(self) -> None:
        self.candidate_search()

    if HAS_API:

        @task(2)
        def api_candidate_search(self) -> None:
            # A search, posted (the words stay out of the URL) but a read: it changes nothing.
            term = self.random.choice(FIXTURE["search_terms"])
            with self.client.post(
                "/api/staff/candidates/search/",
                json={"q": term},
                name="POST /api/staff/candidates/search/",
                headers=self.api_headers(),
                catch_response=True,
            ) as response:
                if response.status_code != 200:
                    response.failure(f"{response.status_code} {response.text[:200]!r}")

        @task(2)
        def api_suggestions(self) -> None:
            self.api_read(f"/api/staff/needs/{self._need()}/suggestions/", "/api/staff/needs/[id]/suggestions/")

        @task(1)
        def api_runs(self) -> None:
            self.api_read("/api/staff/runs/", "/api/staff/runs/")

    @task(2)
    def shortlist(self) -> None:
        pool = SHORTLIST[self.account["platform"]]
        if not pool:
            return self.answer()
        need_id, candidate_id = pool.pop()
        review = f"/staff/needs/{need_id}/"
        self.post(f"{review}candidates/{candidate_id}/shortlist/", "/staff/needs/[id]/candidates/[id]/shortlist/", {},
                  expect=review)  # fmt: skip

    @task(2)
    def answer(self) -> None:
        """The candidate's answer recorded on a shortlisted presentation: "contacted", then "interested", in turn."""
        need_id, presentation_id = self.random.choice(ANSWERABLE[self.account["platform"]])
        answer = "interested" if LAST_ANSWER.get(presentation_id) == "contacted" else "contacted"
        LAST_ANSWER[presentation_id] = answer
        review = f"/staff/needs/{need_id}/"
        data = {f"p{presentation_id}-answer-answer": answer, f"p{presentation_id}-answer-reason": ""}
        self.post(f"{review}presentations/{presentation_id}/answer/", "/staff/needs/[id]/presentations/[id]/answer/",
                  data, expect=review)  # fmt: skip


class PlatformManager(StaffUser):
    """A manager: the dashboards more often than advisors, the review page, the candidate list and now and then the
    reports of their platform; no workflow."""

    weight = 2
    accounts = itertools.cycle([FIXTURE["manager"]])

    @task(3)
    def dashboard_page(self) -> None:
        self.dashboard()

    @task(2)
    def dashboard_region(self) -> None:
        self.read("/staff/dashboard/region/", "/staff/dashboard/region/")

    @task(2)
    def review_page(self) -> None:
        self.need_review()

    @task(1)
    def candidate_list_search(self) -> None:
        self.candidate_search()

    @task(1)
    def reports(self) -> None:
        """The territorial reports of the manager's platform (their scope: ``accounts.access.report_scope_for``)."""
        report_page(self, platforms=[self.account["platform"]])

"""The employer portal's users: their needs, the matching progress polled by htmx, presented candidates, e-mail
settings, through the pages and the API; and the headcount changes, the portal's writes."""

import itertools

from locust import task

from scenario.base import FIXTURE, HAS_API, WRITE_PREFIX, TremplinUser

# Needs whose headcount a user is changing right now: two users of one employer never edit the same need at once.
HEADCOUNTS: dict[int, int] = {}
BUSY: set[int] = set()


def swung(headcount: int) -> int:
    """An odd headcount goes up by one, an even one down by one: a need only ever swings between two values."""
    return headcount + 1 if headcount % 2 else headcount - 1


class EmployerMember(TremplinUser):
    """The employer portal: needs, the matching progress polled by htmx, presented candidates, e-mail settings."""

    weight = 30
    accounts = itertools.cycle(FIXTURE["employers"])

    def on_start(self) -> None:
        super().on_start()
        self.edits = {edit["id"]: edit for edit in self.account["edits"]}
        for edit in self.account["edits"]:
            HEADCOUNTS.setdefault(edit["id"], edit["headcount"])

    def _need(self) -> int:
        return self.random.choice(self.account["needs"])

    @task(8)
    def need_list(self) -> None:
        self.read("/portal/needs/", "/portal/needs/")

    @task(8)
    def need_detail(self) -> None:
        self.read(f"/portal/needs/{self._need()}/", "/portal/needs/[id]/")

    @task(10)
    def need_progress(self) -> None:
        headers = {"HX-Request": "true", "HX-Target": "need-progress"}
        self.read(f"/portal/needs/{self._need()}/progress/", "/portal/needs/[id]/progress/", headers=headers)

    @task(4)
    def presentation_detail(self) -> None:
        if not self.account["presentations"]:
            return self.need_list()
        presentation_id = self.random.choice(self.account["presentations"])
        self.read(f"/portal/presentations/{presentation_id}/", "/portal/presentations/[id]/")

    @task(2)
    def notice_settings(self) -> None:
        self.read("/portal/settings/notices/", "/portal/settings/notices/")

    if HAS_API:

        @task(4)
        def api_need_list(self) -> None:
            self.api_read("/api/employer/needs/", "/api/employer/needs/")

        @task(4)
        def api_need_detail(self) -> None:
            self.api_read(f"/api/employer/needs/{self._need()}/", "/api/employer/needs/[id]/")

        @task(2)
        def api_presentation_list(self) -> None:
            self.api_read("/api/employer/presentations/", "/api/employer/presentations/")

    def _edit_begin(self) -> dict | None:
        free = [need_id for need_id in self.edits if need_id not in BUSY]
        if not free:
            return None
        need_id = self.random.choice(free)
        BUSY.add(need_id)
        return self.edits[need_id]

    @task(1)
    def headcount_edit_portal(self) -> None:
        """The job step of the need form, saved with a new headcount ("Save": back to the same step)."""
        edit = self._edit_begin()
        if edit is None:
            return self.need_list()
        try:
            headcount = swung(HEADCOUNTS[edit["id"]])
            url = f"/portal/needs/{edit['id']}/edit/job/"
            self.post(url, "/portal/needs/[id]/edit/job/", edit["form"] | {"headcount": str(headcount)}, expect=url)
            HEADCOUNTS[edit["id"]] = headcount
        finally:
            BUSY.discard(edit["id"])

    if HAS_API:

        @task(1)
        def headcount_edit_api(self) -> None:
            edit = self._edit_begin()
            if edit is None:
                return self.need_list()
            try:
                headcount = swung(HEADCOUNTS[edit["id"]])
                with self.client.patch(
                    f"/api/employer/needs/{edit['id']}/",
                    json={"headcount": headcount},
                    headers={"Authorization": f"Token {self.account['token']}", "Accept": "application/json"},
                    name=f"{WRITE_PREFIX}PATCH /api/employer/needs/[id]/",
                    catch_response=True,
                ) as response:
                    if response.status_code != 200:
                        response.failure(f"{response.status_code} {response.text[:200]!r}")
                    else:
                        HEADCOUNTS[edit["id"]] = headcount
            finally:
                BUSY.discard(edit["id"])

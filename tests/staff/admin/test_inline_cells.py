"""A tabular inline's controls are named by their column, and described by a help text that exists
(``staff/templates/admin/edit_inline/tabular.html``, ``staff/templatetags/admin_inline_cells.py``)."""

import re

import pytest
from django.urls import reverse

from candidates.models import CandidateSkill
from tests.candidates.factories import CandidateFactory
from tests.referentials.factories import SkillFactory

pytestmark = pytest.mark.django_db


def test_a_candidate_s_inline_rows_name_their_controls_by_their_column(client, advisor, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    candidate = CandidateFactory(platform=advisor.memberships.get().platform)
    CandidateSkill.objects.create(candidate=candidate, skill=SkillFactory(), level=2)
    client.force_login(advisor)
    page = client.get(reverse("admin:candidates_candidate_change", args=[candidate.pk])).content.decode()

    level = re.search(r'<select name="skills-0-level"[^>]*>', page)
    assert level, "the first skill's level is not on the page"
    assert 'aria-label="Niveau"' in level.group(0), level.group(0)
    # Every aria-describedby of the page points to an element that is there; but Django's date fields point to a
    # time zone warning that DateTimeShortcuts.js adds when the browser's time zone is not the server's.
    described_by = {ref for refs in re.findall(r'aria-describedby="([^"]+)"', page) for ref in refs.split()}
    described_by = {ref for ref in described_by if not ref.endswith("_timezone_warning_helptext")}
    assert any(ref.startswith("documents-") for ref in described_by), sorted(described_by)
    missing = sorted(ref for ref in described_by if f'id="{ref}"' not in page)
    assert not missing, f"aria-describedby without its element: {missing}"

"""Step 4 of the portal's need form, the review: what was saved in the earlier steps, in the employer's words."""

import pytest
from django.urls import reverse

from accounts.enums import MembershipRole
from employers.models import NeedLanguage
from referentials.enums import CefrLevel
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.employers.factories import StaffingNeedFactory
from tests.referentials.factories import LanguageFactory

pytestmark = pytest.mark.django_db


def test_the_review_lists_the_languages_with_their_level(client):
    need = StaffingNeedFactory()
    member = UserFactory()
    MembershipFactory(user=member, role=MembershipRole.EMPLOYER_MEMBER, employer=need.employer, platform=None)
    NeedLanguage.objects.create(need=need, language=LanguageFactory(label="Anglais"), level=CefrLevel.B1)
    client.force_login(member)
    page = client.get(reverse("portal:need_edit", args=[need.pk, "review"])).text
    assert "<dt>Langues</dt><dd>Anglais B1</dd>" in page

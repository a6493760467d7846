"""The review page's workflow forms: each kind rendered once per page and copied under each row's prefix."""

import pytest

from matching.enums import PresentationStatus
from staff.review.forms import AnswerForm, EndForm, FormMarkup, HireForm
from tests.matching.presentation_world import presentation_in

pytestmark = pytest.mark.django_db
Status = PresentationStatus


def test_a_copied_form_is_the_form_rendered_under_its_own_prefix():
    proposed = [presentation_in(Status.SHORTLISTED) for _ in range(3)]
    presented = presentation_in(Status.PRESENTED)
    markup = FormMarkup()

    for presentation in proposed:
        form = AnswerForm(prefix=f"p{presentation.pk}-answer")
        assert markup.as_div(form, "answer") == form.as_div()
        end = EndForm(prefix=f"p{presentation.pk}-end", presentation=presentation)
        assert markup.as_div(end, ("end", presentation.status)) == end.as_div()
    # Another status offers other outcomes: a kind of its own.
    end = EndForm(prefix=f"p{presented.pk}-end", presentation=presented)
    assert markup.as_div(end, ("end", presented.status)) == end.as_div()
    assert markup.as_div(None, "answer") is None


def test_initial_values_of_the_first_form_of_a_kind_are_copied():
    hire = HireForm(prefix="p7-hire", initial={"contract_type": "cdd", "contract_duration_months": 6})
    other = HireForm(prefix="p70-hire", initial={"contract_type": "cdd", "contract_duration_months": 6})
    markup = FormMarkup()
    markup.as_div(hire, "hire")
    copied = markup.as_div(other, "hire")
    assert copied == other.as_div()
    assert "p7-hire" not in copied.replace("p70-hire", "")


def test_a_bound_form_is_rendered_for_itself_with_what_was_typed_and_its_errors():
    first = AnswerForm(prefix="p1-answer")
    bound = AnswerForm({"p2-answer-answer": "not_interested", "p2-answer-reason": ""}, prefix="p2-answer")
    markup = FormMarkup()
    markup.as_div(first, "answer")
    rendered = markup.as_div(bound, "answer")
    assert rendered == bound.as_div()
    assert 'value="not_interested" selected' in rendered
    assert "errorlist" in rendered

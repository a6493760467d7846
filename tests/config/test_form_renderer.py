"""The forms' renderer: Django's form templates through Jinja2, with the same HTML; the rest as Django templates."""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.forms.renderers import DjangoTemplates
from django.template.backends.django import Template as DjangoTemplate

from config.form_renderer import DjangoEscapedTemplate, FormRenderer


class Sample(forms.Form):
    name = forms.CharField(label="Nom", max_length=20, help_text="Tel qu'écrit")
    kind = forms.ChoiceField(choices=[("a", "A & B"), ("c", "C")], widget=forms.RadioSelect)
    wanted = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple)
    level = forms.TypedChoiceField(choices=[(1, "Un"), (2, "Deux")], coerce=int)
    note = forms.CharField(widget=forms.Textarea, required=False)


def _normalised(html: str) -> str:
    # The two engines lay out blank lines differently.
    return " ".join(html.split())


def test_django_s_form_templates_come_from_jinja2_and_render_the_same_html():
    renderer = FormRenderer()
    assert isinstance(renderer.get_template("django/forms/widgets/input.html"), DjangoEscapedTemplate)
    bound = Sample(data={"name": "l'équipe <b>", "kind": "c", "wanted": ["y"], "level": "9", "note": "typed &#39;"})
    assert not bound.is_valid()

    ours = bound.render(renderer=renderer)
    django_s = bound.render(renderer=DjangoTemplates())

    assert _normalised(ours) == _normalised(django_s)
    assert "l&#x27;équipe &lt;b&gt;" in ours  # escaped as Django does
    assert "typed &amp;#39;" in ours  # what was typed, kept as typed


def test_a_template_that_is_only_a_django_template_is_found_by_the_second_engine():
    renderer = FormRenderer()
    assert isinstance(renderer.get_template("admin/widgets/date.html"), DjangoTemplate)
    html = AdminDateWidget().render("day", "2026-12-07", renderer=renderer)
    assert 'class="vDateField"' in html

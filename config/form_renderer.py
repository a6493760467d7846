"""The forms' renderer (``FORM_RENDERER``): Django's own form and widget templates in Jinja2, any other in the
Django template language.

Django ships each of its form templates twice, as Django templates and as Jinja2 templates that render the same
HTML. A form-heavy page renders dozens of fields, each a handful of small templates (the field, its label, its
widget, the widget's attributes, each option of a choice): the Django template language spends most of a field's
time resolving those templates' variables, which Jinja2 compiles to Python. The admin's widgets and any template
that exists only as a Django template (the admin's, a package's, ours) are found by the second engine, as before.

One difference remains between the two: Jinja2 escapes an apostrophe as ``&#39;``, Django as ``&#x27;`` (the same
character). The Jinja2 templates' output is given Django's, so that a form reads the same whichever engine drew it.
"""

from typing import Any

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.http import HttpRequest
from django.template import TemplateDoesNotExist


class DjangoEscapedTemplate:
    """A Jinja2 template whose output escapes an apostrophe as Django's templates do."""

    def __init__(self, template: Any) -> None:
        self.template = template

    def render(self, context: dict | None = None, request: HttpRequest | None = None) -> str:
        # ``&#39;`` is only ever an escaped apostrophe: a typed "&#39;" comes out as "&amp;#39;".
        return self.template.render(context, request).replace("&#39;", "&#x27;")


class FormRenderer(BaseRenderer):
    def __init__(self) -> None:
        self.jinja2 = Jinja2().engine
        self.django = DjangoTemplates().engine

    def get_template(self, template_name: str) -> Any:  # either engine's template
        try:
            return DjangoEscapedTemplate(self.jinja2.get_template(template_name))
        except TemplateDoesNotExist:
            return self.django.get_template(template_name)

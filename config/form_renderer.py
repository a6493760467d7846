"""The forms' renderer (``FORM_RENDERER``): Django's own form and widget templates in Jinja2, any other in the
Django template language.

Django ships each of its form templates twice, as Django templates and as Jinja2 templates that render the same
HTML. A form-heavy page renders dozens of fields, each a handful of small templates (the field, its label, its
widget, the widget's attributes, each option of a choice): the Django template language spends most of a field's
time resolving those templates' variables, which Jinja2 compiles to Python. The admin's widgets and any template
that exists only as a Django template (the admin's, a package's, ours) are found by the second engine, as before.
"""

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist
from django.template.backends.base import BaseEngine


class FormRenderer(BaseRenderer):
    def __init__(self) -> None:
        self.engines: tuple[BaseEngine, ...] = (Jinja2().engine, DjangoTemplates().engine)

    def get_template(self, template_name: str):  # either engine's template
        for engine in self.engines[:-1]:
            try:
                return engine.get_template(template_name)
            except TemplateDoesNotExist:
                continue
        return self.engines[-1].get_template(template_name)

"""``{% inline_cell_field field %}``: a field of a tabular inline's row, named after its column.

A tabular inline shows its labels once, in the column headers, and no ``<label>`` per row: a control of a row has
no accessible name, and its ``aria-describedby`` (Django's, for a field with help text) points to a help text that
the table never renders. Here each control is named by its column's label and described by the column's help text,
which ``admin/edit_inline/tabular.html`` renders in the header under ``inline_help_id``'s id. The id names the
formset and the field, never the row: Django's inlines.js copies its empty row for "Add another", and renumbers
ids, not ``aria-describedby``.
"""

from django import template
from django.forms import BoundField
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def inline_help_id(formset_prefix: str, field_name: str) -> str:
    return f"{formset_prefix}-{field_name}-helptext"


@register.simple_tag
def inline_cell_field(field: BoundField, formset_prefix: str) -> SafeString:
    attrs = {"aria-label": str(field.label)}
    if field.help_text:
        attrs["aria-describedby"] = inline_help_id(formset_prefix, field.name)
    widget = field.as_widget(attrs=attrs)
    if field.field.show_hidden_initial:
        return format_html("{}{}", widget, field.as_hidden(only_initial=True))
    return widget

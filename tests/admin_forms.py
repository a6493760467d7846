"""Post an admin change form as a person would: what the page shows, with the fields they changed.

The data is read from the page's forms (the object's and each inline's, with their management forms), so that a
test names only the fields it changes and every other field is posted as it was shown.
"""

import datetime

from django.forms import Form, MultiValueField


def _posted(value: object) -> str:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _form_data(form: Form) -> dict[str, object]:
    data: dict[str, object] = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        value = form[name].value()
        if isinstance(field, MultiValueField):
            for index, part in enumerate(field.widget.decompress(value)):
                if part is not None:
                    data[f"{key}_{index}"] = _posted(part)
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [_posted(item) for item in value]
        elif value is not None:
            data[key] = _posted(value)
        if field.show_hidden_initial and value is not None:
            # A field with a callable default is posted with its shown value, against which Django tells a change.
            data[form.add_initial_prefix(name)] = _posted(value)
    return data


def admin_change_data(client, url: str, **changes: object) -> dict[str, object]:
    """The change page's data at ``url`` as the browser would post it, with ``changes`` (field name: value)."""
    response = client.get(url)
    assert response.status_code == 200
    data = _form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data |= _form_data(formset.management_form)
        for form in formset.forms:
            data |= _form_data(form)
    return data | {name: _posted(value) for name, value in changes.items()}

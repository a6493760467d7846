"""The admin's search as a browser sends it: the words posted to the list's ``search/`` address, the redirect to
the list searched by their key followed (staff/admin_search.py)."""

from django.test import Client
from django.urls import reverse


def admin_search(client: Client, changelist: str, words: str, **params: str):
    """The response of the change list named ``changelist`` ("admin:app_model_changelist") searched for ``words``,
    with the list's other parameters ``params`` (filters, sorting), as the search box's hidden fields send them."""
    search = changelist.removesuffix("_changelist") + "_search"
    return client.post(reverse(search), {"q": words, **params}, follow=True)

"""Helpers of the security tests: reading a page's HTML for what a content security policy would refuse, and forms."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.test import Client

from accounts.enums import MembershipRole
from accounts.models import User
from tests.accounts.factories import MembershipFactory, UserFactory

# <script> types that hold data, never run.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "importmap"}


def csp_directives(header: str) -> dict[str, list[str]]:
    """``"default-src 'self'; img-src 'self' data:"`` as ``{"default-src": ["'self'"], ...}``."""
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def header_nonce(response) -> str:
    """The nonce of the response's script-src, or ""."""
    for value in csp_directives(response["Content-Security-Policy"]).get("script-src", []):
        if match := re.fullmatch(r"'nonce-([A-Za-z0-9_\-+/=]+)'", value):
            return match.group(1)
    return ""


@dataclass
class InlineCodeFinder(HTMLParser):
    """What in a page a strict policy refuses: inline code without the nonce, style attributes, event handlers."""

    nonce: str
    problems: list[str] = field(default_factory=list)
    script_nonces: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        where = f"<{tag} {' '.join(f'{k}={v!r}' for k, v in attrs)}>"
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler attribute {name}: {where}")
            if name == "style":
                self.problems.append(f"style attribute: {where}")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL: {where}")
        if tag == "script":
            if values.get("nonce"):
                self.script_nonces.append(values["nonce"] or "")
            is_data = (values.get("type") or "").lower() in DATA_SCRIPT_TYPES
            if not values.get("src") and not is_data and values.get("nonce") != self.nonce:
                self.problems.append(f"inline script without the response's nonce: {where}")
        if tag == "style" and values.get("nonce") != self.nonce:
            self.problems.append(f"inline <style> without the response's nonce: {where}")


def inline_code_problems(response) -> tuple[list[str], list[str]]:
    """The problems of a rendered page under our policy, and the nonces its <script> tags carry."""
    finder = InlineCodeFinder(nonce=header_nonce(response))
    finder.feed(response.content.decode())
    return finder.problems, finder.script_nonces


class FormFields(HTMLParser):
    """The values a browser would post for every field of a page (file inputs left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.data: dict[str, list[str]] = {}
        self._select: dict | None = None
        self._textarea: str | None = None

    def _add(self, name: str | None, value: str | None) -> None:
        if name:
            self.data.setdefault(name, []).append(value or "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if "disabled" in values:
            return
        kind = values.get("type") or "text"
        if tag == "input" and kind not in ("submit", "button", "file", "image", "reset"):
            if kind in ("checkbox", "radio") and "checked" not in values:
                return
            self._add(values.get("name"), values.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select":
            self._select = {"name": values.get("name"), "multiple": "multiple" in values, "first": None, "chosen": []}
        elif tag == "option" and self._select is not None:
            value = values.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in values:
                self._select["chosen"].append(value)
        elif tag == "textarea":
            self._textarea = values.get("name")
            self._add(self._textarea, "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None:
            chosen = self._select["chosen"]
            if not chosen and not self._select["multiple"] and self._select["first"] is not None:
                chosen = [self._select["first"]]
            for value in chosen:
                self._add(self._select["name"], value)
            self._select = None
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea][-1] += data


def form_data(response) -> dict[str, list[str]]:
    parser = FormFields()
    parser.feed(response.content.decode())
    return parser.data


def employer_member(employer) -> User:
    user = UserFactory()
    MembershipFactory(user=user, role=MembershipRole.EMPLOYER_MEMBER, platform=None, employer=employer)
    return user


def csrf_client() -> Client:
    """A client that checks CSRF tokens as a browser's requests are checked."""
    return Client(enforce_csrf_checks=True)

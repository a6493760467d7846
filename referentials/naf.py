"""The sections of the French classification of activities (NAF rév. 2): the letter above an employer's NAF code.

A NAF code ("82.20Z") starts with its division (82); the divisions fall into 21 sections, A to U, by the INSEE's
published ranges. The territorial reports split figures by section.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NafSection(models.TextChoices):
    A = "A", _("Agriculture, forestry and fishing")
    B = "B", _("Mining and quarrying")
    C = "C", _("Manufacturing")
    D = "D", _("Electricity, gas, steam and air conditioning supply")
    E = "E", _("Water supply, sewerage, waste management")
    F = "F", _("Construction")
    G = "G", _("Wholesale and retail trade, repair of motor vehicles")
    H = "H", _("Transportation and storage")
    I = "I", _("Accommodation and food service")  # noqa: E741
    J = "J", _("Information and communication")
    K = "K", _("Financial and insurance activities")
    L = "L", _("Real estate activities")
    M = "M", _("Professional, scientific and technical activities")
    N = "N", _("Administrative and support service activities")
    O = "O", _("Public administration and defence")  # noqa: E741
    P = "P", _("Education")
    Q = "Q", _("Human health and social work")
    R = "R", _("Arts, entertainment and recreation")
    S = "S", _("Other service activities")
    T = "T", _("Activities of households as employers")
    U = "U", _("Extraterritorial organisations")


# The last division of each section, in order (INSEE, NAF rév. 2).
_SECTION_ENDS = (
    (3, "A"),
    (9, "B"),
    (33, "C"),
    (35, "D"),
    (39, "E"),
    (43, "F"),
    (47, "G"),
    (53, "H"),
    (56, "I"),
    (63, "J"),
    (66, "K"),
    (68, "L"),
    (75, "M"),
    (82, "N"),
    (84, "O"),
    (85, "P"),
    (88, "Q"),
    (93, "R"),
    (96, "S"),
    (98, "T"),
    (99, "U"),
)


def naf_section(naf_code: str | None) -> str:
    """The section letter of a NAF code ("82.20Z" → "N"); "" for an empty or unreadable code."""
    if not naf_code or len(naf_code) < 2 or not naf_code[:2].isdigit():
        return ""
    division = int(naf_code[:2])
    if division == 0:
        return ""
    for last_division, section in _SECTION_ENDS:
        if division <= last_division:
            return section
    return ""

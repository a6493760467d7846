"""Reads of a candidate's contact log, for the staff pages (the candidate's page in the admin and its full log).

The caller has fetched the candidate through a scoped read (the admin's queryset): entries are the candidate's own,
newest first, with their author and the need of their presentation, in one query.
"""

from django.db.models import QuerySet

from candidates.models import Candidate
from matching.models import ContactEntry


def contact_entries_for_candidate(*, candidate: Candidate) -> QuerySet[ContactEntry]:
    return ContactEntry.objects.filter(candidate=candidate).select_related("by", "presentation__need__employer")

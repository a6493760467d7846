"""The change feed of the engine's candidate columns: one row per change that matters to matching.

Written by database triggers only (``matching.columns_feed``), never by the application: every door that changes a
candidate (the admin, the API, an import, a merge, an anonymisation, a raw update) advances it alike. A worker that
keeps the columns in memory (``matching.warm_columns``) reads the rows written since its last read and reloads
those candidates alone. ``xid`` is the writing transaction's (top-level) id: beside a reader's last snapshot (its
``xmax`` and the transactions then running), it tells which rows that reader has not seen yet (ADR 0014).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

REBUILD_ALL = 0
"""The ``candidate_id`` of a change that touches every candidate (a reference table changed): reload them all."""


class CandidateColumnsChange(models.Model):
    id = models.BigAutoField(primary_key=True)
    # No foreign key: a deleted candidate's change must stay, to remove them from the columns.
    candidate_id = models.BigIntegerField(_("candidate id"))
    xid = models.BigIntegerField(_("transaction id"), db_index=True)
    changed_at = models.DateTimeField(_("changed at"), db_index=True)

    class Meta:
        verbose_name = _("candidate columns change")
        verbose_name_plural = _("candidate columns changes")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.candidate_id} @ {self.xid}"

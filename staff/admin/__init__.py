"""The staff workspace's admin: one module per area, each registering its models on the workspace's site."""

from staff.admin import (  # noqa: F401  (each module registers its models)
    accounts,
    candidate_audit,
    candidates,
    employer_access,
    employers,
    matching,
    referentials,
)

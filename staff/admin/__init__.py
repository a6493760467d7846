"""The staff workspace's admin: one module per area, each registering its models on the workspace's site."""

from staff.admin import (  # noqa: F401  (each module registers its models)
    accounts,
    api_tokens,
    candidate_audit,
    candidates,
    cohorts,
    employer_access,
    employers,
    leads,
    links,
    matching,
    need_follow_up,
    referentials,
    referrals,
    sessions,
)

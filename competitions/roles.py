"""The competition roles and their model permissions. The migration creates them; the test
suite re-creates them after a transactional test has flushed the database. Rows are only added,
never removed, so an administrator's later grants survive."""

from innovations.reference_rows import (
    CURATOR_GROUP,
    HUB_ADMIN_GROUP,
    ensure_permissions,
    grant_role_permissions,
)

ORGANISER_GROUP = "Penyelenggara kompetisi"
JUDGE_GROUP = "Juri"

_CONFIGURE = ["add", "change", "delete", "view"]
_ORGANISER_GRANTS = [
    ("competitions", "competition", _CONFIGURE),
    ("competitions", "competitiongroup", _CONFIGURE),
    ("competitions", "stage", _CONFIGURE),
    ("competitions", "criterion", _CONFIGURE),
    ("competitions", "judgeassignment", _CONFIGURE),
    ("competitions", "proposal", ["change", "view"]),
    ("competitions", "result", _CONFIGURE),
    ("competitions", "awaitingcuratorconfirmation", ["view"]),
    ("competitions", "stagechange", ["view"]),
    ("regions", "agency", ["view"]),
    ("regions", "province", ["view"]),
]

ROLE_PERMISSIONS = {
    ORGANISER_GROUP: _ORGANISER_GRANTS,
    # Same model permissions; rows are narrowed to the hub's own province by permissions.py.
    HUB_ADMIN_GROUP: _ORGANISER_GRANTS,
    # Judges work in the portal's pages (their assignments only), not in the admin.
    JUDGE_GROUP: [("competitions", "judgeassignment", ["view"])],
    # Curators confirm awarded entries from the competitions admin's waiting list.
    CURATOR_GROUP: [("competitions", "awaitingcuratorconfirmation", ["view"])],
}


def seed_roles(apps) -> None:
    """Create each role if missing and grant its permissions (creating permissions first)."""
    ensure_permissions(apps)
    grant_role_permissions(apps, ROLE_PERMISSIONS)

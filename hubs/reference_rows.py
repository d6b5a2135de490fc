"""The hub admin role (group "Admin hub") and its model permissions.

Seeded by a migration with the historical models; the test suite can call grant_hub_roles() again
after a transactional test flushed the database. Which hub a hub admin may touch is decided by
hubs.permissions (user.province), not by these model permissions.
"""

from innovations.reference_rows import HUB_ADMIN_GROUP, grant_role_permissions

HUB_ROLE_PERMISSIONS = {
    HUB_ADMIN_GROUP: [
        ("hubs", "hub", ["change", "view"]),
        ("hubs", "hubpartner", ["add", "change", "delete", "view"]),
        ("hubs", "hubactivity", ["add", "change", "delete", "view"]),
        ("hubs", "hubactivitymedia", ["add", "change", "delete", "view"]),
        ("hubs", "participationrecord", ["add", "change", "delete", "view"]),
        ("innovations", "replication", ["view"]),
        ("innovations", "replicationtarget", ["add", "change", "view"]),
        ("regions", "agency", ["view"]),
    ],
}


def grant_hub_roles(apps) -> None:
    """Create the hub roles if missing and grant their permissions (permissions must exist)."""
    grant_role_permissions(apps, HUB_ROLE_PERMISSIONS)

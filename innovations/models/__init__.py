"""The catalogue's models, one module per subject."""

from .catalogue import (
    SDG,
    Category,
    GovernmentAffair,
    Innovation,
    InnovationMedia,
    LocalizedNameMixin,
    Recognition,
    SearchSynonym,
    SearchWord,
    StatusChange,
    current_year,
    validate_year_launched,
)
from .replication import (
    Replication,
    ReplicationProgressReport,
    ReplicationStep,
    ReplicationTarget,
    ReplicationTransition,
)

__all__ = [
    "SDG",
    "Category",
    "GovernmentAffair",
    "Innovation",
    "InnovationMedia",
    "LocalizedNameMixin",
    "Recognition",
    "Replication",
    "ReplicationProgressReport",
    "ReplicationStep",
    "ReplicationTarget",
    "ReplicationTransition",
    "SearchSynonym",
    "SearchWord",
    "StatusChange",
    "current_year",
    "validate_year_launched",
]

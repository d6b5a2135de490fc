"""The catalogue's models, one module per subject."""

from .campaigns import (
    PROPOSABLE_FIELDS,
    CampaignInvitation,
    InvitationToken,
    ProposedChange,
    UpdateCampaign,
)
from .catalogue import (
    SDG,
    Category,
    GovernmentAffair,
    Innovation,
    InnovationMedia,
    LocalizedNameMixin,
    Recognition,
    SearchEntry,
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
    "PROPOSABLE_FIELDS",
    "SDG",
    "CampaignInvitation",
    "Category",
    "GovernmentAffair",
    "Innovation",
    "InnovationMedia",
    "InvitationToken",
    "LocalizedNameMixin",
    "ProposedChange",
    "Recognition",
    "Replication",
    "ReplicationProgressReport",
    "ReplicationStep",
    "ReplicationTarget",
    "ReplicationTransition",
    "SearchEntry",
    "SearchSynonym",
    "SearchWord",
    "StatusChange",
    "UpdateCampaign",
    "current_year",
    "validate_year_launched",
]

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
    SearchPhrase,
    SearchSynonym,
    SearchWord,
    StatusChange,
    current_year,
    phrase_token,
    validate_year_launched,
)
from .duplicates import DuplicateCandidate, SlugRedirect
from .exchange import ImportJob, IngestionPolicy, PartnerKey, partner_key_hash
from .exchange_sync import Tombstone
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
    "DuplicateCandidate",
    "GovernmentAffair",
    "ImportJob",
    "IngestionPolicy",
    "Innovation",
    "InnovationMedia",
    "InvitationToken",
    "LocalizedNameMixin",
    "PartnerKey",
    "ProposedChange",
    "Recognition",
    "Replication",
    "ReplicationProgressReport",
    "ReplicationStep",
    "ReplicationTarget",
    "ReplicationTransition",
    "SearchEntry",
    "SearchPhrase",
    "SearchSynonym",
    "SearchWord",
    "SlugRedirect",
    "StatusChange",
    "Tombstone",
    "UpdateCampaign",
    "current_year",
    "partner_key_hash",
    "phrase_token",
    "validate_year_launched",
]

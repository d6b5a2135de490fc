"""Likely duplicates: flagging them on import and ingestion, and the curators' two decisions —
merge the pair into one entry, or dismiss it as not a duplicate.

Merge rule (innovation_merge), one transaction:
- The curator chooses the survivor. Its own values always win; only its *blank* fields in
  FILLABLE_FIELDS take the duplicate's value. Title, summary, agency, region, year, stage,
  source and external reference, status and continuity are never copied: they are the
  survivor's identity and record. The two dates are copied only as a pair (when the survivor
  has neither), so a copied date cannot contradict one the survivor already has.
- Categories and SDGs: the survivor gets the union. Media, recognitions and replications move to
  the survivor, except a recognition the survivor already has (same title, year and level) and a
  replication by an agency that already replicates the survivor: those stay on the archived
  entry, where its history shows them.
- The duplicate is archived (never deleted, so its history stays), marked `merged_into` the
  survivor, and its slug — and any slug that already redirected to it — redirects to the
  survivor. Both entries get a history row with the curator as user and a change reason, and
  the duplicate's status log records the step as action "merge".
"""

from collections.abc import Iterable
from contextlib import contextmanager

import numpy as np
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import completeness, permissions, trigrams
from ..models import (
    DuplicateCandidate,
    Innovation,
    Replication,
    SlugRedirect,
    StatusChange,
)
from . import tombstones

Reason = DuplicateCandidate.Reason
MERGE_REFUSED = _("Hanya kurator yang berhak menerbitkan dapat menggabungkan entri.")

# Fields a merge may copy from the duplicate into the survivor's blanks (see the module doc).
FILLABLE_FIELDS = (
    *Innovation.NARRATIVE_FIELDS,
    "legal_basis",
    "legal_basis_number",
    "contact_name",
    "contact_email",
    "contact_phone",
    "website_url",
    "video_url",
    "kind",
    "form",
    "initiator",
    "government_affair",
)
FILLABLE_DATE_PAIR = ("trial_started_on", "implemented_on")

# Flag by SQL on PostgreSQL: one statement for the whole batch. Each entry's most similar titles
# of its agency come from the trigram GiST index on (agency_id, title) (migration 0014): `%`
# prunes the index to titles at least as similar as the threshold, and `<->` (1 - similarity)
# returns them nearest first, so the scan stops after MAX_SIMILAR_PER_ENTRY of them. A 5,001-row
# import of one agency's title series ("Inovasi W-00001", ...) compared every pair of the
# series through the earlier GIN index (over two minutes here) and now takes seconds; a batch of
# 2,001 ordinary entries at 100,000 entries takes 0.7 s. pg_trgm lowercases before taking
# trigrams, so this is the similarity of the lower-cased titles. A shared external id wins over
# a similar title when a pair has both (priority 0), and ON CONFLICT leaves every pair already
# recorded — open, merged or dismissed — as it is.
# Entry a's nearest titles of its agency through the index (FLAG_SQL; NEAREST_SQL for tests).
# Equal distances come in the index's own order, so which of several titles tied at the last
# place is taken is not fixed.
_NEAREST = """
     CROSS JOIN LATERAL (
           SELECT b.id, (1 - (b.title <-> a.title))::float8 AS score
             FROM innovations_innovation b
            WHERE b.agency_id = a.agency_id AND b.id <> a.id AND b.merged_into_id IS NULL
              AND b.title %% a.title
            ORDER BY b.title <-> a.title
            LIMIT %s
           ) c
     WHERE c.score >= %s
"""
# The same external reference under another source is looked up per source through the unique
# index on (source, external_ref): joined on the reference alone, every flag (one ingested entry
# too) scanned the whole catalogue (480 ms at 100,000 entries against under 1 ms). The sources
# holding references come first, read off that index a step each (REF_SOURCES_SQL), and are
# passed as a list: the planner knows their number then (a recursive CTE in the statement was
# estimated at 101 rows, so batches of 50 entries were hashed against a full scan again).
REF_SOURCES_SQL = """
WITH RECURSIVE ref_sources AS (
    (SELECT source FROM innovations_innovation WHERE external_ref <> '' ORDER BY source LIMIT 1)
    UNION ALL
    SELECT (SELECT i.source FROM innovations_innovation i
             WHERE i.external_ref <> '' AND i.source > s.source ORDER BY i.source LIMIT 1)
      FROM ref_sources s
     WHERE s.source IS NOT NULL
)
SELECT source FROM ref_sources WHERE source IS NOT NULL
"""
FLAG_SQL = f"""
WITH batch AS (
    SELECT id, agency_id, title, source, external_ref
      FROM innovations_innovation
     WHERE id = ANY(%s::bigint[]) AND merged_into_id IS NULL
), pairs AS (
    SELECT LEAST(a.id, b.id) AS entry_id, GREATEST(a.id, b.id) AS other_id,
           %s::text AS reason, 1.0::float8 AS score, 0 AS priority
      FROM batch a
      JOIN unnest(%s::text[]) AS s(source) ON s.source <> a.source
      JOIN innovations_innovation b
        ON b.source = s.source AND b.external_ref = a.external_ref AND b.external_ref <> ''
       AND b.id <> a.id
     WHERE a.external_ref <> '' AND b.merged_into_id IS NULL
    UNION ALL
    SELECT LEAST(a.id, c.id), GREATEST(a.id, c.id), %s::text, c.score, 1
      FROM (SELECT * FROM batch WHERE id = ANY(%s::bigint[])) a
{_NEAREST})
INSERT INTO innovations_duplicatecandidate
       (entry_id, other_id, reason, score, status, note, created_at)
SELECT DISTINCT ON (entry_id, other_id) entry_id, other_id, reason, score, 'open', '', now()
  FROM pairs
 ORDER BY entry_id, other_id, priority, score DESC
ON CONFLICT (entry_id, other_id) DO NOTHING
"""

NEAREST_SQL = f"""
SELECT a.id, c.id, c.score
  FROM (SELECT id, agency_id, title FROM innovations_innovation
         WHERE id = ANY(%s::bigint[]) AND merged_into_id IS NULL) a
{_NEAREST}
"""

# For this statement only: `%` uses pg_trgm's threshold, set to ours. The planner does not know
# that the index returns the nearest titles first and stops after a few, and may estimate
# sorting an agency's titles as cheaper: sorting is discouraged (and JIT, which such estimates
# would trigger, switched off).
PLANNER_SETTINGS = {"enable_sort": "off", "jit": "off"}
PG_TRGM_THRESHOLD = "pg_trgm.similarity_threshold"
PG_TRGM_DEFAULT_THRESHOLD = "0.3"  # before pg_trgm is loaded in a session its setting is unset

# Pairs found in Python (a large batch on PostgreSQL, every batch elsewhere), recorded in one
# statement; ON CONFLICT leaves a pair already recorded — by FLAG_SQL's shared external id just
# before, or by an earlier import — as it is.
RECORD_SQL = """
INSERT INTO innovations_duplicatecandidate
       (entry_id, other_id, reason, score, status, note, created_at)
SELECT entry_id, other_id, reason, score, 'open', '', now()
  FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::float8[])
       AS pair(entry_id, other_id, reason, score)
 ORDER BY entry_id, other_id
ON CONFLICT (entry_id, other_id) DO NOTHING
"""

# An entry is paired with at most this many similar titles of its agency (the most similar):
# a batch of near-identical titles (one agency's "Inovasi Desa ..." series) would otherwise
# flag every pair of it, hundreds of thousands of rows no curator can review.
MAX_SIMILAR_PER_ENTRY = 5

# From this many entries on, PostgreSQL's titles are compared in Python (innovations.trigrams)
# instead of through the index: an agency's batch entries against all its live titles as one
# matrix product. At 100,000 imported entries the index took 16.5 s and the product about 4 s;
# for a few entries the index is quicker than reading their agencies' titles.
IN_PYTHON_FROM = 500
# An agency goes to the index instead when its comparisons would not pay: more pairs (batch
# entries x live titles) than this in all, many more live titles than batch entries to read, or
# so many live titles that their 0/1 trigram matrix would be large (5,000 titles with 3,000
# distinct trigrams: 60 MB).
MAX_PAIRS_IN_PYTHON = 50_000_000
MAX_TITLES_READ_PER_ENTRY = 20
MAX_TITLES_IN_PYTHON = 5_000

# SQLite allows a limited number of query parameters: ids are sent in chunks of this many.
SQLITE_CHUNK = 500

Pairs = dict[tuple[int, int], tuple[str, float]]  # (lower id, higher id) -> (reason, score)


def title_threshold() -> float:
    return float(settings.DUPLICATE_TITLE_SIMILARITY)


@transaction.atomic
def duplicates_flag(*, entry_ids: Iterable[int]) -> int:
    """Record a DuplicateCandidate for each likely pair involving these entries that is not yet
    recorded, and return how many new pairs were flagged.

    Likely: the same agency and titles at least DUPLICATE_TITLE_SIMILARITY alike (pg_trgm's
    similarity, in Python where there is no pg_trgm), or the same external reference under
    another source. Entries merged away are never paired. Idempotent.
    """
    ids = sorted({int(pk) for pk in entry_ids})
    if not ids:
        return 0
    if connection.vendor != "postgresql":
        batch = _live_rows(ids)
        pairs = _external_ref_pairs(batch)
        pool = _pool_rows(sorted({row[1] for row in batch}))
        for pair, found in _similar_titles(set(ids), pool).items():
            pairs.setdefault(pair, found)
        return _record(pairs)
    if len(ids) < IN_PYTHON_FROM:
        return _flag_postgresql(ids, by_index=ids)
    pool = _pool_rows(_agencies_worth_python(ids))
    in_python = trigrams.splits_like_pg_trgm if _python_trigrams_agree() else lambda title: False
    similar = _similar_titles(set(ids), pool, in_python=in_python)
    compared = {row[0] for row in pool}
    by_index = [pk for pk in ids if pk not in compared]
    return _flag_postgresql(ids, by_index=by_index) + _record(similar)


def _flag_postgresql(ids: list[int], *, by_index: list[int]) -> int:
    """FLAG_SQL: shared external ids of `ids`, similar titles of `by_index` through the index."""
    with connection.cursor() as cursor, _index_settings(cursor) as threshold:
        cursor.execute(REF_SOURCES_SQL)
        sources = [source for (source,) in cursor.fetchall()]
        cursor.execute(
            FLAG_SQL,
            [
                ids,
                Reason.SAME_EXTERNAL_REF_OTHER_SOURCE,
                sources,
                Reason.SIMILAR_TITLE_SAME_AGENCY,
                by_index,
                MAX_SIMILAR_PER_ENTRY,
                threshold,
            ],
        )
        return cursor.rowcount


def nearest_by_index(ids: list[int]) -> list[tuple[int, int, float]]:
    """Each entry's nearest titles through the index, as FLAG_SQL takes them: (entry id, other
    id, score). Compares the two ways of finding them in tests."""
    with connection.cursor() as cursor, _index_settings(cursor) as threshold:
        cursor.execute(NEAREST_SQL, [ids, MAX_SIMILAR_PER_ENTRY, threshold])
        return cursor.fetchall()


@contextmanager
def _index_settings(cursor):
    """PLANNER_SETTINGS and pg_trgm's threshold (ours) for the statements inside; yields the
    threshold. Set for the transaction only and put back afterwards, since the caller's
    transaction goes on (an import); on an error PostgreSQL reverts them with the rolled-back
    savepoint of @transaction.atomic."""
    threshold = title_threshold()
    previous = _set_configs(cursor, {**PLANNER_SETTINGS, PG_TRGM_THRESHOLD: str(threshold)})
    yield threshold
    _set_configs(cursor, previous)


def _set_configs(cursor, configs: dict[str, str]) -> dict[str, str]:
    """Set these settings for the transaction in one statement; returns their earlier values."""
    names, values = list(configs), list(configs.values())
    cursor.execute(
        "SELECT name, current_setting(name, true), set_config(name, value, true)"
        "  FROM unnest(%s::text[], %s::text[]) AS config(name, value)",
        [names, values],
    )
    return {
        name: PG_TRGM_DEFAULT_THRESHOLD if found is None else found
        for name, found, _ in cursor.fetchall()
    }


Row = tuple[int, int, str, str, str]  # id, agency id, title, source, external reference
ROW_FIELDS = ("id", "agency_id", "title", "source", "external_ref")
PoolRow = tuple[int, int, str]  # id, agency id, title


def _live_rows(ids: list[int]) -> list[Row]:
    """The live entries among `ids` (SQLite: in chunks of SQLITE_CHUNK ids)."""
    live = Innovation.objects.filter(merged_into__isnull=True)
    return [
        row for chunk in _chunks(ids) for row in live.filter(pk__in=chunk).values_list(*ROW_FIELDS)
    ]


def _pool_rows(agencies: list[int]) -> list[PoolRow]:
    """Every live entry of these agencies."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, agency_id, title FROM innovations_innovation"
                " WHERE merged_into_id IS NULL AND agency_id = ANY(%s::bigint[])",
                [agencies],
            )
            return cursor.fetchall()
    live = Innovation.objects.filter(merged_into__isnull=True)
    return [
        row
        for chunk in _chunks(agencies)
        for row in live.filter(agency_id__in=chunk).values_list("id", "agency_id", "title")
    ]


def _chunks(values: list) -> list[list]:
    """For SQLite's limit of query parameters (PostgreSQL gets one array parameter)."""
    return [values[start : start + SQLITE_CHUNK] for start in range(0, len(values), SQLITE_CHUNK)]


# Per agency of a batch: its live entries in the batch and in all.
AGENCY_COUNTS_SQL = """
SELECT i.agency_id, count(b.id), count(*)
  FROM innovations_innovation i
  LEFT JOIN unnest(%s::bigint[]) AS b(id) ON b.id = i.id
 WHERE i.merged_into_id IS NULL
   AND i.agency_id IN (SELECT agency_id FROM innovations_innovation WHERE id = ANY(%s::bigint[]))
 GROUP BY i.agency_id
"""


def _agencies_worth_python(ids: list[int]) -> list[int]:
    """The agencies of the batch whose titles are compared in Python; the others' entries are
    left to the index (see MAX_PAIRS_IN_PYTHON). The agencies with the fewest comparisons go
    first."""
    with connection.cursor() as cursor:
        cursor.execute(AGENCY_COUNTS_SQL, [ids, ids])
        counts = cursor.fetchall()
    budget = MAX_PAIRS_IN_PYTHON
    chosen = []
    for agency, entries, titles in sorted(counts, key=lambda row: (row[1] * row[2], row[0])):
        if (
            not entries
            or entries * titles > budget
            or titles > entries * MAX_TITLES_READ_PER_ENTRY
            or titles > MAX_TITLES_IN_PYTHON
        ):
            continue
        budget -= entries * titles
        chosen.append(agency)
    return sorted(chosen)


# Every ASCII character, capital I included (a Turkish locale lower-cases it to a dotless i):
# where the database does not split and lower-case this as Python does, every title's trigrams
# come from the database.
LOCALE_PROBE = "".join(chr(code) for code in range(32, 127)) + " II Ii ab_cd 12x"


def _python_trigrams_agree() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT show_trgm(%s)", [LOCALE_PROBE])
        return frozenset(cursor.fetchone()[0]) == trigrams.trigrams(LOCALE_PROBE)


def _database_trigrams(titles: list[str]) -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT title, show_trgm(title) FROM unnest(%s::text[]) AS title", [titles])
        return dict(cursor.fetchall())


def _similar_titles(batch: set[int], pool: list[PoolRow], *, in_python=None) -> Pairs:
    """Each entry of `batch` in the pool: its most similar titles among its agency's in the
    pool (FLAG_SQL's rule, in Python). `in_python`: on PostgreSQL, which titles' trigrams are
    computed here; the others' come from the database."""
    codes = trigrams.trigram_codes(
        [row[2] for row in pool],
        from_database=None if in_python is None else _database_trigrams,
        in_python=in_python or trigrams.splits_like_pg_trgm,
    )
    by_agency: dict[int, list[tuple[int, np.ndarray]]] = {}
    entries: dict[int, list[tuple[int, np.ndarray]]] = {}
    for (pk, agency, _title), title_codes in zip(pool, codes, strict=True):
        by_agency.setdefault(agency, []).append((pk, title_codes))
        if pk in batch:
            entries.setdefault(agency, []).append((pk, title_codes))
    found: Pairs = {}
    threshold = title_threshold()
    for agency, agency_entries in entries.items():
        for entry_id, other_id, score in trigrams.most_similar(
            agency_entries, by_agency[agency], threshold=threshold, limit=MAX_SIMILAR_PER_ENTRY
        ):
            pair = (min(entry_id, other_id), max(entry_id, other_id))
            found.setdefault(pair, (Reason.SIMILAR_TITLE_SAME_AGENCY, score))
    return found


def _external_ref_pairs(batch: list[Row]) -> Pairs:
    """FLAG_SQL's first rule in Python: the same external reference under another source."""
    refs = sorted({row[4] for row in batch if row[4]})
    live = Innovation.objects.filter(merged_into__isnull=True)
    found: Pairs = {}
    by_ref: dict[str, list[Row]] = {}
    for row in batch:
        if row[4]:
            by_ref.setdefault(row[4], []).append(row)
    for chunk in _chunks(refs):
        for other in live.filter(external_ref__in=chunk).values_list(*ROW_FIELDS):
            for row in by_ref[other[4]]:
                if row[3] != other[3]:
                    pair = (min(row[0], other[0]), max(row[0], other[0]))
                    found[pair] = (Reason.SAME_EXTERNAL_REF_OTHER_SOURCE, 1.0)
    return found


def _record(pairs: Pairs) -> int:
    """Record the pairs not recorded yet; returns how many were new."""
    if not pairs:
        return 0
    ordered = sorted(pairs.items())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                RECORD_SQL,
                [
                    [pair[0] for pair, _ in ordered],
                    [pair[1] for pair, _ in ordered],
                    [str(reason) for _, (reason, _) in ordered],
                    [score for _, (_, score) in ordered],
                ],
            )
            return cursor.rowcount
    recorded = set()
    entry_ids = sorted({pair[0] for pair in pairs})
    for chunk in _chunks(entry_ids):
        recorded.update(
            DuplicateCandidate.objects.filter(entry_id__in=chunk).values_list(
                "entry_id", "other_id"
            )
        )
    new = [
        DuplicateCandidate(entry_id=pair[0], other_id=pair[1], reason=reason, score=score)
        for pair, (reason, score) in ordered
        if pair not in recorded
    ]
    DuplicateCandidate.objects.bulk_create(new, ignore_conflicts=True, batch_size=SQLITE_CHUNK)
    return len(new)


def _change_reason(text: str) -> str:
    """django-simple-history keeps at most 100 characters of a change reason."""
    return text if len(text) <= 100 else f"{text[:99]}…"


def _is_blank(value) -> bool:
    return value is None or value == ""


def merge_fill(survivor: Innovation, duplicate: Innovation) -> list[str]:
    """The names of the survivor's blank fields the duplicate would fill (see the module doc)."""
    filled = [
        name
        for name in FILLABLE_FIELDS
        if _is_blank(getattr(survivor, Innovation._meta.get_field(name).attname))
        and not _is_blank(getattr(duplicate, Innovation._meta.get_field(name).attname))
    ]
    if all(_is_blank(getattr(survivor, name)) for name in FILLABLE_DATE_PAIR) and any(
        not _is_blank(getattr(duplicate, name)) for name in FILLABLE_DATE_PAIR
    ):
        filled += [name for name in FILLABLE_DATE_PAIR if not _is_blank(getattr(duplicate, name))]
    return filled


@transaction.atomic
def innovation_merge(
    *, survivor: Innovation, duplicate: Innovation, by, note: str = ""
) -> Innovation:
    """Merge `duplicate` into `survivor` by the rule in this module's docstring; returns the
    survivor. Refuses anyone but a publishing curator, an entry merged already, or a self-merge."""
    if not permissions.can_merge(by):
        raise PermissionDenied(MERGE_REFUSED)
    if survivor.pk == duplicate.pk:
        raise ValidationError(_("Entri tidak dapat digabung dengan dirinya sendiri."))
    locked = {
        entry.pk: entry
        for entry in Innovation.objects.select_for_update()
        .filter(pk__in=[survivor.pk, duplicate.pk])
        .order_by("pk")
    }
    survivor, duplicate = locked[survivor.pk], locked[duplicate.pk]
    for entry in (survivor, duplicate):
        if entry.merged_into_id:
            raise ValidationError(
                _("“%(entry)s” sudah digabung ke entri lain.") % {"entry": entry.title}
            )
    reason_note = f" — {note}" if note else ""

    filled = merge_fill(survivor, duplicate)
    for name in filled:
        attname = Innovation._meta.get_field(name).attname
        setattr(survivor, attname, getattr(duplicate, attname))
    # One history record for the whole merge: the save below snapshots the united categories
    # and SDGs too, so add() must not write records of its own.
    survivor.skip_history_when_saving = True
    survivor.categories.add(*duplicate.categories.all())
    survivor.sdgs.add(*duplicate.sdgs.all())
    del survivor.skip_history_when_saving
    moved = _move_relations(survivor=survivor, duplicate=duplicate, by=by)

    # Old addresses: the duplicate's slug, and every slug that already led to the duplicate.
    SlugRedirect.objects.filter(entry=duplicate).update(entry=survivor)
    SlugRedirect.objects.update_or_create(old_slug=duplicate.slug, defaults={"entry": survivor})
    for earlier in Innovation.objects.filter(merged_into=duplicate):
        earlier.merged_into = survivor
        earlier._history_user = by
        earlier._change_reason = _change_reason(f"merge: now part of #{survivor.pk}")
        earlier.updated_by = by
        earlier.save(update_fields=["merged_into", "updated_by", "updated_at"])

    previous_status = duplicate.status
    duplicate.status = Innovation.Status.ARCHIVED
    duplicate.merged_into = survivor
    duplicate.updated_by = by
    duplicate._history_user = by
    duplicate._change_reason = _change_reason(f"merge: merged into #{survivor.pk}{reason_note}")
    duplicate.save(update_fields=["status", "merged_into", "updated_by", "updated_at"])
    StatusChange.objects.create(
        innovation=duplicate, from_status=previous_status, to_status=duplicate.status,
        action="merge", by=by, at=timezone.now(),
        note=(f"#{survivor.pk} {survivor.slug}; filled: {', '.join(filled) or '-'}; "
              f"moved: {moved}{reason_note}"),
    )  # fmt: skip
    if previous_status == Innovation.Status.PUBLISHED:
        # Sync clients learn that the old entry left, and which entry replaces it.
        tombstones.tombstone_record(
            entry=duplicate, reason=tombstones.Reason.MERGED, replaced_by=survivor.slug
        )

    survivor.completeness, survivor.completeness_missing = completeness.evaluate(survivor)
    survivor.updated_by = by
    survivor._history_user = by
    survivor._change_reason = _change_reason(f"merge: absorbed #{duplicate.pk}{reason_note}")
    survivor.save()

    _close_candidates(survivor=survivor, duplicate=duplicate, by=by, note=note)
    return survivor


def _move_relations(*, survivor: Innovation, duplicate: Innovation, by) -> str:
    """Move media, recognitions and replications; returns a short account for the history."""
    media_offset = (
        max(survivor.media.values_list("position", flat=True), default=-1) + 1
        if duplicate.media.exists()
        else 0
    )
    media = 0
    for item in duplicate.media.all():
        item.innovation, item.position = survivor, item.position + media_offset
        item._history_user = by
        item.save(update_fields=["innovation", "position"])
        media += 1

    held = set(survivor.recognitions.values_list("title", "year", "level"))
    recognitions = 0
    for recognition in duplicate.recognitions.all():
        if (recognition.title, recognition.year, recognition.level) in held:
            continue
        recognition.innovation = survivor
        recognition._history_user = by
        recognition.save(update_fields=["innovation"])
        recognitions += 1

    # One open replication per agency and origin (a constraint): a second stays behind.
    replicating = set(
        survivor.replications.exclude(status=Replication.Status.CANCELLED).values_list(
            "agency_id", flat=True
        )
    )
    replications = 0
    for replication in duplicate.replications.all():
        is_open = replication.status != Replication.Status.CANCELLED
        if is_open and replication.agency_id in replicating:
            continue
        replication.origin = survivor
        replication._history_user = by
        replication.save(update_fields=["origin", "updated_at"])
        replications += 1
        if is_open:
            replicating.add(replication.agency_id)
    # The entry a replication produced: one per replication (a one-to-one link).
    source_replication = Replication.objects.filter(result=duplicate).first()
    if source_replication and not Replication.objects.filter(result=survivor).exists():
        source_replication.result = survivor
        source_replication._history_user = by
        source_replication.save(update_fields=["result", "updated_at"])
    return f"{media} media, {recognitions} recognitions, {replications} replications"


def _close_candidates(*, survivor: Innovation, duplicate: Innovation, by, note: str) -> None:
    """Mark the merged pair decided; other open pairs of the duplicate are re-asked about the
    survivor, since the duplicate is no longer a live entry."""
    now = timezone.now()
    low, high = sorted((survivor.pk, duplicate.pk))
    DuplicateCandidate.objects.filter(entry_id=low, other_id=high).update(
        status=DuplicateCandidate.Status.MERGED, decided_by=by, decided_at=now, note=note
    )
    stale = DuplicateCandidate.objects.filter(
        Q(entry=duplicate) | Q(other=duplicate), status=DuplicateCandidate.Status.OPEN
    )
    partners = {
        pk
        for pair in stale.values_list("entry_id", "other_id")
        for pk in pair
        if pk != duplicate.pk
    }
    stale.delete()
    duplicates_flag(entry_ids=[survivor.pk, *partners])


@transaction.atomic
def duplicate_dismiss(*, candidate: DuplicateCandidate, by, note: str = "") -> DuplicateCandidate:
    """Record that the pair is not a duplicate; flagging never raises it again."""
    if not permissions.can_review_duplicates(by):
        raise PermissionDenied(_("Hanya kurator yang dapat memutuskan kandidat duplikat."))
    candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != DuplicateCandidate.Status.OPEN:
        raise ValidationError(_("Kandidat ini sudah diputuskan."))
    candidate.status = DuplicateCandidate.Status.DISMISSED
    candidate.decided_by, candidate.decided_at, candidate.note = by, timezone.now(), note
    candidate.save(update_fields=["status", "decided_by", "decided_at", "note"])
    return candidate


def duplicate_candidate_merge(
    *, candidate: DuplicateCandidate, survivor_id: int, by, note: str = ""
) -> Innovation:
    """Merge an open candidate pair, keeping the entry `survivor_id` (one of the two)."""
    if not permissions.can_merge(by):
        raise PermissionDenied(MERGE_REFUSED)
    if candidate.status != DuplicateCandidate.Status.OPEN:
        raise ValidationError(_("Kandidat ini sudah diputuskan."))
    pair = {candidate.entry_id: candidate.entry, candidate.other_id: candidate.other}
    if survivor_id not in pair:
        raise ValidationError(_("Pilih salah satu dari kedua entri sebagai entri yang bertahan."))
    duplicate_id = next(pk for pk in pair if pk != survivor_id)
    return innovation_merge(
        survivor=pair[survivor_id], duplicate=pair[duplicate_id], by=by, note=note
    )

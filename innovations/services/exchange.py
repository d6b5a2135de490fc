"""Partner data exchange: one validation and upsert path for the ingestion API and the admin import.

Entries are matched by (source, external_ref). Every row is validated by the model's own rules
(field validators, choices, `Innovation.clean()`), with regions and agencies matched by official
code, categories by slug, SDGs by number and government affairs by code. Validation runs for all
rows before anything is written; the writes then go in bulk (with history) in one transaction.
A large atomic import validates and writes at once, chunk by chunk (_upsert_pipelined), with
the same outcome.

- A row whose values equal the stored ones is `unchanged`: nothing is saved, no history is written.
- `atomic=True` (admin import, single-entry API): one invalid row and nothing is written.
- `atomic=False` (API batch): invalid rows are reported and skipped; the valid rows are written.
"""

import datetime
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import BooleanField, DateField, F, Func, Q, Value
from django.utils import timezone, translation
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from regions.models import Agency, Province, Regency

from .. import completeness, permissions
from ..cache import catalogue_changed
from ..models import (
    SDG,
    Category,
    GovernmentAffair,
    IngestionPolicy,
    Innovation,
    InnovationMedia,
    StatusChange,
)
from . import SlugAllocator, bulk, search_vocabulary_add, search_vocabulary_refresh
from .duplicates import duplicates_flag

# Columns of the exchange format, in template order. Codes stand for related rows.
SCALAR_FIELDS = (
    "title",
    "summary",
    *Innovation.NARRATIVE_FIELDS,
    "year_launched",
    "stage",
    "kind",
    "form",
    "initiator",
    "covid_related",
    "trial_started_on",
    "implemented_on",
    "legal_basis",
    "legal_basis_number",
    "contact_name",
    "contact_email",
    "contact_phone",
    "website_url",
    "video_url",
    "continuity_status",
    "continuity_note",
    "last_confirmed_at",
)
CODE_FIELDS = ("agency", "province", "regency", "government_affair")
M2M_FIELDS = ("categories", "sdgs")
KEY_FIELDS = ("source", "external_ref")
COLUMNS = (*KEY_FIELDS, "title", "summary", *CODE_FIELDS, *SCALAR_FIELDS[2:], *M2M_FIELDS)
REQUIRED_ON_CREATE = ("title", "summary", "agency", "year_launched", "stage")

# Fields compared to decide whether a row changes an entry (everything the format can set).
_COMPARED = (*SCALAR_FIELDS, "agency_id", "province_id", "regency_id", "government_affair_id")
_NOT_CLEANED = {f.name for f in Innovation._meta.fields if f.name not in SCALAR_FIELDS}
_TEXT_TYPES = ("CharField", "TextField", "EmailField", "URLField")
_FIELDS = {name: Innovation._meta.get_field(name) for name in SCALAR_FIELDS}
# PostgreSQL stores no NUL character in text: refused in every text a row gives, before a query
# or a write would fail on it.
NUL_REFUSED = _("Teks tidak boleh memuat karakter NUL.")
_NOT_A_DATE = _("Bukan tanggal; tulis YYYY-MM-DD, mis. 2024-03-01.")
_TRUE = {"1", "true", "ya", "yes", "y", "t", "benar"}
_FALSE = {"0", "false", "tidak", "no", "n", "f", "salah", ""}


class Outcome:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    ERROR = "error"


_WRITES = (Outcome.CREATED, Outcome.UPDATED)


@dataclass
class RowResult:
    """What happened (or, in a dry run, would happen) to one row."""

    index: int
    source: str
    external_ref: str
    status: str = ""
    id: int | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    entry: Innovation | None = field(default=None, repr=False)
    changed: list[str] = field(default_factory=list)
    categories: set[int] | None = None
    sdgs: set[int] | None = None

    def as_dict(self) -> dict:
        result = {"index": self.index, "source": self.source, "external_ref": self.external_ref,
                  "status": self.status, "id": self.id}  # fmt: skip
        if self.errors:
            result["errors"] = self.errors
        return result


@dataclass
class ExchangeResult:
    rows: list[RowResult]
    written: bool = False

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self) -> dict[str, int]:
        statuses = (Outcome.CREATED, Outcome.UPDATED, Outcome.UNCHANGED, Outcome.ERROR)
        return {status: self.count(status) for status in statuses}

    @property
    def has_errors(self) -> bool:
        return any(row.status == Outcome.ERROR for row in self.rows)

    @property
    def written_ids(self) -> list[int]:
        """Ids of entries created or changed: what the duplicate check should look at."""
        if not self.written:
            return []
        return [r.id for r in self.rows if r.status in _WRITES]


class Lookups:
    """Reference rows by official code, loaded once per call (a few hundred rows each), so that
    validating a row costs no query."""

    def __init__(self) -> None:
        self.agencies = {a.code: a for a in Agency.objects.all()}
        self.agencies_by_id = {a.pk: a for a in self.agencies.values()}
        self.provinces = {p.code: p for p in Province.objects.all()}
        self.provinces_by_id = {p.pk: p for p in self.provinces.values()}
        self.regencies = {r.code: r for r in Regency.objects.all()}
        self.regencies_by_id = {r.pk: r for r in self.regencies.values()}
        self.affairs = {a.code: a for a in GovernmentAffair.objects.all()}
        self.affairs_by_id = {a.pk: a for a in self.affairs.values()}
        self.categories = dict(Category.objects.values_list("slug", "id"))
        self.sdgs = set(SDG.objects.values_list("number", flat=True))
        self.policies = dict(IngestionPolicy.objects.values_list("source", "target_status"))

    def target_status(self, source: str) -> str:
        # Without a policy a source's entries wait for a curator.
        return self.policies.get(source, Innovation.Status.IN_REVIEW)

    def attach(self, entry: Innovation) -> None:
        """Give the entry its related rows from memory, so Innovation.clean() runs no query."""
        cache = entry._state.fields_cache
        for name, rows in (
            ("agency", self.agencies_by_id),
            ("province", self.provinces_by_id),
            ("regency", self.regencies_by_id),
            ("government_affair", self.affairs_by_id),
        ):
            pk = getattr(entry, f"{name}_id")
            cached = cache.get(name)
            if pk is not None and (cached is None or cached.pk != pk):
                setattr(entry, name, rows.get(pk))


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    return str(value).strip()


def _list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [_text(v) for v in value if _text(v)]
    # "|" joins lists in exports (innovations.exchange_columns); "," and ";" are what people type.
    text = _text(value).replace("|", ",").replace(";", ",")
    return [part.strip() for part in text.split(",") if part.strip()]


def _scalar(name: str, value):
    """The Python value of a field from JSON or a spreadsheet cell ('' means empty)."""
    model_field = _FIELDS[name]
    if name == "covid_related":
        if isinstance(value, bool):
            return value
        text = _text(value).lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValidationError(_("Isi ya atau tidak."), code="invalid")
    if model_field.get_internal_type() in _TEXT_TYPES:
        text = _text(value)
        if "\x00" in text:
            raise ValidationError(NUL_REFUSED, code="null_characters_not_allowed")
        return text
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        return model_field.to_python(value)
    except (TypeError, OverflowError):
        # What the field's own parsing does not expect: a value of another kind where a date
        # belongs (a number, list, object or boolean; a spreadsheet cell holding a date without
        # a date format is a number), a number too large for a float.
        if isinstance(model_field, DateField):
            raise ValidationError(_NOT_A_DATE, code="invalid") from None
        raise ValidationError(
            model_field.error_messages["invalid"], code="invalid", params={"value": value}
        ) from None


def _default(name: str):
    return Innovation._meta.get_field(name).get_default()


def _snapshot(entry: Innovation) -> dict:
    return {name: getattr(entry, name) for name in _COMPARED}


def _resolve_code(name: str, value, lookups: Lookups, errors: dict):
    code = _text(value)
    if not code:
        return None
    table = {
        "agency": lookups.agencies,
        "province": lookups.provinces,
        "regency": lookups.regencies,
        "government_affair": lookups.affairs,
    }[name]
    found = table.get(code)
    if found is None:
        errors[name] = [
            str(NUL_REFUSED)
            if "\x00" in code
            else _gettext("Kode tidak dikenal: %(code)s") % {"code": code}
        ]
    return found


def _resolve_m2m(name: str, value, lookups: Lookups, errors: dict) -> set[int]:
    ids, unknown = set(), []
    for item in _list(value):
        if name == "categories":
            found = lookups.categories.get(item)
        else:
            try:
                found = int(float(item)) if int(float(item)) in lookups.sdgs else None
            except (ValueError, OverflowError):  # "abc", "nan"; "inf", 10**400
                found = None
        if found is None:
            unknown.append(item)
        else:
            ids.add(found)
    if unknown and any("\x00" in item for item in unknown):
        errors[name] = [str(NUL_REFUSED)]
    elif unknown:
        label = (
            _gettext("Kategori tidak dikenal")
            if name == "categories"
            else _gettext("Nomor TPB/SDG tidak dikenal")
        )
        errors[name] = [f"{label}: {', '.join(unknown)}"]
    return ids


def _validate_row(
    row: RowResult,
    raw: dict,
    entry: Innovation,
    current_m2m: dict[str, set[int]] | None,
    *,
    partial: bool,
    lookups: Lookups,
) -> None:
    """Apply a row's values to `entry` (new or stored) and validate it like the model does; fills
    row.status, row.errors, row.changed and the many-to-many sets to write."""
    is_new = entry.pk is None
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(raw) - set(COLUMNS))
    for name in unknown:
        errors[name] = [_gettext("Kolom tidak dikenal.")]
    before = None if is_new else _snapshot(entry)

    for name in SCALAR_FIELDS:
        if name in raw:
            try:
                setattr(entry, name, _scalar(name, raw[name]))
            except ValidationError as error:
                errors[name] = error.messages
        elif not partial and not is_new:
            setattr(entry, name, _default(name))
    for name in CODE_FIELDS:
        if name in raw:
            setattr(entry, name, _resolve_code(name, raw[name], lookups, errors))
        elif not partial and not is_new and name != "agency":
            setattr(entry, name, None)
    if entry.agency_id is None and "agency" not in errors:
        errors["agency"] = [_gettext("Wajib diisi.")]
    for name in M2M_FIELDS:
        if name in raw:
            setattr(row, name, _resolve_m2m(name, raw[name], lookups, errors))
        elif not partial or is_new:
            setattr(row, name, set())
    lookups.attach(entry)
    if entry.agency_id:
        # clean() does this too; done first so that the region rows it reads are in memory.
        entry.apply_agency_region()
        lookups.attach(entry)

    # A stored entry that the row leaves as it is (its region derived from the agency as clean()
    # derives it) is not validated again: the row asks for no change, and a rule added since the
    # entry was stored must not fail a file that merely repeats it. Re-sending unchanged rows is
    # what partners' nightly syncs mostly do; this halves their validation.
    if is_new or errors or _snapshot(entry) != before or _links_change(row, current_m2m):
        _clean(entry, errors, lookups)
    if errors:
        row.status, row.errors = Outcome.ERROR, {k: [str(m) for m in v] for k, v in errors.items()}
        return

    row.entry = entry
    if is_new:
        row.status = Outcome.CREATED
        return
    after = _snapshot(entry)
    row.changed = [name for name in _COMPARED if before[name] != after[name]]
    m2m_changed = _links_change(row, current_m2m)
    for name in M2M_FIELDS:
        if getattr(row, name) == current_m2m[name]:
            setattr(row, name, None)  # nothing to rewrite
    row.status = Outcome.UPDATED if (row.changed or m2m_changed) else Outcome.UNCHANGED


def _links_change(row: RowResult, current_m2m: dict[str, set[int]]) -> bool:
    return any(
        getattr(row, name) is not None and getattr(row, name) != current_m2m[name]
        for name in M2M_FIELDS
    )


def _clean(entry: Innovation, errors: dict, lookups: Lookups) -> None:
    """The model's own field checks and clean(), their messages added to `errors`."""
    try:
        entry.clean_fields(exclude=_NOT_CLEANED | set(errors))
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, messages)
    if not errors:
        try:
            entry.clean()
            lookups.attach(entry)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, messages)


def external_ref_error(ref: str) -> str | None:
    """Why a reference cannot name an entry (checked before any query reads it), or None."""
    if not ref:
        return _gettext("Wajib diisi.")
    if len(ref) > Innovation._meta.get_field("external_ref").max_length:
        return _gettext("Terlalu panjang (paling banyak 100).")
    if "\x00" in ref:
        return str(NUL_REFUSED)
    return None


def _existing_entries(keys: set[tuple[str, str]]) -> dict[tuple[str, str], Innovation]:
    found: dict[tuple[str, str], Innovation] = {}
    by_source: dict[str, list[str]] = {}
    for source, ref in keys:
        by_source.setdefault(source, []).append(ref)
    for source, refs in by_source.items():
        for start in range(0, len(refs), 5000):
            chunk = refs[start : start + 5000]
            # `external_ref <> ''` spelled out: the unique index on (source, external_ref) is
            # partial, and PostgreSQL proves a list of over 100 values implies its condition
            # only when told, so without it every chunk scanned the whole catalogue (2.9 s
            # against 18 ms for 5,000 references at 100,000 entries).
            stored = Innovation.objects.filter(_any_of("external_ref", chunk))
            stored = stored.filter(source=source)
            stored = stored.exclude(external_ref="")
            for entry in stored.defer("search_vector"):
                found[(entry.source, entry.external_ref)] = entry
    return found


class _EqualsAny(Func):
    """`column = ANY(%s)`: the values travel as one array parameter."""

    arg_joiner = " = ANY("
    template = "%(expressions)s)"
    output_field = BooleanField()


def _any_of(column: str, values: list) -> Q:
    """`<column>__in=values`; on PostgreSQL as one array parameter (`= ANY(%s)`): a
    placeholder per value made psycopg split a query of 5,000 placeholders on the client (0.9
    of the 1.7 s that looking up 100,000 references took)."""
    if connection.vendor != "postgresql":
        return Q(**{f"{column}__in": values})
    return Q(_EqualsAny(F(column), Value(list(values))))


def _current_m2m(entry_ids: list[int]) -> dict[int, dict[str, dict[int, int]]]:
    """entry id → {"categories": {category id: through row id}, "sdgs": {...}}."""
    current = {pk: {"categories": {}, "sdgs": {}} for pk in entry_ids}
    for start in range(0, len(entry_ids), 5000):
        chunk = entry_ids[start : start + 5000]
        through = Innovation.categories.through.objects.filter(_any_of("innovation_id", chunk))
        for pk, entry_id, category_id in through.values_list("id", "innovation_id", "category_id"):
            current[entry_id]["categories"][category_id] = pk
        through = Innovation.sdgs.through.objects.filter(_any_of("innovation_id", chunk))
        for pk, entry_id, sdg_id in through.values_list("id", "innovation_id", "sdg_id"):
            current[entry_id]["sdgs"][sdg_id] = pk
    return current


@dataclass
class _Plan:
    """What validating rows needs from the database, read once before any row is validated: row
    validation itself then runs no query (so it can run beside the writes, see
    _upsert_pipelined)."""

    results: list[RowResult]
    lookups: Lookups
    current: dict
    stored: dict[int, Innovation]  # row index → the stored entry it updates


def _plan(rows: list[dict], source: str | None) -> _Plan:
    """Check each row's key and read the reference rows, the stored entries the rows name and
    their many-to-many links."""
    lookups = Lookups()
    results: list[RowResult] = []
    keys = set()
    # An exported file names every entry by slug; an entry made in the portal has no external
    # reference, so its slug is what finds it again (never what creates one). Only for curators'
    # imports (no `source` given): a partner reaches its entries by its own external references,
    # never a portal-made entry of its source by a slug guessed from the title.
    slugs = {
        _text(raw.get("slug"))
        for raw in rows
        if source is None and raw.get("slug") and not raw.get("external_ref")
    }
    slugs = {slug for slug in slugs if "\x00" not in slug}  # refused below, never looked up
    by_slug = {entry.slug: entry for entry in Innovation.objects.filter(slug__in=slugs)}
    stored: dict[int, Innovation] = {}
    sources = set(Innovation.Source.values)  # a new list on every access
    for index, raw in enumerate(rows):
        row_source = source if source is not None else _text(raw.get("source"))
        ref = _text(raw.get("external_ref", ""))
        slug = _text(raw.get("slug", ""))
        result = RowResult(index=index, source=row_source, external_ref=ref)
        if row_source not in sources:
            result.errors["source"] = [_gettext("Sumber tidak dikenal.")]
        if not ref and slug in by_slug and by_slug[slug].source == row_source:
            stored[index] = by_slug[slug]
        elif not ref and "\x00" in slug:
            result.errors["slug"] = [str(NUL_REFUSED)]
        elif message := external_ref_error(ref):
            result.errors["external_ref"] = [message]
        elif (row_source, ref) in keys:
            result.errors["external_ref"] = [_gettext("Muncul lebih dari sekali dalam kiriman.")]
        if result.errors:
            result.status = Outcome.ERROR
        elif index not in stored:
            keys.add((row_source, ref))
        results.append(result)

    existing = _existing_entries(keys)
    for result in results:
        entry = existing.get((result.source, result.external_ref))
        if entry is not None and result.status != Outcome.ERROR and result.index not in stored:
            stored[result.index] = entry
    # One entry named twice (by its slug and by its external reference, or by its slug twice):
    # both rows would change the same instance.
    named: set[int] = set()
    for index, entry in sorted(stored.items()):
        if entry.pk in named:
            result = results[index]
            key = "external_ref" if result.external_ref else "slug"
            result.errors[key] = [_gettext("Muncul lebih dari sekali dalam kiriman.")]
            result.status = Outcome.ERROR
            del stored[index]
        named.add(entry.pk)
    current = _current_m2m([entry.pk for entry in stored.values()])
    return _Plan(results, lookups, current, stored)


def _validate_rows(
    plan: _Plan,
    rows: list[dict],
    start: int,
    stop: int,
    *,
    partial: bool,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Validate rows[start:stop] into their results (no query)."""
    new_entry = bulk.instance_maker(Innovation)
    for result, raw in zip(plan.results[start:stop], rows[start:stop], strict=True):
        if result.status == Outcome.ERROR:
            continue
        raw = {k: v for k, v in raw.items() if k not in KEY_FIELDS and k != "slug"}
        entry = plan.stored.get(result.index)
        m2m = None
        if entry is None:
            entry = new_entry(source=result.source, external_ref=result.external_ref)
        else:
            result.id = entry.pk
            m2m = {name: set(plan.current[entry.pk][name]) for name in M2M_FIELDS}
        _validate_row(result, raw, entry, m2m, partial=partial, lookups=plan.lookups)
        if progress and result.index % 1000 == 999:
            progress(result.index + 1)


def exchange_validate(
    *,
    rows: list[dict],
    source: str | None = None,
    partial: bool = False,
    progress: Callable[[int], None] | None = None,
) -> tuple[ExchangeResult, Lookups, dict]:
    """Validate rows without writing; each row result says what its write would do."""
    plan = _plan(rows, source)
    _validate_rows(plan, rows, 0, len(rows), partial=partial, progress=progress)
    return ExchangeResult(plan.results), plan.lookups, plan.current


BATCH = 1000


LINK_TARGET = {"categories": "category_id", "sdgs": "sdg_id"}


def _write_links(creates: list[RowResult], updates: list[RowResult], current: dict) -> dict:
    """Insert the links of new entries and rewrite the sets that changed; returns, per field,
    every written entry's links as (link id, entry id, target id), for their history."""
    links = {}
    for name in M2M_FIELDS:
        through = getattr(Innovation, name).through
        rewritten = [r for r in updates if getattr(r, name) is not None]
        if rewritten:
            through.objects.filter(innovation_id__in=[r.id for r in rewritten]).delete()
        pairs = [(row.id, value) for row in [*creates, *rewritten]
                 for value in sorted(getattr(row, name) or ())]  # fmt: skip
        ids = bulk.allocate_ids(through, len(pairs))
        new_links = [
            (pk, entry_id, value) for pk, (entry_id, value) in zip(ids, pairs, strict=True)
        ]
        fields = [through._meta.get_field(n) for n in ("id", "innovation_id", LINK_TARGET[name])]
        bulk.insert_rows(through, fields, new_links)
        by_entry: dict[int, list] = {}
        for link in new_links:
            by_entry.setdefault(link[1], []).append(link)
        for row in updates:
            if getattr(row, name) is None:  # unchanged set: the stored links
                by_entry[row.id] = [
                    (link_id, row.id, value) for value, link_id in current[row.id][name].items()
                ]
        links[name] = by_entry
    return links


def _write_history(entries: list[Innovation], *, kind: str, by, reason: str, now) -> list:
    """History records of written entries, as simple_history makes them on save(); returns
    (history id, entry id) pairs."""
    model = Innovation.history.model
    fields = bulk.columns_of(model)
    ids = bulk.allocate_ids(model, len(entries))
    extra = {"history_date": now, "history_change_reason": reason or None, "history_type": kind,
             "history_user_id": by.pk if by else None}  # fmt: skip
    # The entry's own values in one C call per entry, then the history's own in their places.
    names = [f.attname for f in fields]
    copied = [name for name in names if name != "history_id" and name not in extra]
    values_of = attrgetter(*copied)
    order = [copied.index(name) if name in copied else -1 for name in names]
    history_at = names.index("history_id")
    template = [extra.get(name) for name in names]

    def row_of(history_id: int, entry: Innovation) -> list:
        values = values_of(entry)
        row = [values[at] if at >= 0 else fixed for at, fixed in zip(order, template, strict=True)]
        row[history_at] = history_id
        return row

    bulk.insert_rows(model, fields, (row_of(*pair) for pair in zip(ids, entries, strict=True)))
    return list(zip(ids, [entry.pk for entry in entries], strict=True))


def _write_rows(
    rows: list[RowResult], lookups: Lookups, current: dict, *, by, reason: str, now,
    slugs: SlugAllocator | None,
) -> list[int]:  # fmt: skip
    """Write the valid created/updated rows in bulk: entries, their history (attributed to
    `by`), many-to-many links and their history, and the status log of new entries. Returns
    the ids of the entries it published. `slugs`: the allocator that gives new entries their
    slugs here, or None when they were prepared (_prepare_new_entry) while validating."""
    creates = [r for r in rows if r.status == Outcome.CREATED]
    updates = [r for r in rows if r.status == Outcome.UPDATED]
    media = set(
        InnovationMedia.objects.filter(innovation_id__in=[r.id for r in updates])
        .values_list("innovation_id", flat=True)
        .distinct()
    )
    for row, pk in zip(creates, bulk.allocate_ids(Innovation, len(creates)), strict=True):
        entry = row.entry
        entry.pk = row.id = pk
        if slugs is not None:  # else prepared while validating (_upsert_pipelined)
            _prepare_new_entry(entry, slugs)
        entry.status = lookups.target_status(entry.source)
        entry.published_at = now if entry.status == Innovation.Status.PUBLISHED else None
        entry.created_by = entry.updated_by = by
    for row in updates:
        entry = row.entry
        entry.updated_by, entry.updated_at = by, now
        entry.completeness, entry.completeness_missing = completeness.evaluate(
            entry, has_media=entry.pk in media
        )
    # Links go in before the new entries (ids were drawn first; foreign keys are checked at
    # commit): the search trigger then builds each new entry's search vector once, with its
    # categories, instead of on insert and again when the links arrive.
    links = _write_links(creates, updates, current)
    bulk.insert_instances(Innovation, [r.entry for r in creates], now=now)
    update_fields = sorted(
        {name.removesuffix("_id") for row in updates for name in row.changed}
        | {"updated_by", "updated_at", "completeness", "completeness_missing"}
    )
    Innovation.objects.bulk_update([r.entry for r in updates], update_fields, batch_size=BATCH)
    records = [
        *_write_history([r.entry for r in creates], kind="+", by=by, reason=reason, now=now),
        *_write_history([r.entry for r in updates], kind="~", by=by, reason=reason, now=now),
    ]
    # Every new history record gets a copy of the entry's links, as simple_history does.
    for name, by_entry in links.items():
        model = getattr(Innovation.history.model, name).model
        fields = [model._meta.get_field(n)
                  for n in ("id", "innovation_id", LINK_TARGET[name], "history_id")]  # fmt: skip
        bulk.insert_rows(
            model, fields,
            ((*link, history_id) for history_id, entry_id in records
             for link in by_entry.get(entry_id, ())),
        )  # fmt: skip

    fields = [f for f in bulk.columns_of(StatusChange) if f.attname != "id"]
    bulk.insert_rows(
        StatusChange, fields,
        ((row.id, Innovation.Status.DRAFT, row.entry.status, "ingest", by.pk if by else None,
          now, reason) for row in creates if row.entry.status != Innovation.Status.DRAFT),
    )  # fmt: skip
    return [r.id for r in creates if r.entry.status == Innovation.Status.PUBLISHED]


def _prepare_new_entry(entry: Innovation, slugs: SlugAllocator) -> None:
    """What a new entry needs before its insert that depends on its own values alone: its slug
    and its completeness (a new entry has no media yet)."""
    entry.slug = slugs.allocate(entry.title)
    entry.completeness, entry.completeness_missing = completeness.evaluate(entry, has_media=False)


def _written(result: ExchangeResult, published: list[int]) -> None:
    """After the rows are written: the search vocabulary learns the published entries' words,
    and cached catalogue pages and counts expire when the transaction commits."""
    if len(published) > 200:
        search_vocabulary_refresh()
    else:
        for pk in published:
            search_vocabulary_add(entry=Innovation(pk=pk))
    result.written = True
    if result.written_ids:
        transaction.on_commit(catalogue_changed)


def _write(result: ExchangeResult, lookups: Lookups, current: dict, *, by, reason: str) -> None:
    """Write every valid created/updated row of the result in bulk (see _write_rows)."""
    slugs = SlugAllocator([r.entry.title for r in result.rows if r.status == Outcome.CREATED])
    published = _write_rows(
        result.rows, lookups, current, by=by, reason=reason, now=timezone.now(), slugs=slugs
    )
    _written(result, published)


def exchange_upsert(
    *,
    rows: list[dict],
    by,
    source: str | None = None,
    partial: bool = False,
    atomic: bool = True,
    dry_run: bool = False,
    reason: str = "",
    progress: Callable[[int], None] | None = None,
) -> ExchangeResult:
    """Create or update entries by (source, external_ref), attributed to `by`.

    `source` fixes the source of every row (the ingestion API); otherwise each row names its
    own (the admin import). `partial`: keys absent from a row leave the stored value alone;
    otherwise they reset it (PUT). With `atomic`, one invalid row means nothing is written; without
    it the invalid rows are skipped and reported. Unchanged rows write nothing, history included.
    """
    if atomic and not dry_run and len(rows) > PIPELINE_CHUNK and connection.vendor == "postgresql":
        return _upsert_pipelined(
            rows, by=by, source=source, partial=partial, reason=reason, progress=progress
        )
    result, lookups, current = exchange_validate(
        rows=rows, source=source, partial=partial, progress=progress
    )
    _check_permission(by, result.rows)
    if dry_run or (atomic and result.has_errors):
        return result
    with transaction.atomic():
        _write(result, lookups, current, by=by, reason=reason)
        # Likely duplicates of what was just written are flagged for curators in the same
        # transaction, so an import never leaves an unnoticed duplicate behind.
        duplicates_flag(entry_ids=result.written_ids)
    if progress:
        progress(len(rows))
    return result


def _check_permission(by, rows: list[RowResult]) -> None:
    for row in rows:
        if row.status != Outcome.ERROR and not permissions.can_exchange(by, row.source):
            raise PermissionDenied(
                _("Anda tidak berhak menulis entri sumber %(source)s.") % {"source": row.source}
            )


# A large atomic import validates in chunks of this many rows on a thread of its own while the
# caller's connection writes the chunks validated before (_upsert_pipelined).
PIPELINE_CHUNK = 5000


class _NotWritten(Exception):
    """Raised inside the import's transaction to roll back what it wrote."""


def _refuse_queries(execute, sql, params, many, context):
    raise RuntimeError("row validation must not query the database (it runs on its own thread)")


def _upsert_pipelined(
    rows: list[dict], *, by, source: str | None, partial: bool, reason: str,
    progress: Callable[[int], None] | None,
) -> ExchangeResult:  # fmt: skip
    """exchange_upsert(atomic=True) of a large file: the same rows, checks, writes and outcome,
    in chunks, with validation and writing at once.

    Validating a row is Python alone; writing it is mostly PostgreSQL's work (COPY with the
    tables' indexes, the duplicate check, foreign keys). One after the other they left each core
    idle half the time: at 100,000 rows, 18 s of validation, then 38 s of the server's work.
    Here a thread validates chunk after chunk (no query: _plan read what it needs) while the
    caller's connection writes each validated chunk in the one transaction and checks its
    foreign keys; likely duplicates are flagged once all are written. At the first chunk with
    an invalid row the transaction is rolled back at once; validation goes on so that every
    invalid row is reported: nothing is written, as without the pipeline."""
    plan = _plan(rows, source)
    result = ExchangeResult(plan.results)
    slugs = SlugAllocator([_text(raw.get("title")) for raw in rows])
    validated: queue.SimpleQueue = queue.SimpleQueue()
    stopping = threading.Event()
    language, zone = translation.get_language(), timezone.get_current_timezone()

    def validate_in_chunks() -> None:
        try:
            with (
                translation.override(language),
                timezone.override(zone),
                connections[DEFAULT_DB_ALIAS].execute_wrapper(_refuse_queries),
            ):
                for start in range(0, len(rows), PIPELINE_CHUNK):
                    if stopping.is_set():
                        break
                    stop = min(start + PIPELINE_CHUNK, len(rows))
                    _validate_rows(plan, rows, start, stop, partial=partial)
                    # Slugs and completeness here too, off the writing thread (1.7 s of its
                    # work at 100,000 rows); the slugs are taken in row order, as there.
                    for row in plan.results[start:stop]:
                        if row.status == Outcome.CREATED:
                            _prepare_new_entry(row.entry, slugs)
                    validated.put((start, stop))
        except BaseException as error:  # handed to the writing thread, which raises it
            validated.put(error)
        else:
            validated.put(None)
        finally:
            connections.close_all()  # this thread's own, if anything opened one

    def next_chunk() -> tuple[int, int] | None:
        item = validated.get()
        if isinstance(item, BaseException):
            raise item
        return item

    validator = threading.Thread(target=validate_in_chunks, name="exchange-validate", daemon=True)
    validator.start()
    try:
        try:
            with transaction.atomic():
                now, published = None, []
                while (item := next_chunk()) is not None:
                    chunk = result.rows[item[0] : item[1]]
                    _check_permission(by, chunk)
                    if any(row.status == Outcome.ERROR for row in chunk):
                        raise _NotWritten
                    now = now or timezone.now()
                    published += _write_rows(
                        chunk, plan.lookups, plan.current, by=by, reason=reason, now=now,
                        slugs=None,
                    )  # fmt: skip
                    # The chunk's deferred foreign-key checks now, while the next chunk is
                    # validated, instead of all of them at commit (SET CONSTRAINTS ALL
                    # IMMEDIATE, then DEFERRED again).
                    connection.check_constraints()
                    if progress and item[1] < len(rows):
                        progress(item[1])
                # Once all rows are written, as without the pipeline: each entry's most similar
                # titles are looked for among everything the import leaves.
                duplicates_flag(entry_ids=[row.id for row in result.rows if row.status in _WRITES])
                _written(result, published)
        except _NotWritten:
            # Rolled back at the first chunk with an invalid row, so that nothing stays locked
            # while the rest is validated; every invalid row is still reported.
            for row in result.rows:
                if row.status == Outcome.CREATED:
                    row.id = row.entry.pk = None
            if progress:
                progress(item[1])  # the chunk that failed
            while (item := next_chunk()) is not None:
                _check_permission(by, result.rows[item[0] : item[1]])
                if progress:
                    progress(item[1])
            return result
    finally:
        stopping.set()
        validator.join()
    if progress:
        progress(len(rows))
    return result

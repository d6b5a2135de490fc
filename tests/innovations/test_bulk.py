"""The bulk helpers imports rely on."""

import pytest
from django.db import connection
from django.db.models import signals

from innovations.models import Innovation, Recognition
from innovations.services import bulk


def test_instance_maker_makes_what_the_model_makes_without_sharing_mutable_defaults():
    make = bulk.instance_maker(Innovation)
    made = make(source="kipp", external_ref="KIPP-1")
    expected = Innovation(source="kipp", external_ref="KIPP-1")

    def attributes(entry):
        return {k: v for k, v in entry.__dict__.items() if k != "_state"}

    assert attributes(made) == attributes(expected)
    assert (made._state.adding, made._state.db) == (True, None)
    assert made.pk is None and made.completeness_missing == []
    other = make(source="iga", external_ref="IGA-1")
    assert other.completeness_missing is not made.completeness_missing  # a fresh list each
    assert made._state is not other._state
    assert (other.source, made.source) == ("iga", "kipp")
    with pytest.raises(TypeError):
        make(agency=None)  # relations go through their descriptors: not for this maker


def test_instance_maker_is_the_model_itself_when_someone_listens_to_init():
    def receiver(**kwargs):
        pass

    signals.post_init.connect(receiver, sender=Recognition)
    try:
        assert bulk.instance_maker(Recognition) is Recognition
    finally:
        signals.post_init.disconnect(receiver, sender=Recognition)
    assert bulk.instance_maker(Recognition) is not Recognition


@pytest.mark.django_db
def test_allocate_ids_draws_fresh_distinct_keys_that_later_inserts_do_not_reuse():
    from tests.factories import InnovationFactory

    before = InnovationFactory().pk
    drawn = bulk.allocate_ids(Innovation, 2500)

    assert len(drawn) == len(set(drawn)) == 2500
    assert all(isinstance(pk, int) for pk in drawn)
    assert drawn == sorted(drawn) and drawn[0] > before
    if connection.vendor == "postgresql":  # SQLite's keys move on when the rows are inserted
        assert InnovationFactory().pk not in drawn  # the sequence moved past them
    assert bulk.allocate_ids(Innovation, 0) == []


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's storage")
def test_an_entry_of_a_few_kilobytes_and_its_history_are_stored_inline_not_in_toast():
    """Migration 0023: what an import writes (entries in review, about 3 KB, and their
    history) stays in the heap uncompressed."""
    from tests.factories import InnovationFactory

    story = "Petugas mendatangi desa untuk merekam data kependudukan warga lansia. " * 8
    entry = InnovationFactory(
        status=Innovation.Status.IN_REVIEW,
        **dict.fromkeys(("problem", "idea", "how_it_works", "results", "resources"), story),
    )

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_size(i.*) FROM innovations_innovation i WHERE id = %s", [entry.pk]
        )
        assert 2100 < cursor.fetchone()[0] < 4096  # over the default threshold of TOAST
        for table in ("innovations_innovation", "innovations_historicalinnovation"):
            cursor.execute(
                "SELECT reltoastrelid::regclass::text FROM pg_class WHERE oid = %s::regclass",
                [table],
            )
            (toast,) = cursor.fetchone()
            cursor.execute(f"SELECT count(*) FROM {toast}")
            assert cursor.fetchone()[0] == 0, table


@pytest.mark.django_db
def test_link_history_is_indexed_by_its_history_record_only():
    """Migration 0026: the category and SDG history is read through the history record it
    belongs to; an import writes a row of it per link, so it keeps no copy of the link's entry
    and target indexes. (Its copy of the link's own id is still indexed: django-simple-history
    names that column like the entry history's id, which is read.)"""
    for field in ("categories", "sdgs"):
        model = getattr(Innovation.history.model, field).model
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
        indexed = {tuple(c["columns"]) for c in constraints.values() if c["index"]}
        assert ("history_id",) in indexed, indexed
        target = "category_id" if field == "categories" else "sdg_id"
        assert not indexed & {("innovation_id",), (target,)}, indexed

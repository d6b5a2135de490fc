"""The export's ready CSV lines (innovations/export_sql.py) under concurrent writers, moved links
and the check command: whatever commits in whichever order, each line ends as the entry shows."""

import threading
import time

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from innovations.models import SDG, Innovation
from innovations.selectors.exchange import export_lines_out_of_step
from tests.factories import PublishedInnovationFactory
from tests.postgres import other_connection

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="the export's ready lines exist on PostgreSQL only",
    ),
]


def _line(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT line FROM innovations_exportline WHERE innovation_id = %s", [pk])
        return bytes(cursor.fetchone()[0]).decode()


def _in_background(statement: str, params: list) -> threading.Thread:
    """Run one statement and commit, in another connection and thread (it may wait on locks)."""

    def run():
        with other_connection() as conn:
            conn.execute(statement, params)

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(0.5)  # long enough for it to reach the lock it waits on
    return thread


RENAME_AGENCY = "UPDATE regions_agency SET code = %s WHERE id = %s"
RETITLE_ENTRY = "UPDATE innovations_innovation SET title = %s WHERE id = %s"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first", ["entry edit", "agency rename"])
def test_a_line_holds_both_of_two_concurrent_changes(first):
    """An edit of the entry and a rename of its agency, in two transactions that overlap: the
    line must show both, whichever started first and whichever waited."""
    entry = PublishedInnovationFactory()
    edit = (RETITLE_ENTRY, ["Judul dari transaksi lain", entry.pk])
    rename = (RENAME_AGENCY, ["KODE-BARU", entry.agency_id])
    held, waiting = (edit, rename) if first == "entry edit" else (rename, edit)

    with other_connection() as holder:
        holder.execute(*held)  # uncommitted: holds its row locks
        thread = _in_background(*waiting)
        holder.commit()
    thread.join(timeout=10)

    assert not thread.is_alive()
    line = _line(entry.pk)
    assert "Judul dari transaksi lain" in line and ",KODE-BARU," in line
    assert export_lines_out_of_step() == []


@pytest.mark.django_db
def test_a_moved_link_updates_both_lines():
    one, other = PublishedInnovationFactory.create_batch(2)
    one.sdgs.set([SDG.objects.get(number=4)])
    other.sdgs.set([])

    Innovation.sdgs.through.objects.filter(innovation=one).update(innovation=other)

    assert export_lines_out_of_step() == []
    assert ",4," in _line(other.pk) and ",4," not in _line(one.pk)


@pytest.mark.django_db
def test_check_command_finds_and_repairs_lines_out_of_step(capsys):
    entries = PublishedInnovationFactory.create_batch(3)
    call_command("export_lines")
    assert "0 entries out of step" in capsys.readouterr().out
    # What a restore with triggers disabled could leave: one line stale, one missing.
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            "UPDATE innovations_innovation SET title = 'Diubah tanpa pemicu' WHERE id = %s",
            [entries[0].pk],
        )
        cursor.execute(
            "DELETE FROM innovations_exportline WHERE innovation_id = %s", [entries[1].pk]
        )
        cursor.execute("SET session_replication_role = origin")

    with pytest.raises(CommandError, match="--repair"):
        call_command("export_lines")
    assert export_lines_out_of_step() == sorted([entries[0].pk, entries[1].pk])

    call_command("export_lines", "--repair")

    assert export_lines_out_of_step() == []
    assert "Diubah tanpa pemicu" in _line(entries[0].pk)

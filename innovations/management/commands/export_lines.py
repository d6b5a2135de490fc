"""Check, and if asked repair, the ready CSV lines of the export (innovations/export_sql.py).

Triggers keep them in step in the same transaction as every change; this is for after something
bypassed them (triggers disabled for a bulk restore, a data-only dump loaded with
session_replication_role = replica).
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from innovations.selectors.exchange import export_lines_out_of_step


class Command(BaseCommand):
    help = (
        "Check the export's ready CSV lines against the entries; --repair re-encodes those out "
        "of step."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="re-encode what is out of step")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The export's ready lines exist on PostgreSQL only.")
        ids = export_lines_out_of_step()
        self.stdout.write(
            f"{len(ids)} entries out of step" + (f" (first ids {ids[:10]})" if ids else "")
        )
        if not ids or not options["repair"]:
            if ids:
                raise CommandError("Run again with --repair to re-encode them.")
            return
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT innovations_exportline_sync(%s::bigint[])", [ids])
        left = export_lines_out_of_step()
        self.stdout.write(f"repaired; {len(left)} entries out of step")
        if left:
            raise CommandError(f"Still out of step: {left[:10]}")

"""The phrase table (models.SearchPhrase) kept in step with the synonym table, and the background
job that indexes a new phrase in the search-table rows written before it existed.

Why: search matches the multi-word terms of the synonym table ("pusat kesehatan masyarakat" for
puskesmas) through one token each in the match vectors instead of by word positions, which
PostgreSQL can only check by reading every candidate's out-of-line vector. A trigger tokenizes
every row written once the phrase is in the table (search_sql.PHRASE_TOKENS_V1); rows written
before are tokenized here, and until that has finished the phrase is not `ready` and search keeps
matching it by positions, so results never depend on how far the job has got.
"""

from django.db import connection, transaction

from .. import search, search_sql
from ..models import SearchPhrase, SearchSynonym, phrase_token

# Rows rewritten per transaction: a phrase held by a quarter of the catalogue must not lock all
# of those rows at once, nor leave them all dead for one vacuum.
INDEX_BATCH_ROWS = 2000
# How long the job waits for the transactions writing the search table before it gives up and
# is retried (search_phrases_index task): queued behind a long import, its lock request would
# hold up every other write meanwhile.
LOCK_TIMEOUT = "5s"
# Serializes concurrent syncs (two curators saving synonyms at once).
SYNC_LOCK_KEY = 7_391_004


def synonym_table_changed(*, raw: bool = False, **kwargs) -> None:
    """Receiver of the synonym table's saves and deletes (connected in apps.py). Rows restored
    raw (fixtures, a test database's serialized rollback) bring their phrase rows with them."""
    search.synonyms_changed()
    transaction.on_commit(search.synonyms_changed)  # a search during the save may re-cache
    if not raw:
        search_phrases_sync()


def search_phrases_sync() -> list[str]:
    """Make the phrase table hold exactly the synonym table's phrases (PostgreSQL only: SQLite
    search matches substrings). New phrases are indexed after the commit by a background job.
    Returns the phrases added."""
    if not search.uses_full_text():
        return []
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SYNC_LOCK_KEY])
        wanted = search.phrases_of_synonyms(SearchSynonym.objects.values_list("terms", flat=True))
        existing = set(SearchPhrase.objects.values_list("phrase", flat=True))
        removed, added = existing - wanted, sorted(wanted - existing)
        # A dropped phrase's tokens stay in vectors not rewritten since: they still say the truth
        # (those rows hold the phrase), and search stops asking for them.
        SearchPhrase.objects.filter(phrase__in=removed).delete()
        SearchPhrase.objects.bulk_create([SearchPhrase(phrase=phrase) for phrase in added])
        if removed or added:
            search.phrases_changed()
            transaction.on_commit(search.phrases_changed)
    if added:
        from ..tasks import search_phrases_index as task

        transaction.on_commit(task.delay)
    return added


def search_phrases_index() -> int:
    """Tokenize the phrases not yet `ready` in every search-table row holding them, then mark
    them ready. Returns the number of rows rewritten. Safe to rerun (Celery beat sweeps for
    pending phrases) and to run beside catalogue writes (see below)."""
    if not search.uses_full_text():
        return 0
    pending = list(SearchPhrase.objects.filter(ready=False).values_list("pk", "phrase"))
    if not pending:
        return 0
    # A write whose trigger ran before the phrase was committed, but that commits only later,
    # would escape the UPDATE below. A SHARE lock waits for every transaction writing the search
    # table to end (they hold ROW EXCLUSIVE until then); writes after it see the phrase.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [LOCK_TIMEOUT])
        cursor.execute("LOCK TABLE innovations_searchentry IN SHARE MODE")
    rewritten = 0
    for pk, phrase in pending:
        token_query = search.tsquery_lexeme(phrase_token(phrase))
        ids = phrase_rows(phrase=phrase, token_query=token_query)
        for start in range(0, len(ids), INDEX_BATCH_ROWS):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    search_sql.PHRASE_INDEX,
                    {"ids": ids[start : start + INDEX_BATCH_ROWS], "token_query": token_query},
                )
                rewritten += cursor.rowcount
        # A phrase without a word to match (punctuation only) stays matched as before.
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE innovations_searchphrase SET ready = true, updated_at = now() "
                "WHERE id = %s AND phrase = %s AND numnode(query) > 0",
                [pk, phrase],
            )
    search.phrases_changed()
    return rewritten


def phrase_rows(*, phrase: str, token_query: str) -> list[int]:
    """Ids of the search-table rows holding the phrase but not its token, found through the
    match vector's GIN index (the planner would otherwise read every vector)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('enable_seqscan', 'off', true)")
        cursor.execute(search_sql.PHRASE_ROWS, {"phrase": phrase, "token_query": token_query})
        return [row[0] for row in cursor.fetchall()]

"""The phrase table (models.SearchPhrase) kept in step with the synonym table, and the background
job that indexes a new phrase in the search-table rows written before it existed.

Why: search matches the multi-word terms of the synonym table ("pusat kesehatan masyarakat" for
puskesmas) through one token each in the match vectors instead of by word positions, which
PostgreSQL can only check by reading every candidate's out-of-line vector. A trigger tokenizes
every row written once the phrase is in the table (search_sql.PHRASE_TOKENS_V1); rows written
before are tokenized here, and until that has finished the phrase is not `ready` and search keeps
matching it by positions, so results never depend on how far the job has got.
"""

from collections.abc import Iterable

from django.db import connection, transaction

from .. import search, search_sql
from ..models import SearchPhrase, SearchSynonym, phrase_token


def phrases_of_synonyms(rows: Iterable[str]) -> set[str]:
    """The multi-word terms of the synonym table's rows, normalized as the query parser reads
    them."""
    return {term for row in rows for term in search.synonym_terms(row) if " " in term}


def synonym_table_changed(**kwargs) -> None:
    """Receiver of the synonym table's saves and deletes (connected in apps.py)."""
    search.synonyms_changed()
    search_phrases_sync()


def search_phrases_sync() -> list[str]:
    """Make the phrase table hold exactly the synonym table's phrases (PostgreSQL only: SQLite
    search matches substrings). New phrases are indexed after the commit by a background job.
    Returns the phrases added."""
    if not search.uses_full_text():
        return []
    wanted = phrases_of_synonyms(SearchSynonym.objects.values_list("terms", flat=True))
    with transaction.atomic():
        existing = set(SearchPhrase.objects.select_for_update().values_list("phrase", flat=True))
        removed = existing - wanted
        added = sorted(wanted - existing)
        if removed:
            # A dropped phrase's tokens stay in vectors not rewritten since: they still say the
            # truth (those rows hold the phrase) and search stops asking for them at once.
            SearchPhrase.objects.filter(phrase__in=removed).delete()
            search.phrases_changed()
        SearchPhrase.objects.bulk_create([SearchPhrase(phrase=phrase) for phrase in added])
    if added:
        from ..tasks import search_phrases_index as task

        transaction.on_commit(task.delay)
    return added


def search_phrases_index() -> int:
    """Tokenize the phrases not yet `ready` in every search-table row holding them, then mark
    them ready. Returns the number of rows rewritten. Safe to rerun and to run concurrently with
    catalogue writes (see below)."""
    if not search.uses_full_text():
        return 0
    pending = list(SearchPhrase.objects.filter(ready=False).values_list("pk", "phrase"))
    if not pending:
        return 0
    # A write whose trigger ran before the phrase was committed, but that commits only later,
    # would escape the UPDATE below. A SHARE lock waits for every transaction writing the search
    # table to end (they hold ROW EXCLUSIVE until then); writes after it see the phrase.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE innovations_searchentry IN SHARE MODE")
    rewritten = 0
    for pk, phrase in pending:
        with transaction.atomic(), connection.cursor() as cursor:
            rewritten += phrase_index(cursor, phrase)
            SearchPhrase.objects.filter(pk=pk, phrase=phrase).update(ready=True)
    search.phrases_changed()
    return rewritten


def phrase_index(cursor, phrase: str) -> int:
    """Add the phrase's token to the rows holding it, through the match vector's GIN index (the
    planner would otherwise read every vector). Shared with migration 0016."""
    cursor.execute("SET LOCAL enable_seqscan = off")
    cursor.execute(
        search_sql.PHRASE_INDEX,
        {"phrase": phrase, "token_query": search.tsquery_lexeme(phrase_token(phrase))},
    )
    return cursor.rowcount

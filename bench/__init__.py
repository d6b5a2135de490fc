"""Search benchmark of the catalogue (issue 3): scratch corpora, the HTTP load, the tantivy peer.

Run through `python manage.py bench_search`; see bench/README.md.
"""

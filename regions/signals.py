"""Signals of the reference data, for the apps that derive figures from it."""

from django.dispatch import Signal

# Sent inside reference_data_load()'s transaction, after its bulk upserts: they rename rows
# without the per-row save signals, so listeners (the catalogue's cached counts and labels)
# would not otherwise learn that names may have changed.
reference_data_loaded = Signal()

"""competitions models."""

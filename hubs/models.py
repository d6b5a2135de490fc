"""hubs models."""

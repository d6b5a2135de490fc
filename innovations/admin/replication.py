"""Admin of replications (written with the hubs work)."""

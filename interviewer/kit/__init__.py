"""Self-interviews at a distance: key pairs, study kits, sealed sessions and their import."""

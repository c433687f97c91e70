"""Central review: national progress, review of returns, reconciliation across returns."""

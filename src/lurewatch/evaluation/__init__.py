"""The benchmark: metrics, the four protocols, PAN12 official scoring, plots."""

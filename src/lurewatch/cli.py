"""Command line interface (placeholder, filled in by the engine work)."""

import click


@click.group()
def main() -> None:
    """lurewatch: early warning for online child grooming in chat."""

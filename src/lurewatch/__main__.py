"""`python -m lurewatch`: the `lurewatch` command, where the console script is not on PATH."""

from .cli import main

main()

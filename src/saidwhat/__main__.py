"""``python -m saidwhat``: the same as the ``saidwhat`` command."""

from saidwhat.cli import main

main()

"""Allow ``python -m mepcheck``."""

from mepcheck.cli import main

main()

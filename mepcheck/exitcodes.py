"""Named process exit codes shared by every command."""

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of the ``mepcheck`` command line."""

    OK = 0
    """No error-level finding failed."""
    FINDINGS = 1
    """At least one error-level finding failed (or a warning with ``--strict``)."""
    INPUT_ERROR = 2
    """Usage or input error, or a rule could not be evaluated (undetermined)."""
    INTERRUPTED = 130
    """Stopped by Ctrl-C (SIGINT); 143 when ended by SIGTERM. Nothing partial is left."""
    TERMINATED = 143
    """Ended by SIGTERM; temporary files removed, no target is partial."""

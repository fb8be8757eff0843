"""How every entry point reports a failure: one line on stderr, a traceback only with --debug."""

from __future__ import annotations

import sys
import traceback


def report_error(code: int, message: str, debug: bool) -> int:
    """Print `reviewer: error: MESSAGE` (after the traceback when debugging) and return `code`."""
    if debug:
        traceback.print_exc()
    print(f"reviewer: error: {message}", file=sys.stderr)
    return code

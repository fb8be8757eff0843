"""The provenance line every benchmark table starts with: commit, machine and the exact command.

Numbers in the README are pasted from these outputs, so each table carries what is needed to
reproduce it (and to notice when it is stale).
"""

from __future__ import annotations

import os
import platform
import shlex
import subprocess  # nosec B404 - fixed git argv only
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def commit() -> str:
    """Short commit of the checkout, `+dirty` when the working tree differs, or `unknown`."""
    try:
        rev = subprocess.run(  # nosec B603 B607 - fixed argv, no shell
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, timeout=30, check=False,
        )
        dirty = subprocess.run(  # nosec B603 B607 - fixed argv, no shell
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True, text=True, timeout=30, check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    if rev.returncode != 0 or not rev.stdout.strip():
        return "unknown"
    return rev.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


def machine() -> str:
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}"
    )


def command(module: str, argv: list[str]) -> str:
    return " ".join(["python", "-m", module, *(shlex.quote(arg) for arg in argv)])


def header_lines(title: str, module: str, argv: list[str] | None = None) -> list[str]:
    argv = sys.argv[1:] if argv is None else argv
    return [
        f"## {title}",
        "",
        f"commit `{commit()}` · {machine()} · `{command(module, argv)}`",
        "",
    ]

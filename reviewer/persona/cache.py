"""Answers on disk: the response cache, `--llm-dump` and `--llm-replay`.

All three use one key — a hash of the exact request body, model included — and one file shape:
`<key>.request.json` is the Messages API request after redaction, `<key>.response.json` the
response body exactly as the API returns it. So a dumped request can be sent by hand, a recorded
answer replayed offline, and re-running on the same head costs nothing.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import platformdirs

from reviewer.persona import PersonaError


class ReplayMissing(PersonaError):
    """`--llm-replay DIR` has no recorded answer for a request."""


def cache_dir(environ: Mapping[str, str]) -> Path:
    """`REVIEWER_CACHE_DIR`, else the platform's user cache dir (e.g. ~/.cache/reviewer/llm)."""
    override = environ.get("REVIEWER_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir("reviewer")) / "llm"


def _write_json(path: Path, data: Mapping[str, Any]) -> None:
    """Atomic write, so a crash or a concurrent run never leaves half an answer behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=2, ensure_ascii=False, sort_keys=True)
        out.write("\n")
    os.replace(tmp, path)


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


class AnswerCache:
    """Cached responses; a missing, unreadable or corrupt entry is simply a miss."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def get(self, key: str) -> dict[str, Any] | None:
        return _read_json(self.root / f"{key}.response.json")

    def put(self, key: str, response: Mapping[str, Any]) -> None:
        try:
            _write_json(self.root / f"{key}.response.json", response)
        except OSError:
            return  # a read-only cache costs money on the next run, never the review


def dump_request(directory: Path, key: str, request: Mapping[str, Any]) -> Path:
    path = directory / f"{key}.request.json"
    _write_json(path, request)
    return path


def dump_response(directory: Path, key: str, response: Mapping[str, Any]) -> Path:
    path = directory / f"{key}.response.json"
    _write_json(path, response)
    return path


def replay(directory: Path, key: str) -> dict[str, Any]:
    """The recorded answer for a request, or an error naming the exact file that is missing."""
    path = directory / f"{key}.response.json"
    if not path.is_file():
        raise ReplayMissing(
            f"--llm-replay: no recorded answer {path} for this request "
            f"(record it by sending {key}.request.json, written by --llm dry-run --llm-dump)"
        )
    data = _read_json(path)
    if data is None:
        raise ReplayMissing(f"--llm-replay: {path} is not a JSON object (a Messages API response body)")
    return data

"""Secrets never leave the machine: redact them from every text before it goes into a request.

Four nets, widest last: private key blocks (multi-line, so they are handled on the whole text),
well-known token formats (cloud, VCS, chat and payment API keys), detect-secrets' plugins (only
their pure string matchers — `analyze_string` — never their network verifiers), and
high-entropy values assigned to secret-looking names. Over-redacting a harmless string costs a
little review quality; leaking a key costs far more, so every net errs towards `[REDACTED]`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

REDACTED = "[REDACTED]"
_PRIVATE_KEY = re.compile(
    r"-----BEGIN (?P<kind>[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?)-----(?P<body>.*?)(?:-----END (?P=kind)-----|\Z)", re.DOTALL
)
_KEY_BODY = re.compile(r"[A-Za-z0-9+/=]{8,}")
_TOKENS = re.compile(
    "|".join(
        (
            r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA)[A-Z0-9]{16}\b",  # AWS access key id
            r"\bgh[pousr]_[A-Za-z0-9]{36,255}\b",  # GitHub tokens
            r"\bgithub_pat_[A-Za-z0-9_]{22,255}\b",
            r"\bglpat-[A-Za-z0-9_-]{20,}\b",  # GitLab
            r"\bxox[abposr]-[A-Za-z0-9-]{10,}\b",  # Slack
            r"\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\b",  # Stripe
            r"\bsk-ant-[A-Za-z0-9_-]{20,}\b",  # Anthropic
            r"\bsk-(?:proj-)?[A-Za-z0-9_-]{32,}\b",  # OpenAI
            r"\bAIza[0-9A-Za-z_-]{35}\b",  # Google API key
            r"\bya29\.[0-9A-Za-z_-]{20,}\b",  # Google OAuth access token
            r"\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}\b",  # SendGrid
            r"\bnpm_[A-Za-z0-9]{36}\b",
            r"\bpypi-[A-Za-z0-9_-]{50,}\b",
            r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b",  # JWT
            r"(?<=://)[^\s:/@'\"]+:[^\s@/'\"]+(?=@)",  # user:password@ in URLs
        )
    )
)
_SECRET_NAME = (
    r"[A-Za-z0-9_.-]*(?:secret|passw(?:or)?d|passwd|pwd|token|api[_-]?key|apikey|access[_-]?key|"
    r"private[_-]?key|client[_-]?secret|credential|auth[_-]?key|signing[_-]?key|dsn)[A-Za-z0-9_.-]*"
)
_ASSIGNMENT = re.compile(
    rf"(?i)(?P<name>{_SECRET_NAME})[\"']?\s*(?::=|=>|=|:)\s*(?P<quote>[\"'`]?)(?P<value>[^\s\"'`,;()\[\]{{}}]{{8,}})"
)
_REFERENCE = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$")
_QUOTED_ENTROPY = 3.0
_BARE_ENTROPY = 3.5
_SKIPPED_PLUGINS = frozenset({"PrivateKeyDetector"})  # key blocks are handled whole; keep the header


def entropy(value: str) -> float:
    """Shannon entropy in bits per character: random keys score ~4+, words and names ~2–3."""
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


@lru_cache(maxsize=1)
def _plugins() -> tuple[Any, ...]:
    """detect-secrets' built-in detectors, instantiated once with their default limits."""
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

    classes: Iterable[Any] = get_mapping_from_secret_type_to_class().values()
    return tuple(cls() for cls in classes if cls.__name__ not in _SKIPPED_PLUGINS)


def _plugin_hits(line: str) -> Iterable[str]:
    for plugin in _plugins():
        limit = getattr(plugin, "entropy_limit", None)
        try:
            found = list(plugin.analyze_string(line))
        except Exception:  # noqa: BLE001 - one detector's bug must not leak every other secret
            continue
        for value in found:
            if not isinstance(value, str) or len(value) < 6:
                continue
            if limit is None or plugin.calculate_shannon_entropy(value) > limit:
                yield value


def _assignment_hits(line: str) -> Iterable[str]:
    """`API_TOKEN = "…"` / `password: …` with a random-looking value; bare values must also mix
    letters and digits, so `token = request_token` (a variable) is left alone."""
    for match in _ASSIGNMENT.finditer(line):
        value = match.group("value")
        if match.group("quote"):
            if entropy(value) >= _QUOTED_ENTROPY:
                yield value
        elif not _REFERENCE.match(value) or _mixed(value):
            if entropy(value) >= _BARE_ENTROPY and _mixed(value):
                yield value


def _mixed(value: str) -> bool:
    return any(c.isdigit() for c in value) and any(c.isalpha() for c in value)


@lru_cache(maxsize=65536)
def redact_line(line: str) -> str:
    """One line with every secret value replaced by `[REDACTED]`."""
    line = _TOKENS.sub(REDACTED, line)
    if not line.strip():
        return line
    hits = {value for value in (*_plugin_hits(line), *_assignment_hits(line)) if REDACTED not in value}
    for value in sorted(hits, key=len, reverse=True):
        line = line.replace(value, REDACTED)
    return line


def _private_keys(text: str) -> str:
    def scrub(match: re.Match[str]) -> str:
        return match.group(0).replace(match.group("body"), _KEY_BODY.sub(REDACTED, match.group("body")))

    return _PRIVATE_KEY.sub(scrub, text)


def redact(text: str) -> str:
    """Redact a whole text (line structure and line numbers are kept)."""
    if not text:
        return text
    text = _private_keys(text)
    return "\n".join(redact_line(line) for line in text.split("\n"))

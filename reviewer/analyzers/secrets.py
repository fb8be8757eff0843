"""Credentials on added lines, found by detect-secrets' plugins run in-process (never its CLI).

Only lines the PR adds are scanned: a secret already in the history is a rotation problem, not a
review comment. Known token formats (cloud keys, private keys, GitHub/Slack/Stripe… tokens,
passwords in connection strings) are SEC401; a high-entropy literal assigned to a secret-named
variable is SEC402. Every finding shows the secret masked (`AKIA…`), in every field, and its
fingerprint is computed from the masked code, so the secret never leaves this module.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from reviewer.analyzers.base import AnalysisContext, Rule, SourceFile, is_test_path
from reviewer.findings import (
    Category,
    Confidence,
    Finding,
    Severity,
    Skipped,
    fingerprint,
    make_finding,
)

SUFFIXES = (
    ".py", ".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx", ".json", ".yaml", ".yml", ".toml", ".ini", ".cfg", ".conf",
    ".env", ".properties", ".xml", ".html", ".txt", ".md", ".rst", ".sh", ".bash", ".zsh", ".rb", ".go", ".java", ".kt",
    ".php", ".cs", ".tf", ".tfvars", ".sql", ".pem", ".key", ".j2", ".jinja", ".tpl", "Dockerfile", ".dockerfile", ".gradle",
    ".npmrc", ".pypirc", ".netrc", ".envrc", ".secrets", ".config",
)
_FORMAT_PLUGINS_SKIPPED = {"IPPublicDetector", "KeywordDetector", "Base64HighEntropyString", "HexHighEntropyString"}
_MIN_ENTROPY = 3.0
_PASSWORD_HASH = re.compile(r"^(pbkdf2_sha\d+|argon2|bcrypt|scrypt)\$|^\$(2[aby]|argon2\w*|scrypt)\$")
# Bounded repeats keep this linear on long lines (an unbounded `\w*` prefix made `search` quadratic).
_SECRET_ASSIGNMENT = re.compile(
    r"(token|secret|api_?key|apikey|passw(or)?d|passwd|private_?key|access_?key|credential|auth)\w{0,64}['\"]?\s{0,8}[:=]",
    re.IGNORECASE,
)
# A line can only hold a credential if it has a long mixed token, a key header, a URL or a secret-ish word.
# Token runs are matched once each and tested in Python: a lookahead per start position was quadratic.
_TOKEN_RUN = re.compile(r"[A-Za-z0-9_\-+/=.~:]{10,}")
_MIXED = re.compile(r"[A-Z0-9]")
_CANDIDATE_WORD = re.compile(r"PRIVATE KEY|://|pass|pwd|secret|key|token|auth|cred|cloudant|softlayer", re.IGNORECASE)
_ASSIGNED_KINDS = frozenset({"Secret Keyword", "Base64 High Entropy String", "Hex High Entropy String"})
_TOKEN_CHAR = re.compile(r"[A-Za-z0-9_\-+/=.~]")
_PLACEHOLDERS = ("changeme", "example", "dummy", "placeholder", "your", "xxx", "redacted", "secret", "password", "test", "fake", "sample")

RULES: tuple[Rule, ...] = (
    Rule("SEC401", "Credential committed in an added line", Category.SECURITY, Severity.HIGH,
         "An added line contains a credential with a recognisable format (AWS/Azure/IBM keys, private keys, GitHub, GitLab, "
         "Slack, Stripe, Twilio, SendGrid, OpenAI, npm or PyPI tokens, JWTs, passwords inside connection strings). Once pushed "
         "it is in every clone and fork: treat it as leaked.\n\nRevoke and rotate it, then read it from the environment or a "
         "secret manager:\n\n    api_key = os.environ['STRIPE_API_KEY']\n\nDetection uses the detect-secrets library; the "
         "finding shows the value masked. Mark a known-fake value with `# pragma: allowlist secret`.",
         798, Confidence.HIGH),
    Rule("SEC402", "High-entropy secret assigned in an added line", Category.SECURITY, Severity.MEDIUM,
         "A random-looking literal is assigned to a variable or key named like a secret (`password`, `api_key`, `secret`, "
         "`token`…). Random literals in such names are almost always real credentials.\n\nMove it out of the code:\n\n"
         "    DB_PASSWORD = os.environ['DB_PASSWORD']\n\nPlaceholders (`changeme`, `example`, `<token>`, `${VAR}`) and "
         "low-entropy words are not reported.",
         798, Confidence.MEDIUM),
)
SECRET_RULES = frozenset(rule.id for rule in RULES)


def mask(secret: str) -> str:
    """Enough to recognise which credential is meant, never enough to use it."""
    return f"{secret[:4]}…" if len(secret) >= 12 else "…"


def secrets_on(path: str, line: str) -> list[str]:
    """The credentials detect-secrets sees on one line (raw values: for masking, never output)."""
    return [secret for _, secret in _detect(path, line)]


def mask_other_findings(findings: Sequence[Finding], lines_of: Callable[[str], list[str]]) -> list[Finding]:
    """Another rule's finding on a line with a committed secret (a `verify=False` call passing a
    token, say) would repeat the secret in its snippet, message or suggestion: mask it there too,
    and drop a suggestion that would have to contain it."""
    flagged = {(f.path, n) for f in findings if f.rule_id in SECRET_RULES for n in f.lines}
    masked = []
    for finding in findings:
        hits = [] if finding.rule_id in SECRET_RULES else [
            s for n in finding.lines if (finding.path, n) in flagged for s in secrets_on(finding.path, _line(lines_of(finding.path), n))
        ]
        if hits and finding.suggestion and any(s in finding.suggestion for s in hits):
            finding = replace(finding, suggestion=None)
        masked.append(redact(finding, hits) if hits else finding)
    return masked


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1] if 0 < number <= len(lines) else ""


def redact(finding: Finding, secrets: Sequence[str], severity: Severity | None = None) -> Finding:
    """The finding with every secret masked in every text field, fingerprinted from the masked code."""
    def clean(text: str) -> str:
        for secret in sorted(secrets, key=len, reverse=True):
            text = text.replace(secret, mask(secret))
        return text

    snippet = clean(finding.snippet)
    return replace(
        finding, title=clean(finding.title), message=clean(finding.message), snippet=snippet,
        suggestion=clean(finding.suggestion) if finding.suggestion else None, severity=severity or finding.severity,
        fingerprint=fingerprint(finding.rule_id, finding.path, snippet),
    )


def analyze(ctx: AnalysisContext) -> Iterable[Finding | Skipped]:
    for source in ctx.files:
        yield from scan(source)


def scan(source: SourceFile) -> Iterator[Finding]:
    lines = source.lines
    for number in sorted(source.diff.added_lines):
        if 0 < number <= len(lines) and "allowlist secret" not in lines[number - 1]:
            yield from _line_findings(source, number, lines[number - 1])


def _line_findings(source: SourceFile, number: int, text: str) -> Iterator[Finding]:
    """Test and fixture files are allowed throw-away passwords; a known token format is reported anywhere."""
    reported: set[str] = set()
    for kind, secret in _detect(source.path, text):
        if kind in _ASSIGNED_KINDS and (is_test_path(source.path) or _PASSWORD_HASH.match(secret)):
            continue
        if secret in reported or any(secret in r or r in secret for r in reported):
            continue
        reported.add(secret)
        rule = RULES[1] if kind in _ASSIGNED_KINDS else RULES[0]
        found = make_finding(
            rule_id=rule.id, category=rule.category, severity=rule.severity, confidence=rule.confidence, path=source.path,
            line=number, title=f"{rule.title} ({kind})", message=f"{kind} `{mask(secret)}` added. {rule.doc}",
            source="detect-secrets", cwe=rule.cwe, source_lines=source.lines,
        )
        yield redact(found, [secret])


def _detect(path: str, text: str) -> Iterator[tuple[str, str]]:
    heuristic = _heuristic()
    if not _is_candidate(text) or heuristic.is_lock_file(path):
        return
    plugins = _plugins() + (_entropy_plugins() if _SECRET_ASSIGNMENT.search(text) else ())
    found = [(plugin, p) for plugin in plugins for p in plugin.analyze_line(filename=path, line=text, line_number=0, context=None)]
    if not found or heuristic.is_indirect_reference(text):
        return
    for plugin, potential in found:
        secret = str(potential.secret_value or "")
        if secret and not _filtered(heuristic, plugin, secret, text):
            yield potential.type, _whole_token(secret, text)


def _is_candidate(text: str) -> bool:
    """A long token run holding an upper-case letter or digit, or a secret-ish word."""
    if _CANDIDATE_WORD.search(text):
        return True
    return any(_MIXED.search(run.group()) for run in _TOKEN_RUN.finditer(text))


@lru_cache(maxsize=1)
def _heuristic() -> Any:
    """detect-secrets' filters, imported once per process rather than once per line."""
    from detect_secrets.filters import heuristic

    return heuristic


def _whole_token(secret: str, line: str) -> str:
    """Some detectors return only a prefix group (`ghp`): widen to the whole token so all of it is masked."""
    start = line.find(secret)
    if start < 0:
        return secret
    end = start + len(secret)
    while start > 0 and _TOKEN_CHAR.match(line[start - 1]):
        start -= 1
    while end < len(line) and _TOKEN_CHAR.match(line[end]):
        end += 1
    return line[start:end]


def _filtered(heuristic: Any, plugin: Any, secret: str, line: str) -> bool:
    if (heuristic.is_sequential_string(secret) or heuristic.is_potential_uuid(secret) or heuristic.is_templated_secret(secret)
            or heuristic.is_prefixed_with_dollar_sign(secret) or heuristic.is_not_alphanumeric_string(secret)
            or heuristic.is_likely_id_string(secret, line, plugin)):
        return True
    if "HighEntropy" in type(plugin).__name__:
        return len(secret) < 16 or any(word in secret.lower() for word in _PLACEHOLDERS)
    if type(plugin).__name__ != "KeywordDetector":
        return False
    lowered = secret.lower()
    return len(secret) < 8 or _entropy(secret) < _MIN_ENTROPY or any(word in lowered for word in _PLACEHOLDERS)


def _entropy(text: str) -> float:
    counts = Counter(text)
    return -sum(c / len(text) * math.log2(c / len(text)) for c in counts.values())


@lru_cache(maxsize=1)
def _plugins() -> tuple[Any, ...]:
    """Format detectors plus the keyword detector; verification (network) is never enabled."""
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

    classes: list[Any] = list(get_mapping_from_secret_type_to_class().values())
    found = [cls() for cls in classes if cls.__name__ not in _FORMAT_PLUGINS_SKIPPED]
    keyword = next(cls for cls in classes if cls.__name__ == "KeywordDetector")
    return (*sorted(found, key=lambda p: type(p).__name__), keyword())


@lru_cache(maxsize=1)
def _entropy_plugins() -> tuple[Any, ...]:
    """Random-looking literals, only consulted on lines that assign to a secret-named target."""
    from detect_secrets.plugins.high_entropy_strings import (
        Base64HighEntropyString,
        HexHighEntropyString,
    )

    return (Base64HighEntropyString(limit=4.0), HexHighEntropyString(limit=3.0))

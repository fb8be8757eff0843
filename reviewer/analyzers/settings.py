"""Insecure Django/Flask/FastAPI settings, token handling and password crypto.

Module-level settings (`DEBUG`, `ALLOWED_HOSTS`, `SECRET_KEY`, cookie and CORS flags) and their
Flask spellings (`app.secret_key`, `app.config["DEBUG"]`, `config.update(...)`) are read as
(name, value) pairs; calls are checked for unverified JWTs, fast password hashes, open CORS and
literal secret fallbacks; comparisons for secrets checked with `==`. Development and test settings
files are exempt from the deployment rules: `DEBUG = True` in `settings/dev.py` is the point.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator

from reviewer.analyzers.base import AnalysisContext, SourceFile, all_nodes, is_test_path
from reviewer.analyzers.secrets import mask, redact
from reviewer.analyzers.settings_rules import BY_ID, RULES
from reviewer.analyzers.taint_scope import ModuleInfo, dotted
from reviewer.findings import Category, Finding, Severity, Skipped, make_finding

__all__ = ["RULES", "SUFFIXES", "analyze"]
SUFFIXES = (".py",)
_DEV_SETTINGS = re.compile(r"(^|[/_])(dev|local|test|testing|development|ci|example|sample)[^/]*\.py$", re.IGNORECASE)
_SECRET_ENV = re.compile(r"SECRET|TOKEN|PASSWORD|PASSWD|API_KEY|PRIVATE_KEY|SIGNING_KEY", re.IGNORECASE)
_SECRET_LEAF = re.compile(r"^(?:[\w-]*[_-])?(token|secret|signature|sig|api_?key|apikey|otp|passcode|password_hash|pw_hash)$", re.IGNORECASE)
_PASSWORD = re.compile(r"pass(word)?|passwd|pwd", re.IGNORECASE)
_FAST_HASHES = frozenset(f"hashlib.{h}" for h in "md5 sha1 sha224 sha256 sha384 sha512 sha3_256 sha3_512 blake2b blake2s new".split())
_COOKIE_FLAGS = ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY")


def analyze(ctx: AnalysisContext) -> Iterable[Finding | Skipped]:
    for source in ctx.files:
        if source.tree is not None and not is_test_path(source.path):
            yield from check(source)


def check(source: SourceFile) -> Iterator[Finding]:
    """One walk of the tree: settings assignments, calls, comparisons and view decorators."""
    assert source.tree is not None
    info = ModuleInfo.top_level(source.tree)
    deploy = not _DEV_SETTINGS.search(source.path)
    top = set(map(id, source.tree.body))
    pairs: list[tuple[str, ast.expr, int]] = []
    for node in all_nodes(source.tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            name = _setting_name(node.targets[0], id(node) in top)
            pairs += [(name, node.value, node.lineno)] if name else []
        elif isinstance(node, ast.Call):
            pairs += _config_update(node)
            yield from _call(source, info, node, deploy)
        elif isinstance(node, ast.Compare):
            yield from _compare(source, node)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            exempt = [d for d in node.decorator_list if (dotted(d) or "").endswith("csrf_exempt")]
            if exempt and not verifies_signature(node):
                yield _finding(source, "SEC304", exempt[0].lineno, f"`{node.name}` is exempt from CSRF protection.")
    names = {name: value for name, value, _ in pairs}
    for name, value, line in pairs:
        yield from _setting(source, name, value, line, names, deploy)
    yield from _removed_csrf_middleware(source)


# Webhook endpoints are CSRF-exempt by necessity; what protects them is the sender's signature.
_SIGNATURE_CHECKS = ("hmac.compare_digest", "compare_digest", "hmac.new", "construct_event", "verify_signature", "verify_webhook")


def verifies_signature(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A view that checks a request signature (HMAC, Stripe's construct_event…) is exempt on purpose."""
    return any(isinstance(n, ast.Call) and (dotted(n.func) or "").endswith(_SIGNATURE_CHECKS) for n in ast.walk(function))


def _config_update(node: ast.Call) -> list[tuple[str, ast.expr, int]]:
    """Flask's `app.config.update(SECRET_KEY=...)` / `config.from_mapping(...)` as settings pairs."""
    if isinstance(node.func, ast.Attribute) and node.func.attr in ("update", "from_mapping") and "config" in (dotted(node.func.value) or ""):
        return [(k.arg, k.value, k.value.lineno) for k in node.keywords if k.arg]
    return []


def _setting_name(target: ast.expr, module_level: bool) -> str | None:
    if isinstance(target, ast.Name) and module_level and target.id.isupper():
        return target.id
    if isinstance(target, ast.Attribute) and target.attr in ("secret_key", "debug") and "app" in (dotted(target.value) or ""):
        return target.attr.upper()
    if isinstance(target, ast.Subscript) and (dotted(target.value) or "").endswith("config"):
        key = target.slice
        return key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else None
    return None


def _setting(source: SourceFile, name: str, value: ast.expr, line: int, names: dict[str, ast.expr], deploy: bool) -> Iterator[Finding]:
    if not deploy:
        return
    if name == "DEBUG" and _is(value, True):
        yield _finding(source, "SEC301", line, "Debug mode is switched on unconditionally.", _env_fix(source, line, 'os.environ.get("DJANGO_DEBUG") == "1"'))
    elif name == "ALLOWED_HOSTS" and isinstance(value, (ast.List, ast.Tuple)) and any(_is(e, "*") for e in value.elts):
        yield _finding(source, "SEC302", line, "`ALLOWED_HOSTS` contains `'*'`.")
    elif name.endswith("SECRET_KEY") and isinstance(value, ast.Constant) and isinstance(value.value, str) and value.value:
        yield redact(_finding(source, "SEC303", line, f"`{name}` is the literal `{mask(value.value)}`.",
                              _env_fix(source, line, f'os.environ["{name}"]')), [value.value])
    elif name in _COOKIE_FLAGS and _is(value, False):
        yield _finding(source, "SEC305", line, f"`{name} = False`.", _replace_value(source, line, "False", "True"))
    elif name in ("CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL") and _is(value, True) and _is(names.get("CORS_ALLOW_CREDENTIALS"), True):
        yield _finding(source, "SEC306", line, f"`{name} = True` together with `CORS_ALLOW_CREDENTIALS = True`.")


def _call(source: SourceFile, info: ModuleInfo, node: ast.Call, deploy: bool) -> Iterator[Finding]:
    name = info.resolve(node.func) or ""
    kwargs = {k.arg: k.value for k in node.keywords if k.arg}
    if name.endswith("jwt.decode") and (problem := _jwt_problem(node, kwargs)):
        yield _finding(source, "SEC307", node.lineno, f"`{name}` is called with {problem}.")
    elif name in _FAST_HASHES and any(_PASSWORD.search(ast.unparse(a)) for a in node.args):
        yield _finding(source, "SEC308", node.lineno, f"A password is hashed with `{name}`.")
    elif name in ("os.environ.get", "os.getenv") and len(node.args) == 2 and _is_env_secret(node):
        literal = node.args[1].value  # type: ignore[attr-defined]
        found = _finding(source, "SEC303", node.lineno, f"`{node.args[0].value}` falls back to the literal `{mask(literal)}` when unset.")  # type: ignore[attr-defined]
        yield redact(found, [literal], severity=Severity.MEDIUM)
    elif deploy and (problem := _cors_problem(name, node, kwargs)):
        yield _finding(source, "SEC306", node.lineno, problem)


def _jwt_problem(node: ast.Call, kwargs: dict[str, ast.expr]) -> str | None:
    options = kwargs.get("options")
    if isinstance(options, ast.Dict):
        for key, value in zip(options.keys, options.values):
            if _is(key, "verify_signature") and _is(value, False):
                return "`options={'verify_signature': False}`"
    if _is(kwargs.get("verify"), False):
        return "`verify=False`"
    algorithms = kwargs.get("algorithms")
    if isinstance(algorithms, (ast.List, ast.Tuple)) and any(isinstance(e, ast.Constant) and str(e.value).lower() == "none" for e in algorithms.elts):
        return "the `none` algorithm allowed"
    return None


def _cors_problem(name: str, node: ast.Call, kwargs: dict[str, ast.expr]) -> str | None:
    args = [dotted(a) or "" for a in node.args]
    if any(a.endswith("CORSMiddleware") for a in args) or name.endswith("CORSMiddleware"):
        origins = kwargs.get("allow_origins")
        if isinstance(origins, (ast.List, ast.Tuple)) and any(_is(e, "*") for e in origins.elts) and _is(kwargs.get("allow_credentials"), True):
            return "`CORSMiddleware` allows every origin (`['*']`) with `allow_credentials=True`."
    if name.endswith("flask_cors.CORS") and _is(kwargs.get("supports_credentials"), True):
        origins = kwargs.get("origins") or kwargs.get("resources")
        if origins is None or _is(origins, "*"):
            return "`CORS(...)` allows every origin (the default `*`) with `supports_credentials=True`."
    return None


def _is_env_secret(node: ast.Call) -> bool:
    key, default = node.args
    return (isinstance(key, ast.Constant) and isinstance(key.value, str) and bool(_SECRET_ENV.search(key.value))
            and isinstance(default, ast.Constant) and isinstance(default.value, str) and bool(default.value))


def _compare(source: SourceFile, node: ast.Compare) -> Iterator[Finding]:
    if len(node.ops) != 1 or not isinstance(node.ops[0], (ast.Eq, ast.NotEq)):
        return
    sides = (node.left, node.comparators[0])
    if any(isinstance(s, (ast.Constant, ast.List, ast.Tuple, ast.Dict, ast.Set)) for s in sides):
        return
    texts = [ast.unparse(s) for s in sides]
    if any(_secret_like(side) for side in sides):
        yield _finding(source, "SEC309", node.lineno, f"`{ast.unparse(node)}` compares a secret with `{'==' if isinstance(node.ops[0], ast.Eq) else '!='}`.",
                       _digest_fix(source, node, texts))


def _secret_like(node: ast.expr) -> bool:
    """Judged by the value's own name (`sig`, `api_key`, header `X-Signature`), not its container's:
    `token.type` is a lexer token's type, `md5(data).digest()` a checksum; HMAC output always counts."""
    if "hmac" in ast.unparse(node).lower():
        return True
    if isinstance(node, ast.Call):
        keys = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        leaf = keys[0] if keys else (node.func.attr if isinstance(node.func, ast.Attribute) else dotted(node.func) or "")
    elif isinstance(node, ast.Subscript):
        key = node.slice
        leaf = key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else _leaf(node.value)
    else:
        leaf = _leaf(node)
    return bool(_SECRET_LEAF.match(leaf))


def _leaf(node: ast.expr) -> str:
    return node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""


def _digest_fix(source: SourceFile, node: ast.Compare, texts: list[str]) -> str | None:
    segment = ast.get_source_segment(source.text, node)
    line = source.lines[node.lineno - 1]
    if node.lineno != node.end_lineno or segment is None or segment not in line or "import hmac" not in source.text:
        return None
    left, right = (ast.get_source_segment(source.text, side) for side in (node.left, node.comparators[0]))
    negate = "not " if isinstance(node.ops[0], ast.NotEq) else ""
    return line.replace(segment, f"{negate}hmac.compare_digest({left or texts[0]}, {right or texts[1]})", 1)


def _removed_csrf_middleware(source: SourceFile) -> Iterator[Finding]:
    if "CsrfViewMiddleware" in source.text:
        return
    for hunk in source.diff.hunks:
        for index, line in enumerate(hunk.lines):
            if line.kind == "-" and "CsrfViewMiddleware" in line.text:
                anchor = next((ln.new_no for ln in hunk.lines[index:] if ln.new_no), None) or hunk.new_start
                yield _finding(source, "SEC304", anchor, "`django.middleware.csrf.CsrfViewMiddleware` was removed from `MIDDLEWARE`.")
                return


def _is(node: ast.expr | None, value: object) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is type(value) and node.value == value


def _env_fix(source: SourceFile, line: int, expr: str) -> str | None:
    text = source.lines[line - 1]
    match = re.match(r"^(\s*[\w.\[\]\"']+\s*=\s*)", text)
    return f"{match.group(1)}{expr}" if match and "import os" in source.text else None


def _replace_value(source: SourceFile, line: int, old: str, new: str) -> str | None:
    text = source.lines[line - 1]
    return re.sub(rf"=\s*{old}\b", f"= {new}", text, count=1) if text.count(old) == 1 else None


def _finding(source: SourceFile, rule_id: str, line: int, detail: str, suggestion: str | None = None) -> Finding:
    rule = BY_ID[rule_id]
    why, _, fix = rule.doc.partition("\n\n")
    return make_finding(
        rule_id=rule_id, category=Category.SECURITY, severity=rule.severity, confidence=rule.confidence,
        path=source.path, line=line, title=rule.title, message=f"{detail} {why}\n\n{fix}", suggestion=suggestion,
        source="settings", cwe=rule.cwe, source_lines=source.lines,
    )

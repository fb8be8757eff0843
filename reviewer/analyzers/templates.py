"""Escaping switched off in Django/Jinja templates and in the Python that configures them.

Autoescaping is what makes `{{ comment }}` safe; `|safe`, `{% autoescape off %}` and
`autoescape=False` turn it off, so whatever reaches the template is rendered as markup. `|safe`
on request data (`request.GET.q|safe`) is certain XSS and reported high; elsewhere it is medium,
because the value may be sanitised HTML, which a reviewer should confirm.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator

from reviewer.analyzers.base import AnalysisContext, Rule, SourceFile, all_nodes
from reviewer.analyzers.taint_scope import dotted
from reviewer.findings import (
    Category,
    Confidence,
    Finding,
    Severity,
    Skipped,
    make_finding,
)

SUFFIXES = (".html", ".htm", ".txt", ".j2", ".jinja", ".jinja2", ".djhtml", ".py")
_SAFE = re.compile(r"\s*\|\s*(safe|safeseq)\b")
_AUTOESCAPE_OFF = re.compile(r"\{%-?\s*autoescape\s+(off|false)\s*-?%\}", re.IGNORECASE)
_REQUEST = re.compile(r"\brequest\.(GET|POST|args|form|values|query_params|query|cookies|COOKIES|headers|META|path_params)\b|\brequest\.(json|data)\b")

RULES: tuple[Rule, ...] = (
    Rule("SEC501", "Template output marked |safe", Category.SECURITY, Severity.MEDIUM,
         "`{{ value|safe }}` renders the value without escaping. If any part of it comes from a user (a comment, a name, a "
         "query parameter) it becomes script in other users' browsers (stored or reflected XSS). On request data it is "
         "reported high.\n\nLet autoescaping work, or sanitise in Python and say so:\n\n"
         "    {{ comment }}\n    {# or, for rich text: #}\n    {{ comment_html }}  {# = bleach.clean(markdown(comment)) in the view #}",
         79, Confidence.MEDIUM),
    Rule("SEC502", "Autoescaping switched off in a template block", Category.SECURITY, Severity.MEDIUM,
         "`{% autoescape off %}` (Django) / `{% autoescape false %}` (Jinja) disables escaping for every variable in the "
         "block, including ones added later by someone who does not know.\n\nRemove the block and mark only vetted values "
         "safe in Python with `format_html`/`Markup` on escaped arguments.",
         79, Confidence.HIGH),
    Rule("SEC503", "Template engine configured without autoescaping", Category.SECURITY, Severity.HIGH,
         "`jinja2.Environment(autoescape=False)`, `app.jinja_env.autoescape = False` or Django `TEMPLATES` `OPTIONS` with "
         "`'autoescape': False` turn escaping off for every template the engine renders.\n\nEnable it for HTML:\n\n"
         "    Environment(loader=loader, autoescape=select_autoescape(['html', 'xml']))",
         79, Confidence.HIGH),
)
_BY_ID = {rule.id: rule for rule in RULES}


def analyze(ctx: AnalysisContext) -> Iterable[Finding | Skipped]:
    for source in ctx.files:
        if source.path.endswith(".py"):
            yield from _python(source)
        elif "{{" in source.text or "{%" in source.text:
            yield from _template(source)


def _template(source: SourceFile) -> Iterator[Finding]:
    for number, line in enumerate(source.lines, start=1):
        if _AUTOESCAPE_OFF.search(line):
            yield _finding(source, "SEC502", number, "The block renders its variables unescaped.")
        for body in expressions(line):
            if not _SAFE.search(body):
                continue
            request = bool(_REQUEST.search(body))
            fix = _SAFE.sub("", line) if request else None
            yield _finding(source, "SEC501", number, f"`{{{{{body}}}}}` is rendered unescaped"
                           + (" and comes straight from the request." if request else "."),
                           severity=Severity.HIGH if request else None, suggestion=fix)


def expressions(line: str) -> Iterator[str]:
    """The bodies of the `{{ … }}` on a line, by `str.find`: linear where a lazy regex was
    quadratic on a line of unclosed `{{`."""
    start = line.find("{{")
    while start >= 0:
        end = line.find("}}", start + 2)
        if end < 0:
            return
        yield line[start + 2:end]
        start = line.find("{{", end + 2)


def _python(source: SourceFile) -> Iterator[Finding]:
    if source.tree is None or "autoescape" not in source.text:
        return
    for node in all_nodes(source.tree):
        if isinstance(node, ast.Call) and (dotted(node.func) or "").split(".")[-1] in ("Environment", "Template", "SandboxedEnvironment"):
            if any(k.arg == "autoescape" and _false(k.value) for k in node.keywords):
                yield _finding(source, "SEC503", node.lineno, f"`{dotted(node.func)}(autoescape=False)`.", suggestion=_swap(source, node.lineno))
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and _false(node.value):
            target = dotted(node.targets[0]) or ""
            if target.endswith("jinja_env.autoescape"):
                yield _finding(source, "SEC503", node.lineno, f"`{target} = False`.", suggestion=_swap(source, node.lineno))
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and key.value == "autoescape" and _false(value):
                    yield _finding(source, "SEC503", key.lineno, "Template `OPTIONS` set `'autoescape': False`.", suggestion=_swap(source, key.lineno))


def _false(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


def _swap(source: SourceFile, line: int) -> str | None:
    text = source.lines[line - 1]
    return text.replace("False", "True", 1) if text.count("False") == 1 else None


def _finding(source: SourceFile, rule_id: str, line: int, detail: str, severity: Severity | None = None, suggestion: str | None = None) -> Finding:
    rule = _BY_ID[rule_id]
    return make_finding(
        rule_id=rule_id, category=Category.SECURITY, severity=severity or rule.severity, confidence=rule.confidence,
        path=source.path, line=line, title=rule.title, message=f"{detail}\n\n{rule.doc}", suggestion=suggestion,
        source="templates", cwe=rule.cwe, source_lines=source.lines,
    )

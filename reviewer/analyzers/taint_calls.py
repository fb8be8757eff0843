"""Calls: request sources, sinks, sanitisers, propagators and the file's own helpers.

Every call is judged from the tables in `taint_tables.py`; the few sinks whose safety depends on
how they are called (`subprocess` with an argv list, `yaml.load` with a safe Loader, lxml with a
non-resolving parser, `HttpResponse` with a non-HTML content type) have a `mode` checked here.
"""

from __future__ import annotations

import ast
from dataclasses import replace
from typing import TYPE_CHECKING

from reviewer.analyzers import taint_tables as T
from reviewer.analyzers.taint_model import EMPTY, Hit, Origin, Summary, Taint, cleanse, union
from reviewer.analyzers.taint_scope import dotted, is_safe_parser

if TYPE_CHECKING:
    from reviewer.analyzers.taint_eval import Evaluator


def evaluate_call(ev: Evaluator, node: ast.Call) -> Taint:
    """The taint of a call's result, recording a hit when request data reaches a sink."""
    name = ev.info.resolve(node.func) or ""
    method = node.func.attr if isinstance(node.func, ast.Attribute) else None
    receiver = ev.eval(node.func.value) if isinstance(node.func, ast.Attribute) else EMPTY
    args = [ev.eval(a) for a in node.args]
    kwargs = {k.arg or "**": ev.eval(k.value) for k in node.keywords}
    source = _source_call(ev, node, name)
    if source is not None:
        return source
    _check_sinks(ev, node, name, method, receiver, args, kwargs)
    everything = union(*args, *kwargs.values())
    helper = _helper(ev, node)
    if name in ev.tables.sanitisers:
        return cleanse(union(everything, receiver), ev.tables.sanitisers[name])
    if helper is not None:
        return _apply_summary(ev, node, helper, args, kwargs)
    if name in ev.tables.propagators:
        return everything
    if method is None:
        return EMPTY
    return _method_result(ev, node, method, receiver, everything)


def _source_call(ev: Evaluator, node: ast.Call, name: str) -> Taint | None:
    func = node.func
    if isinstance(func, ast.Attribute) and ev.is_request(func.value) and (
        func.attr in T.REQUEST_METHODS or func.attr in ev.tables.request_attrs
    ):
        return frozenset({Origin(node.lineno, f"request.{func.attr}()")})
    if isinstance(func, ast.Attribute) and func.attr in T.URL_ATTRS and ev.is_request(func.value):
        return frozenset({Origin(node.lineno, f"request.{func.attr}()", cleansed=T.URL_SAFE_KINDS)})
    if name in T.ENV_CALLS:
        return frozenset({Origin(node.lineno, f"{name}()", low=True)})
    return None


def _method_result(ev: Evaluator, node: ast.Call, method: str, receiver: Taint, args: Taint) -> Taint:
    if method in T.CLEAN_METHODS or (method == "get" and _typed_get(node)):
        return EMPTY
    assert isinstance(node.func, ast.Attribute)
    text_receiver = isinstance(node.func.value, (ast.Constant, ast.JoinedStr))
    if method in T.MUTATORS and args and (key := dotted(node.func.value)) is not None:
        ev.env[key] = union(ev.env.get(key, EMPTY), args)
    if method in T.ARG_METHODS or text_receiver:
        result = union(receiver, args)
        return cleanse(result, ev._prefix_kinds(node.func.value)) if text_receiver else result
    return receiver


def _typed_get(node: ast.Call) -> bool:
    """Flask's `request.args.get("id", type=int)` converts (or drops) the value."""
    return any(k.arg == "type" and (dotted(k.value) or "") in T.CLEAN_ANNOTATIONS for k in node.keywords)


def _check_sinks(ev: Evaluator, node: ast.Call, name: str, method: str | None, receiver: Taint,
                 args: list[Taint], kwargs: dict[str, Taint]) -> None:
    sink = ev.tables.sinks.get(name)
    if sink is None and method is not None:
        sink = ev.tables.method_sinks.get(method) or (T.RECEIVER_SINKS.get(method) if receiver else None)
        if sink is None and method in T.CLIENT_SINKS and _is_client(node):
            sink = T.CLIENT_SINKS[method]
    if sink is None or _exempt(ev, node, sink):
        return
    taint = _sink_taint(ev, node, sink, receiver, args, kwargs)
    record(ev, node, sink, name or method or "call", taint)


def record(ev: Evaluator, node: ast.Call, sink: T.Sink, label: str, taint: Taint, via: str = "") -> None:
    reaching = tuple(sorted(o for o in taint if sink.kind not in o.cleansed))
    if reaching:
        key = (sink.kind, node.lineno, via)
        ev.hits[key] = Hit(sink.kind, node.lineno, node.end_lineno or node.lineno, label, reaching, sink.low, via)


def _is_client(node: ast.Call) -> bool:
    assert isinstance(node.func, ast.Attribute)
    receiver = (dotted(node.func.value) or "").lower().split(".")[-1]
    return any(hint in receiver for hint in T.CLIENT_HINTS)


def _sink_taint(ev: Evaluator, node: ast.Call, sink: T.Sink, receiver: Taint, args: list[Taint], kwargs: dict[str, Taint]) -> Taint:
    if sink.mode == "receiver":
        return receiver
    if sink.mode == "subprocess" and not _shell_true(node):
        return _argv_program(ev, node)
    parts = [args[i] for i in sink.args if i < len(args)]
    parts += [kwargs[k] for k in sink.kwargs if k in kwargs]
    parts += [ev.eval(a.value) for a in node.args if isinstance(a, ast.Starred)]
    return union(*parts)


def _shell_true(node: ast.Call) -> bool:
    shell = next((k.value for k in node.keywords if k.arg == "shell"), None)
    return shell is not None and not (isinstance(shell, ast.Constant) and not shell.value)


def _argv_program(ev: Evaluator, node: ast.Call) -> Taint:
    """Without a shell only the program (argv[0]) decides what runs."""
    command = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "args"), None)
    if isinstance(command, (ast.List, ast.Tuple)):
        first = command.elts[0] if command.elts else None
        return ev.eval(first.value if isinstance(first, ast.Starred) else first)
    if isinstance(command, ast.Name) and command.id in ev.argv0:
        return ev.argv0[command.id]
    return ev.eval(command)


def _exempt(ev: Evaluator, node: ast.Call, sink: T.Sink) -> bool:
    """Calls of a sink that are safe by construction (safe loader, parser or content type)."""
    if sink.mode == "yaml":
        loader = next((k.value for k in node.keywords if k.arg == "Loader"), node.args[1] if len(node.args) > 1 else None)
        return loader is not None and (dotted(loader) or "").split(".")[-1] in {n.split(".")[-1] for n in T.SAFE_YAML_LOADERS}
    if sink.mode == "xml_lxml":
        parser = next((k.value for k in node.keywords if k.arg == "parser"), node.args[1] if len(node.args) > 1 else None)
        return (isinstance(parser, ast.Name) and parser.id in ev.safe_parsers) or (isinstance(parser, ast.Call) and is_safe_parser(parser))
    if sink.mode == "html_response":
        ctype = next((k.value for k in node.keywords if k.arg == "content_type"), None)
        return isinstance(ctype, ast.Constant) and not str(ctype.value).lower().startswith(T.HTML_CONTENT_TYPES)
    if sink.mode == "receiver" and isinstance(node.func, ast.Attribute) and node.func.attr in ("extractall", "extract"):
        return any(k.arg == "filter" for k in node.keywords)  # tarfile extraction filters (PEP 706)
    return False


def _helper(ev: Evaluator, node: ast.Call) -> tuple[str, Summary, int] | None:
    """The summary of a helper defined in this file, with the index shift for `self.` calls."""
    if isinstance(node.func, ast.Name) and isinstance(ev.info.summaries.get(node.func.id), Summary):
        return node.func.id, ev.info.summaries[node.func.id], 0  # type: ignore[return-value]
    if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) and node.func.value.id in ("self", "cls"):
        summary = ev.info.summaries.get(f"self.{node.func.attr}")
        if isinstance(summary, Summary):
            return node.func.attr, summary, 1
    return None


def _apply_summary(ev: Evaluator, node: ast.Call, helper: tuple[str, Summary, int], args: list[Taint], kwargs: dict[str, Taint]) -> Taint:
    name, summary, shift = helper
    function = ev.info.functions.get(name) if shift == 0 else ev.info.methods.get(name)
    params = [a.arg for a in (function.args.posonlyargs + function.args.args)] if function else []
    bound = {i + shift: t for i, t in enumerate(args)}
    bound.update({params.index(k): t for k, t in kwargs.items() if k in params})
    result = summary.sources
    for param, kinds in summary.returns:
        result = union(result, cleanse(bound.get(param, EMPTY), kinds))
    for param, kind, line, sink_name, kinds in summary.sinks:
        taint = frozenset(replace(o, indirect=True) for o in cleanse(bound.get(param, EMPTY), kinds))
        record(ev, node, T.Sink(kind), sink_name, taint, via=f"`{name}()` (line {line})")
    return result

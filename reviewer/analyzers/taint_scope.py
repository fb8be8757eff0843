"""What the taint engine knows about a module before it follows any value.

Import aliases (so `sp.run` is `subprocess.run`), module-level string constants (so a URL
prefix held in `API_BASE` still pins the host), the file's own functions (helpers that can be
summarised), and which parameters of a function carry request data (route and view parameters).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from reviewer.analyzers import taint_tables as T
from reviewer.analyzers.base import all_nodes

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
_CONVERTER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def dotted(node: ast.expr) -> str | None:
    """`a.b.c` for a chain of names and attributes, None for anything else.

    A loop, not recursion: a generated `a.b.b.b…` chain thousands deep must not crash the file."""
    attrs: list[str] = []
    while isinstance(node, ast.Attribute):
        attrs.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([node.id, *reversed(attrs)])


@dataclass
class ModuleInfo:
    """Per-file facts shared by every function's analysis (built once per file)."""

    aliases: dict[str, str] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    functions: dict[str, FunctionNode] = field(default_factory=dict)
    methods: dict[str, FunctionNode] = field(default_factory=dict)
    summaries: dict[str, object] = field(default_factory=dict)

    every_function: list[FunctionNode] = field(default_factory=list)
    called: set[str] = field(default_factory=set)

    @classmethod
    def build(cls, tree: ast.Module) -> ModuleInfo:
        """Everything in one walk of the tree: imports, constants, functions, methods, called names."""
        info = cls()
        for node in tree.body:
            info._top_level(node)
        top = set(map(id, tree.body))
        for child in all_nodes(tree):
            if isinstance(child, ast.Call):
                info._note_call(child)
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                info.every_function.append(child)
            elif isinstance(child, (ast.Import, ast.ImportFrom)) and id(child) not in top:
                info._imports(child)
            elif isinstance(child, ast.ClassDef):
                for item in child.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        info.methods[item.name] = item
        return info

    @classmethod
    def top_level(cls, tree: ast.Module) -> ModuleInfo:
        """Imports, constants and functions of the module body only: cheap alias resolution."""
        info = cls()
        for node in tree.body:
            info._top_level(node)
        return info

    def _note_call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Name):
            self.called.add(node.func.id)
        elif isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) and node.func.value.id in ("self", "cls"):
            self.called.add(f"self.{node.func.attr}")

    def _top_level(self, node: ast.stmt) -> None:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            self._imports(node)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.functions[node.name] = node
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    self.constants[target.id] = node.value.value

    def _imports(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                self.aliases[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else alias.name.split(".")[0]
        elif node.module and not node.level:
            for alias in node.names:
                self.aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"

    def resolve(self, node: ast.expr) -> str | None:
        """The fully qualified name of a callee or attribute chain, through import aliases."""
        name = dotted(node)
        if name is None:
            return None
        head, _, rest = name.partition(".")
        full = self.aliases.get(head, head)
        return f"{full}.{rest}" if rest else full


def route_inputs(func: FunctionNode) -> tuple[dict[str, str], set[str]]:
    """Parameters that carry request data (name → description) and names bound to a request object."""
    args = func.args.posonlyargs + func.args.args + func.args.kwonlyargs
    request_names = set(T.REQUEST_NAMES)
    request_names.update(a.arg for a in args if a.annotation is not None and _annotation(a.annotation) in T.REQUEST_TYPES)
    route = _route_decorator(func)
    if route is not None:
        clean = _clean_converters(route)
        defaults = _defaults(func)
        inputs = {a.arg: f"route parameter '{a.arg}'" for a in args
                  if a.arg not in clean and not _not_input(a) and not _is_dependency(defaults.get(a.arg))}
        return {k: v for k, v in inputs.items() if k not in request_names}, request_names
    names = [a.arg for a in args]
    first = 1 if names[:1] in (["self"], ["cls"]) else 0
    is_view = names[first:first + 1] == ["request"] and (first == 0 or func.name in T.VIEW_METHODS)
    if not is_view:
        return {}, request_names
    inputs = {a.arg: f"URL parameter '{a.arg}'" for a in args[first + 1:] if not _not_input(a)}
    return inputs, request_names


def _defaults(func: FunctionNode) -> dict[str, ast.expr]:
    positional = func.args.posonlyargs + func.args.args
    with_default = positional[len(positional) - len(func.args.defaults):]
    found = {a.arg: d for a, d in zip(with_default, func.args.defaults)}
    found.update({a.arg: d for a, d in zip(func.args.kwonlyargs, func.args.kw_defaults) if d is not None})
    return found


def _annotation(node: ast.expr) -> str:
    if isinstance(node, ast.Subscript):  # Annotated[int, ...], Optional[int]
        inner = node.slice.elts[0] if isinstance(node.slice, ast.Tuple) and node.slice.elts else node.slice
        return _annotation(inner)
    if isinstance(node, ast.BinOp):  # int | None
        return _annotation(node.left)
    return dotted(node) or ""


def _not_input(arg: ast.arg) -> bool:
    return arg.arg in T.NOT_INPUT_PARAMS or (arg.annotation is not None and _annotation(arg.annotation) in T.CLEAN_ANNOTATIONS)


def _is_dependency(default: ast.expr | None) -> bool:
    return isinstance(default, ast.Call) and (dotted(default.func) or "").split(".")[-1] in ("Depends", "Security")


def _route_decorator(func: FunctionNode) -> ast.Call | None:
    for deco in func.decorator_list:
        if not isinstance(deco, ast.Call) or not isinstance(deco.func, ast.Attribute):
            continue
        method, receiver = deco.func.attr, (dotted(deco.func.value) or "").lower()
        if method in ("route", "api_route", "websocket") or (
            method in T.ROUTE_METHODS and any(hint in receiver for hint in T.ROUTE_RECEIVER_HINTS)
        ):
            return deco
    return None


def _clean_converters(route: ast.Call) -> set[str]:
    """Flask `<int:id>` parameters are converted (and rejected if malformed) before the view runs."""
    path = route.args[0] if route.args else None
    if not isinstance(path, ast.Constant) or not isinstance(path.value, str):
        return set()
    return {name for conv, name in _CONVERTER.findall(path.value) if conv in T.CLEAN_CONVERTERS}


def is_safe_parser(call: ast.Call) -> bool:
    """`XMLParser(resolve_entities=False, ...)` (or defusedxml) does not fetch external entities."""
    name = dotted(call.func) or ""
    if "defusedxml" in name:
        return True
    return name.endswith("XMLParser") and any(
        k.arg == "resolve_entities" and isinstance(k.value, ast.Constant) and k.value.value is False for k in call.keywords
    )

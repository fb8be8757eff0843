"""Where the SQL is: statements in `.sql` files and string literals that reach a DB API.

Python strings are rebuilt from their pieces (implicit concatenation, `+`, `%`, `.format`,
f-strings, a variable assigned earlier in the same function) with interpolations turned into
placeholders, so sqlglot can parse what the database will see. Each statement keeps a map from
offsets in its text back to source lines: a finding lands on the line of the offending clause,
not on the line where the call starts.
"""

from __future__ import annotations

import ast
import bisect
import functools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import SqlglotError

from reviewer.analyzers.base import split_lines
from reviewer.analyzers.sqlliterals import DYNAMIC, Piece, format_fields, literal_pieces

logging.getLogger("sqlglot").setLevel(logging.ERROR)

_STATEMENT_KEYWORD = re.compile(r"(SELECT|WITH|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|TRUNCATE|MERGE|REPLACE)\b", re.I)
EXECUTE_METHODS = frozenset(
    {"execute", "executemany", "executescript", "exec_driver_sql", "raw", "read_sql", "read_sql_query", "extra"}
)
SQL_FUNCTIONS = frozenset({"text", "RawSQL", "SQL", "RunSQL", "read_sql", "read_sql_query"})
STATEMENTS = (exp.Query, exp.Insert, exp.Update, exp.Delete, exp.Create, exp.Drop, exp.Alter, exp.TruncateTable, exp.Merge)
_API_HINT = re.compile(r"\b(execute\w*|raw|RawSQL|read_sql\w*|text|SQL|RunSQL|extra)\s*\(")
STATEMENT_KEYWORD = re.compile(r"(?i)\b(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|TRUNCATE|MERGE)\b")
_PYFORMAT = re.compile(r"%\(\w+\)s|%s")


@dataclass(frozen=True)
class SqlText:
    """One SQL statement and where each part of it sits in the source file."""

    sql: str
    segments: tuple[tuple[int, int], ...]  # (offset in `sql`, source line of that offset)
    api: str  # how it reaches the database: "cursor.execute", "text", "RunSQL", "sql file"…
    call_line: int
    dynamic: bool = False  # interpolations were replaced by placeholders

    def line_at(self, offset: int) -> int:
        """The source line of a character offset in the statement text."""
        starts = [start for start, _ in self.segments]
        index = max(bisect.bisect_right(starts, offset) - 1, 0)
        start, line = self.segments[index]
        return line + self.sql.count("\n", start, max(offset, start))

    @property
    def line(self) -> int:
        """The line where the statement's first keyword is written (a leading comment is skipped)."""
        return self.line_at(statement_offset(self.sql))

    def line_of(self, node: exp.Expr) -> int:
        """The source line of a parsed node: its first identifier's position, else the start."""
        ident = node if isinstance(node, exp.Identifier) else node.find(exp.Identifier)
        start = ident.meta.get("start") if ident is not None else None
        return self.line_at(start) if isinstance(start, int) else self.line


def starts_statement(sql: str) -> bool:
    """Whether the text opens with a SQL statement keyword, after whitespace, `(` and comments.

    A linear scan: the regex `^\\s*\\(*\\s*KEYWORD` it replaces backtracked quadratically on long
    runs of blanks, and it ignored SQL that starts with a `-- why` or `/* why */` comment.
    """
    return _STATEMENT_KEYWORD.match(sql, statement_offset(sql)) is not None


def statement_offset(sql: str) -> int:
    """Where the first keyword can start: past leading whitespace, `(` and SQL comments."""
    position, size = 0, len(sql)
    while position < size:
        if sql[position].isspace() or sql[position] == "(":
            position += 1
        elif sql.startswith("--", position):
            end = sql.find("\n", position)
            position = size if end < 0 else end + 1
        elif sql.startswith("/*", position):
            end = sql.find("*/", position + 2)
            position = size if end < 0 else end + 2
        else:
            break
    return position


def parse(text: SqlText, dialect: str) -> exp.Expr | None:
    """The statement's syntax tree, or None when sqlglot cannot parse it (counted, not fatal)."""
    return _parse(text.sql, dialect)


@functools.lru_cache(maxsize=4096)
def _parse(sql: str, dialect: str) -> exp.Expr | None:
    """Parsed once per process: the catalog, the SQL rules and the migration rules share trees."""
    if dialect != "postgres":  # DB-API `%s` / `%(name)s` markers, same length, so offsets still map to lines
        sql = _PYFORMAT.sub(lambda m: "?".ljust(len(m.group(0))), sql)
    try:
        tree = sqlglot.parse_one(sql, read=dialect)
    except (SqlglotError, RecursionError, ValueError, KeyError, IndexError, TypeError, AttributeError):
        return None
    return tree if isinstance(tree, STATEMENTS) else None


def split_sql_file(source: str, dialect: str, api: str = "sql file") -> list[SqlText] | None:
    """A `.sql` file's statements, split on semicolons by sqlglot's tokenizer; None if it fails."""
    try:
        tokens = Dialect.get_or_raise(dialect).tokenize(source)
    except (SqlglotError, ValueError, IndexError):
        return None
    statements: list[SqlText] = []
    first = None
    for token in tokens:
        if token.token_type == sqlglot.TokenType.SEMICOLON:
            if first is not None:
                statements.append(_file_statement(source, first, token.start, api))
            first = None
        elif first is None:
            first = token
    if first is not None:
        statements.append(_file_statement(source, first, len(source), api))
    return statements


def _file_statement(source: str, first: object, end: int, api: str) -> SqlText:
    start, line = getattr(first, "start"), getattr(first, "line")
    return SqlText(source[start:end], ((0, line),), api, line)


class _Collector(ast.NodeVisitor):
    """One pass over a module: string assignments per scope, SQL at every DB API call."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.scopes: list[dict[str, list[Piece]]] = [{}]
        self.found: list[SqlText] = []

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.scopes.append({})
        self.generic_visit(node)
        self.scopes.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Assign(self, node: ast.Assign) -> None:
        self.generic_visit(node)
        if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            pieces = self.pieces(node.value)
            if pieces is not None:
                self.scopes[-1][node.targets[0].id] = pieces

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.generic_visit(node)
        if isinstance(node.target, ast.Name) and isinstance(node.op, ast.Add):
            known = self.scopes[-1].get(node.target.id)
            more = self.pieces(node.value)
            if known is not None and more is not None:
                self.scopes[-1][node.target.id] = known + more

    def visit_Call(self, node: ast.Call) -> None:
        self.generic_visit(node)
        api = api_name(node)
        if api is None:
            return
        for arg in _sql_arguments(node, api):
            for item in arg.elts if isinstance(arg, (ast.List, ast.Tuple)) else [arg]:
                target = item.elts[0] if isinstance(item, ast.Tuple) and item.elts else item
                self._record(target, api, node.lineno)

    def _record(self, node: ast.expr, api: str, call_line: int) -> None:
        pieces = self.pieces(node)
        if not pieces:
            return
        if api.endswith("SQL"):
            pieces = [format_fields(p) for p in pieces]
        if api.endswith(".extra"):
            pieces = [Piece(f"SELECT 1 FROM {DYNAMIC} WHERE ", pieces[0].line, True), *pieces]
        sql = "".join(p.text for p in pieces)
        if not starts_statement(sql):
            return
        segments, offset = [], 0
        for piece in pieces:
            segments.append((offset, piece.line))
            offset += len(piece.text)
        self.found.append(SqlText(sql, tuple(segments), api, call_line, any(p.dynamic for p in pieces)))

    def pieces(self, node: ast.expr, depth: int = 0) -> list[Piece] | None:
        """The string an expression builds, as pieces; None when it is not a string we can see."""
        if depth > 20:
            return None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return literal_pieces(node, self.lines)
        if isinstance(node, ast.JoinedStr):
            return literal_pieces(node, self.lines)
        if isinstance(node, ast.Name):
            known = self.scopes[-1].get(node.id)
            return list(known) if known is not None else None
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self.pieces(node.left, depth + 1), self.pieces(node.right, depth + 1)
            if left is None and right is None:
                return None
            return (left or [Piece(DYNAMIC, node.lineno, True)]) + (right or [Piece(DYNAMIC, node.lineno, True)])
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
            return self.pieces(node.left, depth + 1)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            base = self.pieces(node.func.value, depth + 1)
            return None if base is None else [format_fields(p) for p in base]
        return None


def api_name(call: ast.Call) -> str | None:
    """The DB API a call is, e.g. "cursor.execute", "text", "op.execute"; None if not one."""
    func = call.func
    if isinstance(func, ast.Attribute) and (func.attr in EXECUTE_METHODS or func.attr in SQL_FUNCTIONS):
        owner = func.value
        name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else "db"
        return f"{name}.{func.attr}"
    if isinstance(func, ast.Name) and func.id in SQL_FUNCTIONS:
        return func.id
    return None


def _sql_arguments(call: ast.Call, api: str) -> list[ast.expr]:
    wanted = ("sql", "query", "statement", "where")
    found = [kw.value for kw in call.keywords if kw.arg in wanted]
    if api.endswith("extra"):
        return found
    return ([call.args[0]] if call.args else []) + found


def might_hold_sql(text: str) -> bool:
    """A cheap pre-filter: a module with no DB API name or no SQL keyword is not walked."""
    return bool(_API_HINT.search(text)) and bool(STATEMENT_KEYWORD.search(text))


def find_sql(tree: ast.Module, lines: list[str]) -> list[SqlText]:
    """Every SQL statement a Python module hands to a database API, in source order."""
    collector = _Collector(lines)
    collector.visit(tree)
    return sorted(collector.found, key=lambda t: (t.call_line, t.line))


def statements_in(path: str, text: str, tree: ast.Module | None, dialect: str) -> list[SqlText] | None:
    """The SQL of one changed file: split `.sql` files, or what a Python module sends to a DB."""
    if path.endswith(".sql"):
        return split_sql_file(text, dialect)
    if tree is None or not might_hold_sql(text):
        return []
    return find_sql(tree, split_lines(text))

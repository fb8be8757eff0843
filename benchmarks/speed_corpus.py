"""Synthetic pull requests for the speed benchmark: N changed Python files of 200 lines each.

Each file mixes ordinary service code with the patterns the analyzers look for (SQL built from
strings, shell commands, unsafe YAML, requests without timeouts, weak hashes, queries in loops,
N+1 access, unbounded selects), so every analyzer does real work rather than skimming clean code.
The PR is a real `git diff` in a throw-away repository whose working tree is the PR head; an
optional pile of untouched files shows that cost follows the diff, not the repository.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from benchmarks.tools.build_case import run_git

LINES_PER_FILE = 200

MODELS = '''from django.db import models


class Customer(models.Model):
    email = models.EmailField(unique=True)
    name = models.CharField(max_length=200)


class Order(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="orders")
    status = models.CharField(max_length=20)
    total = models.DecimalField(max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
'''

SCHEMA = '''CREATE TABLE accounts (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, name text, status text);
CREATE TABLE events (id bigserial PRIMARY KEY, account_id bigint REFERENCES accounts (id), kind text, created_at timestamptz);
CREATE INDEX events_account_id_idx ON events (account_id);
'''

HEADER = '''"""Generated service module {n} for the speed benchmark."""
import hashlib
import subprocess

import requests
import yaml
from django.db import connection

from shop.models import Order

'''

BENIGN = '''

def summarise_{k}(rows: list[dict]) -> dict:
    total = 0
    for row in rows:
        total += int(row.get("amount", 0))
    names = sorted({{row["name"] for row in rows if "name" in row}})
    return {{"total": total, "names": names, "count": len(rows)}}


def account_{k}(account_id: int) -> tuple | None:
    with connection.cursor() as cur:
        cur.execute("SELECT id, email, name FROM accounts WHERE id = %s", (account_id,))
        return cur.fetchone()
'''

PATTERNS = (
    '''

def search_{k}(name: str) -> list:
    with connection.cursor() as cur:
        cur.execute(f"SELECT id, email FROM accounts WHERE name = '{{name}}'")
        return cur.fetchall()
''',
    '''

def archive_{k}(path: str) -> None:
    subprocess.run(f"tar czf {{path}}.tgz {{path}}", shell=True, check=True)
''',
    '''

def load_{k}(text: str) -> dict:
    return yaml.load(text, Loader=yaml.Loader)
''',
    '''

def ping_{k}(url: str) -> int:
    return requests.get(url).status_code
''',
    '''

def token_{k}(password: str) -> str:
    return hashlib.md5(password.encode()).hexdigest()
''',
    '''

def emails_{k}(account_ids: list[int]) -> list:
    found = []
    with connection.cursor() as cur:
        for account_id in account_ids:
            cur.execute("SELECT email FROM accounts WHERE id = %s", (account_id,))
            found.append(cur.fetchone())
    return found
''',
    '''

def order_emails_{k}() -> list[str]:
    return [order.customer.email for order in Order.objects.filter(status="paid")]
''',
    '''

def events_{k}() -> list:
    with connection.cursor() as cur:
        cur.execute("SELECT * FROM events WHERE kind = 'login'")
        return cur.fetchall()
''',
)


def module_text(n: int, lines: int = LINES_PER_FILE) -> str:
    """A valid module of exactly `lines` lines: benign blocks, a risky pattern in every other one."""
    text = HEADER.format(n=n)
    k = 0
    while True:
        block = BENIGN.format(k=k)
        if k % 2 == 0:
            block += PATTERNS[(n + k // 2) % len(PATTERNS)].format(k=k)
        if text.count("\n") + block.count("\n") > lines:
            break
        text += block
        k += 1
    padding = lines - text.count("\n")
    return text + "".join(f"LIMIT_{i} = {i * 10}\n" for i in range(padding))


def untouched_text(n: int) -> str:
    return f'"""Legacy module {n}: part of the repository, not of the PR."""\n\n\ndef helper_{n}(value: int) -> int:\n    return value * {n % 97 + 1}\n'


@dataclass(frozen=True)
class SyntheticPr:
    repo: Path
    diff: Path
    changed_dir: Path
    files: int
    changed_lines: int
    repo_files: int


def make_pr(root: Path, files: int, untouched: int = 0) -> SyntheticPr:
    """A git repository at `root` whose working tree is the head of a PR adding `files` modules."""
    repo = root / "repo"
    (repo / "shop").mkdir(parents=True)
    (repo / "shop" / "__init__.py").write_text("", encoding="utf-8")
    (repo / "shop" / "models.py").write_text(MODELS, encoding="utf-8")
    (repo / "schema.sql").write_text(SCHEMA, encoding="utf-8")
    for n in range(untouched):
        target = repo / "legacy" / f"pkg{n // 100:03d}" / f"mod{n:05d}.py"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(untouched_text(n), encoding="utf-8")
    run_git(repo, "init", "-q", "-b", "main")
    run_git(repo, "add", "-A")
    run_git(repo, "commit", "-q", "-m", "base")
    changed_dir = repo / "services"
    changed_dir.mkdir()
    for n in range(files):
        (changed_dir / f"service_{n:04d}.py").write_text(module_text(n), encoding="utf-8")
    run_git(repo, "add", "-A")
    diff = root / "pr.diff"
    diff.write_bytes(run_git(repo, "diff", "--cached", "--no-color", "--no-ext-diff"))
    return SyntheticPr(repo, diff, changed_dir, files, files * LINES_PER_FILE, files + untouched + 3)

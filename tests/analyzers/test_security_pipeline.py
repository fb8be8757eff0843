"""End to end: realistic Flask and Django PRs through `review()` with every analyzer registered."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reviewer.config import Config
from reviewer.diff import parse_diff
from reviewer.findings import Severity
from reviewer.pipeline import review
from reviewer.review import Review
from reviewer.workspace import MemoryWorkspace

E2E = Path(__file__).parent.parent / "fixtures" / "security" / "e2e"
H, M = Severity.HIGH, Severity.MEDIUM
Repo = Callable[[dict[str, str], dict[str, str]], tuple[Path, str]]


def run(git_repo: Repo, files: dict[str, tuple[str, str]]) -> Review:
    base = {path: (E2E / b).read_text() for path, (b, _) in files.items()}
    head = {path: (E2E / h).read_text() for path, (_, h) in files.items()}
    _, diff = git_repo(base, head)
    return review(parse_diff(diff), MemoryWorkspace(head), Config(llm="off"))


def security(result: Review) -> set[tuple[str, str, int, Severity]]:
    return {(f.rule_id, f.path, f.line, f.severity) for f in result.findings if f.rule_id.startswith("SEC")}


def test_flask_pr(git_repo: Repo) -> None:
    result = run(git_repo, {"shop/app.py": ("flask_base.py", "flask_head.py")})
    assert security(result) == {
        ("SEC401", "shop/app.py", 9, H),  # Stripe key
        ("SEC101", "shop/app.py", 28, H),  # LIKE built from request.args
        ("SEC103", "shop/app.py", 34, H),  # route parameter joined into send_file
        ("SEC104", "shop/app.py", 39, H),  # SSRF
    }  # the allowlisted ORDER BY on line 21 is not reported (and is not an added line)
    sql = next(f for f in result.findings if f.line == 28 and f.cwe == 89)
    others = [f for f in result.findings if f.line == 28 and f.cwe == 89 and f is not sql]
    assert others == []  # bandit's B608 and SEC101 on the same line are merged into one finding
    assert "Also reported by" in sql.message
    assert "sk_live_4eC39HqLyjWDarjtT1zdp7dc" not in "".join(f.message + f.snippet + f.title for f in result.findings)


def test_django_pr(git_repo: Repo) -> None:
    result = run(git_repo, {
        "billing/views.py": ("django_views_base.py", "django_views_head.py"),
        "shop/settings.py": ("django_settings_base.py", "django_settings_head.py"),
        "billing/templates/invoice.html": ("invoice_base.html", "invoice_head.html"),
    })
    assert security(result) == {
        ("SEC204", "billing/views.py", 7, H),  # ownership filter dropped (anchored on the changed line)
        ("SEC202", "billing/views.py", 21, M),  # new view without login_required among protected siblings
        ("SEC107", "billing/views.py", 22, M),  # open redirect
        ("SEC301", "shop/settings.py", 4, M),
        ("SEC501", "billing/templates/invoice.html", 2, H),
    }

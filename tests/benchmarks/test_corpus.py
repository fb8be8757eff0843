"""The checked-in corpus stays honest: loadable, big enough, and every label where a review can comment.

A label must sit on a line of the diff's hunks (new side): an added line, or, for a PR that only
deletes (a removed permission check), the context line where the deletion happened.
"""

from __future__ import annotations

from collections import Counter

import pytest

from benchmarks.cases_format import Case, discover, load_case
from benchmarks.families import BY_NAME
from benchmarks.quality import DEFAULT_CASES
from reviewer.diff import parse_diff

CASES = [load_case(path) for path in discover([DEFAULT_CASES])]


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 80
    assert sum(case.clean for case in CASES) >= 25


def test_every_case_says_what_it_is() -> None:
    assert [c.name for c in CASES if not c.description or "\n" in c.description] == []
    assert [c.name for c in CASES if not c.clean and not c.expects] == []


def test_every_security_and_database_family_has_three_positive_cases() -> None:
    cases_per_family = Counter(
        family for case in CASES for family in {e.rule for e in case.expects if e.rule}
    )
    required = ["sql-injection", "command-injection", "deserialization", "tls-verification", "weak-hash",
                "request-timeout", "path-traversal", "ssrf", "template-injection", "xss", "open-redirect",
                "authorization", "insecure-settings", "hardcoded-secret", "template-escaping",
                "n-plus-one", "query-in-loop", "unindexed", "non-sargable", "unbounded", "data-safety",
                "migration-safety", "code-execution", "xxe", "timing-compare", "regression", "jwt"]
    assert {f: cases_per_family[f] for f in required if cases_per_family[f] < 3} == {}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_labels_name_known_families_and_diff_lines(case: Case) -> None:
    diff = parse_diff(case.diff_path.read_bytes())
    for label in case.expects + case.also_ok:
        assert label.rule is None or label.rule in BY_NAME, f"{case.name}: unknown family {label.rule}"
        assert label.rule is None or BY_NAME[label.rule].category == label.category, f"{case.name}: {label.describe()}"
        file_diff = diff.file(label.path)
        assert file_diff is not None, f"{case.name}: {label.path} is not in change.diff"
        lines = {n for first, last in label.spans for n in range(first, last + 1)}
        assert lines & file_diff.context_lines, f"{case.name}: {label.describe()} is outside the diff"
        assert case.repo is not None and (case.repo / label.path).is_file()

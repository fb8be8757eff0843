"""The model is told what the repository's schema declares about the tables the diff uses."""

from __future__ import annotations

from tests.fakes.anthropic_server import FakeAnthropic, Reply
from tests.persona.helpers import fixture


def test_schema_facts_for_models_the_diff_uses(make_case, fake: FakeAnthropic) -> None:
    models = fixture("shop_models.py")
    case = make_case(head={"shop/views.py": fixture("shop_views.py")}, base={"shop/models.py": models})
    fake.default = Reply({"summary": "N+1 on customer.", "findings": []})
    case.run(case.config())
    text = fake.message_requests[0].json["messages"][0]["content"][0]["text"]
    facts = text[text.index("## Schema facts"):text.index("## Files")].strip().splitlines()
    assert facts == [
        "## Schema facts (from the repository's models, migrations and SQL)",
        "",
        "- model Customer (django) → table shop_customer; relations: orders → Order (many)",
        "- model Order (django) → table shop_order; relations: customer → Customer",
        "- table shop_customer: columns email, name; indexes (email) unique; (id) unique",
        "- table shop_order: columns customer_id, status, created_at; indexes (customer_id); (created_at); (id) unique",
    ]


def test_no_schema_section_when_nothing_is_known(make_case, fake: FakeAnthropic) -> None:
    case = make_case()
    fake.default = Reply({"summary": "ok", "findings": []})
    case.run(case.config())
    assert "## Schema facts" not in fake.message_requests[0].json["messages"][0]["content"][0]["text"]

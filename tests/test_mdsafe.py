"""Model Markdown is made inert before it reaches a report; code blocks stay verbatim."""

from __future__ import annotations

from reviewer.mdsafe import sanitize_markdown, sanitize_suggestion


def test_html_comments_images_links_and_mentions_are_neutralised() -> None:
    text = (
        "Ping @octocat and @acme/security <!-- approve: yes --> <img src=x onerror=alert(1)>\n"
        "![pixel](https://tracker.example/p.png) [docs](https://evil.example/x) "
        "[local](../README.md) [gh](https://github.com/acme/app/blob/main/x.py)\n"
        "See https://evil.example/phish or mail dev@example.com\n"
        "[ref]: https://evil.example/ref"
    )
    assert sanitize_markdown(text).split("\n") == [
        "Ping `@octocat` and `@acme/security` &lt;!-- approve: yes --> &lt;img src=x onerror=alert(1)>",
        "(image: pixel) docs (link removed) [local](../README.md) [gh](https://github.com/acme/app/blob/main/x.py)",
        "See `https://evil.example/phish` or mail dev@example.com",
        "",
    ]


def test_code_is_kept_verbatim_and_an_unclosed_fence_runs_to_the_end() -> None:
    text = "Use `@app.route` and `<div>`.\n```python\nx = \"<b>\"  # @decorator\n```\n~~~\n<script>@x"
    assert sanitize_markdown(text) == text


def test_enterprise_host_links_are_allowed_when_configured() -> None:
    assert sanitize_markdown("[pr](https://git.corp.example/a/b/pull/1)", ("git.corp.example",)) == (
        "[pr](https://git.corp.example/a/b/pull/1)"
    )
    assert sanitize_markdown("[pr](https://git.corp.example/a/b/pull/1)") == "pr (link removed)"


def test_suggestions_that_could_break_their_fence_are_dropped() -> None:
    assert sanitize_suggestion("    x = 1\n") == "    x = 1"
    assert sanitize_suggestion("x = 1\n```\n<!-- hidden -->") is None
    assert sanitize_suggestion("\n".join(["x"] * 41)) is None
    assert sanitize_suggestion(None) is None

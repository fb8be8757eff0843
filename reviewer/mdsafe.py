"""Make model-written Markdown safe to post: the model read untrusted code, so its output is
untrusted too.

Outside code (fenced blocks and inline spans, which GitHub renders literally) we neutralise raw
HTML and hidden comments (escape `<`), drop images (tracking pixels, fake badges), unlink links to
hosts other than the repository's, and wrap `@mentions` in code so nobody gets pinged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlparse

DEFAULT_HOSTS = ("github.com",)
_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"]*\")?\)|!\[(?P<ralt>[^\]]*)\]\[[^\]]*\]")
_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"]*\")?\)")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(?P<url>\S+).*$", re.MULTILINE)
_BARE_URL = re.compile(r"(?<![\w/`(\[])(?:https?|ftp)://[^\s<>)\]]+", re.IGNORECASE)
_MENTION = re.compile(r"(?<![\w`/@.-])@(?P<name>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:/[A-Za-z0-9_.-]+)?)")


def _allowed(url: str, hosts: Iterable[str]) -> bool:
    parsed = urlparse(url)
    if not parsed.scheme and not parsed.netloc:
        return not url.startswith("//")  # relative links stay inside the repository
    return parsed.scheme in ("http", "https") and (parsed.hostname or "").lower() in {h.lower() for h in hosts}


def _prose(text: str, hosts: tuple[str, ...]) -> str:
    text = text.replace("<", "&lt;")
    text = _IMAGE.sub(lambda m: f"(image: {m.group('alt') or m.group('ralt') or ''})", text)
    text = _LINK.sub(lambda m: m.group(0) if _allowed(m.group("url"), hosts) else f"{m.group('text')} (link removed)", text)
    text = _REF_DEF.sub(lambda m: m.group(0) if _allowed(m.group("url"), hosts) else "", text)
    text = _BARE_URL.sub(lambda m: m.group(0) if _allowed(m.group(0), hosts) else f"`{m.group(0)}`", text)
    return _MENTION.sub(lambda m: f"`@{m.group('name')}`", text)


def _outside_inline_code(text: str, hosts: tuple[str, ...]) -> str:
    out, last = [], 0
    for match in _INLINE_CODE.finditer(text):
        out += [_prose(text[last : match.start()], hosts), match.group(0)]
        last = match.end()
    out.append(_prose(text[last:], hosts))
    return "".join(out)


def sanitize_markdown(text: str, hosts: tuple[str, ...] = DEFAULT_HOSTS) -> str:
    """Sanitised Markdown; code blocks are kept verbatim (an unclosed fence runs to the end,
    as GitHub renders it, so nothing after it is treated as prose either)."""
    blocks: list[tuple[bool, list[str]]] = []
    fence: str | None = None
    for line in text.replace("\r\n", "\n").split("\n"):
        opened = _FENCE.match(line)
        if fence is None and opened:
            fence = opened.group("fence")
            blocks.append((True, [line]))
            continue
        if fence is not None:
            blocks[-1][1].append(line)
            stripped = line.strip()
            if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]):
                fence = None
            continue
        if not blocks or blocks[-1][0]:
            blocks.append((False, []))
        blocks[-1][1].append(line)
    parts = ["\n".join(lines) if code else _outside_inline_code("\n".join(lines), hosts) for code, lines in blocks]
    return "\n".join(parts)


def fence_for(text: str) -> str:
    """A code fence longer than any backtick run inside, so quoted code cannot end the block early."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def sanitize_suggestion(text: str | None, max_lines: int = 40) -> str | None:
    """A suggestion is posted inside a ```suggestion fence: anything that could close the fence,
    or an oversized replacement, makes it None (the body still explains the fix)."""
    if text is None or "```" in text or "~~~" in text or text.count("\n") >= max_lines:
        return None
    return text.rstrip("\n")

import re
import unicodedata

_TAG = re.compile(r"<[^>]+>")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return _NON_WORD.sub("-", ascii_title.lower()).strip("-")[:200]


def strip_tags(html: str) -> str:
    return _TAG.sub("", html)

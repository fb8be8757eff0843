import logging
import re

import requests

from .models import Post

log = logging.getLogger(__name__)
LINK = re.compile(r'href="(https?://[^"]+)"')


def broken_links(post: Post) -> list[str]:
    broken = []
    for url in LINK.findall(post.body):
        try:
            response = requests.head(url, timeout=5, allow_redirects=True, verify=False)
        except requests.RequestException:
            broken.append(url)
            continue
        if response.status_code >= 400:
            broken.append(url)
    return broken


def report(posts: list[Post]) -> dict[str, list[str]]:
    result = {}
    for post in posts:
        links = broken_links(post)
        if links:
            log.info("post %s has %d broken links", post.slug, len(links))
            result[post.slug] = links
    return result

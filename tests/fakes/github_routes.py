"""Endpoints of the fake GitHub (see `github_server.py` for the state they act on)."""

from __future__ import annotations

import re
from typing import Any

from tests.fakes.github_server import DIFF_MEDIA_TYPE, FakeGitHub, Pull, b64, paginate

Answer = tuple[int, Any, dict[str, str]]
_REPO = r"/repos/(?P<repo>[^/]+/[^/]+)"
NOT_FOUND: Answer = (404, {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}, {})
BOT = {"login": "github-actions[bot]", "id": 41898282, "type": "Bot"}


def route(state: FakeGitHub, method: str, path: str, query: dict[str, list[str]], body: Any, accept: str) -> Answer:
    for verb, pattern, handler in ROUTES:
        match = re.fullmatch(_REPO + pattern, path)
        if verb == method and match:
            return handler(state, match.groupdict(), query, body, accept)  # type: ignore[operator]
    return NOT_FOUND


def _pull(state: FakeGitHub, args: dict[str, str]) -> Pull | None:
    return state.pulls.get((args["repo"], int(args["n"])))


def _api(state: FakeGitHub, repo: str, rest: str) -> str:
    return f"{state.base_url}/repos/{repo}{rest}"


def get_pull(state: FakeGitHub, args: dict[str, str], query: Any, body: Any, accept: str) -> Answer:
    pull = _pull(state, args)
    if pull is None:
        return NOT_FOUND
    if accept.startswith(DIFF_MEDIA_TYPE):
        changed = sum(f.additions + f.deletions for f in pull.files)
        if len(pull.files) > state.max_diff_files or changed > state.max_diff_lines:
            message = "Sorry, the diff exceeded the maximum number of files (300). Consider using 'List pull requests files' API"
            return 406, {"message": message, "errors": [{"resource": "PullRequest", "field": "diff", "code": "too_large"}]}, {}
        return 200, pull.diff, {"Content-Type": f"{DIFF_MEDIA_TYPE}; charset=utf-8"}
    repo = args["repo"]
    head_repo = pull.head_repo or repo
    return 200, {
        "url": _api(state, repo, f"/pulls/{pull.number}"),
        "html_url": f"{state.web_url}/{repo}/pull/{pull.number}",
        "number": pull.number, "state": "open", "title": pull.title, "body": pull.body,
        "head": {"sha": pull.head_sha, "ref": "feature", "repo": {"full_name": head_repo}},
        "base": {"sha": pull.base_sha, "ref": "main", "repo": {"full_name": repo}},
    }, {}


def list_files(state: FakeGitHub, args: dict[str, str], query: Any, body: Any, accept: str) -> Answer:
    pull = _pull(state, args)
    if pull is None:
        return NOT_FOUND
    items = []
    for f in pull.files[:3000]:
        item = {"sha": "0" * 40, "filename": f.filename, "status": f.status, "additions": f.additions,
                "deletions": f.deletions, "changes": f.additions + f.deletions,
                "blob_url": f"{state.web_url}/{args['repo']}/blob/{pull.head_sha}/{f.filename}",
                "raw_url": f"{state.web_url}/{args['repo']}/raw/{pull.head_sha}/{f.filename}",
                "contents_url": _api(state, args["repo"], f"/contents/{f.filename}?ref={pull.head_sha}")}
        if f.patch is not None:
            item["patch"] = f.patch
        if f.previous_filename:
            item["previous_filename"] = f.previous_filename
        items.append(item)
    return paginate(state, f"/repos/{args['repo']}/pulls/{pull.number}/files", items, query)


def list_review_comments(state: FakeGitHub, args: dict[str, str], query: Any, body: Any, accept: str) -> Answer:
    items = [c for c in state.review_comments if c["_repo"] == args["repo"] and c["_pull"] == int(args["n"])]
    public = [{k: v for k, v in c.items() if not k.startswith("_")} for c in items]
    return paginate(state, f"/repos/{args['repo']}/pulls/{args['n']}/comments", public, query)


def create_review(state: FakeGitHub, args: dict[str, str], query: Any, body: Any, accept: str) -> Answer:
    pull = _pull(state, args)
    if pull is None:
        return NOT_FOUND
    body = body or {}
    event = body.get("event")
    error = _review_error(state, pull, args["repo"], body, event)
    if error:
        return 422, {"message": "Unprocessable Entity", "errors": [error], "status": "422"}, {}
    review_id = state.next_id()
    review = {
        "id": review_id, "user": BOT, "body": body.get("body", ""), "commit_id": body.get("commit_id"),
        "state": {"COMMENT": "COMMENTED", "REQUEST_CHANGES": "CHANGES_REQUESTED", "APPROVE": "APPROVED"}.get(event, "PENDING"),
        "html_url": f"{state.web_url}/{args['repo']}/pull/{pull.number}#pullrequestreview-{review_id}",
        "pull_request_url": _api(state, args["repo"], f"/pulls/{pull.number}"),
        "_repo": args["repo"], "_pull": pull.number, "_comments": body.get("comments", []),
    }
    state.reviews.append(review)
    if event is not None:
        for comment in body.get("comments", []):
            record = _comment_record(state, args["repo"], pull, review_id, body, comment)
            state.review_comments.append(record)
            state.threads.append({"id": f"PRRT_kwDOfake{record['id']}", "isResolved": False, "_repo": args["repo"],
                                  "_pull": pull.number, "_comments": [record["id"]]})
    return 200, {k: v for k, v in review.items() if not k.startswith("_")}, {}


def _review_error(state: FakeGitHub, pull: Pull, repo: str, body: dict[str, Any], event: str | None) -> str | None:
    if event not in (None, "COMMENT", "REQUEST_CHANGES", "APPROVE"):
        return f"Invalid event {event}"
    if body.get("commit_id") not in (None, pull.head_sha):
        return "commit_id is not part of the pull request"
    if event is None and any(r["state"] == "PENDING" and r["_repo"] == repo and r["_pull"] == pull.number for r in state.reviews):
        return "User can only have one pending review per pull request"
    by_path = {f.filename: f for f in pull.files}
    for comment in body.get("comments", []):
        record = by_path.get(comment.get("path"))
        line, start = comment.get("line"), comment.get("start_line")
        if record is None or line not in record.commentable or comment.get("side", "RIGHT") != "RIGHT":
            return "Pull request review thread line must be part of the diff"
        if start is not None and (start >= line or record.commentable.get(start) != record.commentable[line]):
            return "Pull request review thread start line must be part of the same hunk as the line."
    return None


def _comment_record(state: FakeGitHub, repo: str, pull: Pull, review_id: int, body: dict[str, Any], comment: dict[str, Any]) -> dict[str, Any]:
    comment_id = state.next_id()
    return {
        "id": comment_id, "pull_request_review_id": review_id, "user": BOT, "body": comment["body"],
        "path": comment["path"], "line": comment["line"], "original_line": comment["line"],
        "start_line": comment.get("start_line"), "side": "RIGHT", "commit_id": body.get("commit_id"),
        "original_commit_id": body.get("commit_id"),
        "url": _api(state, repo, f"/pulls/comments/{comment_id}"),
        "html_url": f"{state.web_url}/{repo}/pull/{pull.number}#discussion_r{comment_id}",
        "_repo": repo, "_pull": pull.number,
    }


def delete_review(state: FakeGitHub, args: dict[str, str], query: Any, body: Any, accept: str) -> Answer:
    for review in state.reviews:
        if review["id"] == int(args["id"]) and review["_repo"] == args["repo"]:
            if review["state"] != "PENDING":
                return 422, {"message": "Unprocessable Entity", "errors": ["Can not delete a non-pending review"]}, {}
            state.reviews.remove(review)
            return 200, {k: v for k, v in review.items() if not k.startswith("_")}, {}
    return NOT_FOUND


def list_reviews(state: FakeGitHub, args: dict[str, str], query: Any, body: Any, accept: str) -> Answer:
    items = [_public(r) for r in state.reviews if r["_repo"] == args["repo"] and r["_pull"] == int(args["n"])]
    return paginate(state, f"/repos/{args['repo']}/pulls/{args['n']}/reviews", items, query)


def dismiss_review(state: FakeGitHub, args: dict[str, str], query: Any, body: Any, accept: str) -> Answer:
    """GitHub dismisses only approvals and change requests, and wants a message saying why."""
    review = next((r for r in state.reviews if r["id"] == int(args["id"]) and r["_repo"] == args["repo"]
                   and r["_pull"] == int(args["n"])), None)
    if review is None:
        return NOT_FOUND
    message = (body or {}).get("message")
    if not message:
        return 422, {"message": "Validation Failed", "errors": [{"field": "message", "code": "missing_field"}]}, {}
    if review["state"] not in ("CHANGES_REQUESTED", "APPROVED"):
        return 422, {"message": f"Can not dismiss a {review['state'].lower()} pull request review"}, {}
    review["state"] = "DISMISSED"
    review["_dismissal"] = message
    return 200, _public(review), {}


def _public(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if not k.startswith("_")}


def _issue_comment_json(comment: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in comment.items() if not k.startswith("_")}


def list_issue_comments(state: FakeGitHub, args: dict[str, str], query: Any, body: Any, accept: str) -> Answer:
    items = [_issue_comment_json(c) for c in state.issue_comments if c["_repo"] == args["repo"] and c["_issue"] == int(args["n"])]
    return paginate(state, f"/repos/{args['repo']}/issues/{args['n']}/comments", items, query)


def create_issue_comment(state: FakeGitHub, args: dict[str, str], query: Any, body: Any, accept: str) -> Answer:
    if (args["repo"], int(args["n"])) not in state.pulls:
        return NOT_FOUND
    text = (body or {}).get("body", "")
    if len(text) > 65_536:
        return 422, {"message": "Validation Failed", "errors": [{"field": "body", "code": "custom", "message": "body is too long (maximum is 65536 characters)"}]}, {}
    comment_id = state.next_id()
    comment = {
        "id": comment_id, "body": text, "user": BOT,
        "url": _api(state, args["repo"], f"/issues/comments/{comment_id}"),
        "html_url": f"{state.web_url}/{args['repo']}/pull/{args['n']}#issuecomment-{comment_id}",
        "_repo": args["repo"], "_issue": int(args["n"]), "_edits": 0,
    }
    state.issue_comments.append(comment)
    return 201, _issue_comment_json(comment), {}


def edit_issue_comment(state: FakeGitHub, args: dict[str, str], query: Any, body: Any, accept: str) -> Answer:
    for comment in state.issue_comments:
        if comment["id"] == int(args["id"]) and comment["_repo"] == args["repo"]:
            if comment["user"]["login"] != BOT["login"]:  # an integration may not edit a person's comment
                return 403, {"message": "Resource not accessible by integration", "status": "403"}, {}
            comment["body"] = (body or {}).get("body", comment["body"])
            comment["_edits"] += 1
            return 200, _issue_comment_json(comment), {}
    return NOT_FOUND


def get_contents(state: FakeGitHub, args: dict[str, str], query: Any, body: Any, accept: str) -> Answer:
    ref = query.get("ref", [""])[0]
    data = state.contents.get((args["repo"], ref, args["path"]))
    if data is None:
        return NOT_FOUND
    url = _api(state, args["repo"], f"/contents/{args['path']}?ref={ref}")
    return 200, {
        "type": "file", "encoding": "base64", "size": len(data), "name": args["path"].rsplit("/", 1)[-1],
        "path": args["path"], "content": b64(data), "sha": "1" * 40, "url": url,
        "html_url": f"{state.web_url}/{args['repo']}/blob/{ref}/{args['path']}",
        "git_url": _api(state, args["repo"], "/git/blobs/" + "1" * 40), "download_url": None,
    }, {}


def get_tree(state: FakeGitHub, args: dict[str, str], query: Any, body: Any, accept: str) -> Answer:
    paths = sorted(path for repo, sha, path in state.contents if repo == args["repo"] and sha == args["sha"])
    if not paths:
        return NOT_FOUND
    tree = [{"path": p, "mode": "100644", "type": "blob", "sha": "1" * 40, "size": 1,
             "url": _api(state, args["repo"], "/git/blobs/" + "1" * 40)} for p in paths]
    return 200, {"sha": args["sha"], "url": _api(state, args["repo"], f"/git/trees/{args['sha']}"),
                 "tree": tree, "truncated": False}, {}


def create_check_run(state: FakeGitHub, args: dict[str, str], query: Any, body: Any, accept: str) -> Answer:
    body = body or {}
    run_id = state.next_id()
    output = body.get("output") or {}
    run = {
        "id": run_id, "name": body.get("name"), "head_sha": body.get("head_sha"), "status": body.get("status"),
        "conclusion": body.get("conclusion"), "url": _api(state, args["repo"], f"/check-runs/{run_id}"),
        "html_url": f"{state.web_url}/{args['repo']}/runs/{run_id}",
        "output": {"title": output.get("title"), "summary": output.get("summary"), "annotations_count": len(output.get("annotations", []))},
        "_annotations": list(output.get("annotations", [])), "_repo": args["repo"],
    }
    if len(run["_annotations"]) > 50:
        return 422, {"message": "Validation Failed", "errors": ["Only 50 annotations are allowed per request"]}, {}
    state.check_runs.append(run)
    return 201, {k: v for k, v in run.items() if not k.startswith("_")}, {}


def update_check_run(state: FakeGitHub, args: dict[str, str], query: Any, body: Any, accept: str) -> Answer:
    for run in state.check_runs:
        if run["id"] == int(args["id"]):
            annotations = ((body or {}).get("output") or {}).get("annotations", [])
            if len(annotations) > 50:
                return 422, {"message": "Validation Failed", "errors": ["Only 50 annotations are allowed per request"]}, {}
            run["_annotations"].extend(annotations)
            run["output"]["annotations_count"] = len(run["_annotations"])
            return 200, {k: v for k, v in run.items() if not k.startswith("_")}, {}
    return NOT_FOUND


ROUTES = [
    ("GET", r"/pulls/(?P<n>\d+)", get_pull),
    ("GET", r"/pulls/(?P<n>\d+)/files", list_files),
    ("GET", r"/pulls/(?P<n>\d+)/comments", list_review_comments),
    ("GET", r"/pulls/(?P<n>\d+)/reviews", list_reviews),
    ("POST", r"/pulls/(?P<n>\d+)/reviews", create_review),
    ("PUT", r"/pulls/(?P<n>\d+)/reviews/(?P<id>\d+)/dismissals", dismiss_review),
    ("DELETE", r"/pulls/(?P<n>\d+)/reviews/(?P<id>\d+)", delete_review),
    ("GET", r"/issues/(?P<n>\d+)/comments", list_issue_comments),
    ("POST", r"/issues/(?P<n>\d+)/comments", create_issue_comment),
    ("PATCH", r"/issues/comments/(?P<id>\d+)", edit_issue_comment),
    ("GET", r"/contents/(?P<path>.+)", get_contents),
    ("GET", r"/git/trees/(?P<sha>[0-9a-f]+)", get_tree),
    ("POST", r"/check-runs", create_check_run),
    ("PATCH", r"/check-runs/(?P<id>\d+)", update_check_run),
]

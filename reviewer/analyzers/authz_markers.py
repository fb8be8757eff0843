"""The vocabulary of access control in Django, DRF, Flask and FastAPI code, as comparable tokens.

`markers(text)` turns a line or an endpoint's source into tokens such as `login_required`,
`has_perm` or `owner:owner` (an ownership filter on the `owner` field). A removed token is
`satisfied` when the head endpoint still carries an equivalent one: any authentication for a
removed authentication check, any permission check for a removed permission check, the same
field for an ownership filter.
"""

from __future__ import annotations

import re

AUTHENTICATION = frozenset({
    "login_required", "LoginRequiredMixin", "is_authenticated", "IsAuthenticated", "IsAuthenticatedOrReadOnly",
    "jwt_required", "auth_required", "requires_auth", "fresh_login_required", "auth_dependency", "authentication_classes",
})
PERMISSION = frozenset({
    "permission_required", "PermissionRequiredMixin", "UserPassesTestMixin", "user_passes_test", "staff_member_required",
    "superuser_required", "admin_required", "roles_required", "roles_accepted", "has_perm", "has_perms",
    "has_object_permission", "check_object_permissions", "check_permissions", "is_staff", "is_superuser",
    "PermissionDenied", "IsAdminUser", "is_admin", "HttpResponseForbidden", "abort(403)", "DjangoModelPermissions", "DjangoObjectPermissions", "permission_classes",
})
AUTHN = AUTHENTICATION | PERMISSION  # anything that keeps anonymous callers out

_WORDS = re.compile(r"\b(" + "|".join(sorted(AUTHN - {"auth_dependency", "permission_classes", "authentication_classes", "abort(403)"}, key=len, reverse=True)) + r")\b")
_FORBIDDEN = re.compile(r"\babort\(\s*(403|401)|status\.HTTP_403|status_code\s*=\s*403")
_USER = r"(?:self\.)?(?:request\.user|current_user|g\.user)(?:\.id|\.pk)?"
_OWNER_COMPARE = re.compile(rf"\b(?:\w+\.)?(\w+)\s*[!=]=\s*{_USER}\b|{_USER}\s*[!=]=\s*(?:\w+\.)?(\w+)\b")
_OWNER_PERMISSION = re.compile(r"\b(Is\w*Owner\w*|IsOwner\w*)\b")
_CLASSES = re.compile(r"^\s*(permission_classes|authentication_classes)\s*=\s*(.*)$|@(permission_classes|authentication_classes)\((.*)\)")
_DEPENDENCY = re.compile(r"Depends\(\s*[\w.]*(current_user|auth|token|login|require)\w*", re.IGNORECASE)
_OWNER = re.compile(
    r"(?:filter|get|filter_by|exclude|get_object_or_404|get_list_or_404)\(.*?\b(\w+)\s*=\s*(?:self\.)?(?:request\.user|current_user|g\.user)\b"
)
PUBLIC_NAME = re.compile(
    r"login|logout|signin|signup|sign_up|register|token|password|reset|webhook|callback|health|ping|oauth|sso|verify|"
    r"activate|contact|subscribe|robots|sitemap|favicon|metrics|status|index|home|public|landing",
    re.IGNORECASE,
)


def markers(text: str) -> set[str]:
    """Access-control tokens in a line or a block of source."""
    found = set(_WORDS.findall(text))
    found.update("has_object_permission" for _ in _OWNER_PERMISSION.finditer(text))
    for match in _CLASSES.finditer(text):
        name, value = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        if value and value.strip() not in ("[]", "()", "[AllowAny]", "(AllowAny,)", "[permissions.AllowAny]"):
            found.add(name)
    if _DEPENDENCY.search(text):
        found.add("auth_dependency")
    found.update(f"owner:{field}" for field in _OWNER.findall(text))
    found.update(f"owner:{a or b}" for a, b in _OWNER_COMPARE.findall(text))
    if _FORBIDDEN.search(text):
        found.add("abort(403)")
    return found


def satisfied(token: str, head: set[str]) -> bool:
    """Does the head endpoint still carry protection equivalent to a removed token?"""
    if token.startswith("owner:"):
        return token in head or "has_object_permission" in head or "check_object_permissions" in head
    if token in AUTHENTICATION:
        return bool(head & AUTHN)
    return bool(head & PERMISSION)

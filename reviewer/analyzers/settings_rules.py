"""Rule documentation for insecure settings, tokens and crypto (`reviewer explain SEC3xx`)."""

from __future__ import annotations

from reviewer.analyzers.base import Rule
from reviewer.findings import Category, Confidence, Severity


def _rule(rule_id: str, title: str, severity: Severity, cwe: int, doc: str) -> Rule:
    return Rule(rule_id, title, Category.SECURITY, severity, doc, cwe, Confidence.HIGH)


RULES: tuple[Rule, ...] = (
    _rule("SEC301", "Debug mode enabled in deployable settings", Severity.MEDIUM, 489,
          "`DEBUG = True` (Django) or `app.debug = True` / `config['DEBUG'] = True` (Flask) in settings that can be "
          "deployed shows stack traces, settings and SQL to anyone who triggers an error; Flask's debugger is a remote shell.\n\n"
          "Read it from the environment, off by default:\n\n    DEBUG = os.environ.get('DJANGO_DEBUG') == '1'\n\n"
          "Files named for development or tests (`dev`, `local`, `test`) are not reported. `app.run(debug=True)` is bandit's B201."),
    _rule("SEC302", "ALLOWED_HOSTS accepts any host", Severity.MEDIUM, 183,
          "`ALLOWED_HOSTS = ['*']` disables Django's Host header validation, enabling cache poisoning and password-reset "
          "links that point to an attacker's domain.\n\nList the real hosts:\n\n"
          "    ALLOWED_HOSTS = os.environ['DJANGO_ALLOWED_HOSTS'].split(',')"),
    _rule("SEC303", "Secret key hard-coded in source", Severity.HIGH, 798,
          "A literal `SECRET_KEY`/`secret_key` (or a literal fallback in `os.environ.get('SECRET_KEY', '...')`) is shared by "
          "every clone of the repository; with it anyone can forge sessions, password-reset tokens and signed cookies.\n\n"
          "Load it from the environment and fail fast when missing:\n\n    SECRET_KEY = os.environ['DJANGO_SECRET_KEY']\n\n"
          "A literal fallback is reported at medium severity."),
    _rule("SEC304", "CSRF protection disabled", Severity.MEDIUM, 352,
          "`@csrf_exempt`, or removing `CsrfViewMiddleware` from `MIDDLEWARE`, lets any website submit forms on behalf of a "
          "logged-in user (cross-site request forgery).\n\nKeep the middleware; for webhooks verify a signature instead:\n\n"
          "    if not hmac.compare_digest(expected, request.headers['X-Signature']):\n        return HttpResponseForbidden()"),
    _rule("SEC305", "Session or CSRF cookie sent without Secure/HttpOnly", Severity.MEDIUM, 614,
          "`SESSION_COOKIE_SECURE = False` / `CSRF_COOKIE_SECURE = False` send the cookie over plain HTTP where it can be "
          "sniffed; `SESSION_COOKIE_HTTPONLY = False` exposes the session to JavaScript (XSS steals it).\n\n"
          "    SESSION_COOKIE_SECURE = True\n    CSRF_COOKIE_SECURE = True"),
    _rule("SEC306", "CORS allows any origin with credentials", Severity.HIGH, 942,
          "Allowing every origin together with credentials (`CORS_ALLOW_ALL_ORIGINS = True` + `CORS_ALLOW_CREDENTIALS = True`, "
          "`CORSMiddleware(allow_origins=['*'], allow_credentials=True)`, `CORS(app, supports_credentials=True)`) lets any "
          "website read authenticated responses of your API with the visitor's cookies.\n\nList trusted origins:\n\n"
          "    CORS_ALLOWED_ORIGINS = ['https://app.example.com']"),
    _rule("SEC307", "JWT accepted without signature verification", Severity.HIGH, 347,
          "`jwt.decode(..., options={'verify_signature': False})`, `verify=False`, or `algorithms` containing `none` accepts "
          "tokens anyone can forge: change `sub` to another user's id and you are that user.\n\nVerify with a pinned algorithm:\n\n"
          "    claims = jwt.decode(token, key, algorithms=['HS256'], audience='my-api')"),
    _rule("SEC308", "Password hashed with a fast hash", Severity.HIGH, 916,
          "md5/sha1/sha256/sha512 are built for speed: a GPU tries billions of guesses per second, so a leaked table of fast "
          "hashes (even salted) is cracked within days.\n\nUse a slow, salted password hash:\n\n"
          "    from argon2 import PasswordHasher\n    hashed = PasswordHasher().hash(password)\n\n"
          "or Django's `make_password(password)` / bcrypt."),
    _rule("SEC309", "Secret compared with ==", Severity.MEDIUM, 208,
          "`==` stops at the first differing byte, so response timing reveals how much of a token, signature or API key was "
          "right, letting an attacker guess it byte by byte.\n\nCompare in constant time:\n\n"
          "    if not hmac.compare_digest(signature, expected):\n        abort(403)"),
)
BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}

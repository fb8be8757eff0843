"""How bandit's tests map onto a backend review: severity, category and advice per test id.

Bandit's own severities are tuned for scripts; a backend service is exposed to request data,
so injection, unsafe deserialisation and disabled TLS verification are raised to high, and noise
that rarely matters in a service (`assert`, importing subprocess) drops to info.
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewer.findings import Category, Confidence, Severity


@dataclass(frozen=True)
class Advice:
    """Our view of one bandit test: severity (None keeps bandit's), category, why, and a fix."""

    title: str
    why: str
    fix: str
    severity: Severity | None = None
    category: Category = Category.SECURITY


_H, _M, _L, _I = Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO

ADVICE: dict[str, Advice] = {
    "B101": Advice("assert used for a runtime check", "Asserts vanish under `python -O`, so a check written as an assert is not enforced in optimised deployments.", "if not user.is_staff:\n    raise PermissionDenied()", _I, Category.RELIABILITY),
    "B102": Advice("exec() used", "exec runs arbitrary code; with any request-derived input it is remote code execution.", "# dispatch through an explicit table instead of exec\nHANDLERS = {'add': add, 'remove': remove}\nHANDLERS[action](payload)", _H),
    "B104": Advice("service binds to all interfaces", "Binding 0.0.0.0 exposes the service on every network the host is attached to.", "app.run(host=os.environ.get('BIND_HOST', '127.0.0.1'))", _M),
    "B105": Advice("hard-coded password", "A credential in source ends up in every clone, backup and log of the repository.", "password = os.environ['DB_PASSWORD']"),
    "B106": Advice("hard-coded password argument", "A credential in source ends up in every clone, backup and log of the repository.", "connect(password=os.environ['DB_PASSWORD'])"),
    "B107": Advice("hard-coded password default", "A default credential is a credential every deployment shares.", "def connect(password: str | None = None):\n    password = password or os.environ['DB_PASSWORD']"),
    "B108": Advice("insecure temporary file path", "Predictable paths under /tmp can be pre-created or symlinked by another local user.", "with tempfile.NamedTemporaryFile() as handle:\n    ..."),
    "B110": Advice("exception swallowed with pass", "Silently ignored errors hide failed writes and security checks.", "except ValueError:\n    logger.warning('invalid payload', exc_info=True)", _I, Category.RELIABILITY),
    "B112": Advice("exception swallowed with continue", "Silently skipped errors hide data loss in batch jobs.", "except ValueError:\n    logger.warning('skipping row %s', row_id, exc_info=True)\n    continue", _I, Category.RELIABILITY),
    "B113": Advice("HTTP request without a timeout", "Without a timeout one slow upstream holds a worker forever and can exhaust the pool.", "requests.get(url, timeout=10)", _M, Category.RELIABILITY),
    "B201": Advice("Flask debug mode enabled", "The Werkzeug debugger gives anyone who can reach it a Python shell on the server.", "app.run(debug=os.environ.get('FLASK_DEBUG') == '1')", _H),
    "B301": Advice("pickle deserialisation", "Unpickling attacker-controlled bytes executes arbitrary code.", "payload = json.loads(body)", _H),
    "B302": Advice("marshal deserialisation", "marshal is not safe against crafted input.", "payload = json.loads(body)", _H),
    "B303": Advice("weak hash (MD5/SHA1)", "MD5 and SHA1 are broken for signatures and far too fast for passwords.", "hashlib.sha256(data).hexdigest()  # integrity\n# passwords: argon2.PasswordHasher().hash(password)", _H),
    "B304": Advice("insecure cipher", "Broken ciphers do not protect the data they encrypt.", "from cryptography.fernet import Fernet\nFernet(key).encrypt(data)", _H),
    "B305": Advice("insecure cipher mode", "ECB leaks patterns of the plaintext.", "from cryptography.hazmat.primitives.ciphers.aead import AESGCM\nAESGCM(key).encrypt(nonce, data, None)", _H),
    "B306": Advice("mktemp race", "mktemp returns a name another process can create first.", "with tempfile.NamedTemporaryFile(delete=False) as handle:\n    ..."),
    "B307": Advice("eval() used", "eval on request data is remote code execution.", "value = ast.literal_eval(text)  # literals only", _H),
    "B308": Advice("mark_safe() used", "mark_safe disables Django's escaping; any user data inside becomes XSS.", "from django.utils.html import format_html\nformat_html('<b>{}</b>', name)", _M),
    "B310": Advice("urlopen with an unchecked scheme", "urlopen follows file:// and custom schemes, reading local files on request.", "if urlparse(url).scheme not in ('http', 'https'):\n    raise ValueError('unsupported URL')\nrequests.get(url, timeout=10)"),
    "B311": Advice("non-cryptographic random", "`random` is predictable; tokens made with it can be guessed.", "token = secrets.token_urlsafe(32)", _L),
    "B314": Advice("XML parsed with entity expansion", "Stdlib XML parsers expand entities: billion-laughs and XXE on untrusted input.", "import defusedxml.ElementTree as ET\nET.fromstring(body)", _M),
    "B324": Advice("weak hash (MD5/SHA1)", "MD5 and SHA1 are broken for signatures and far too fast for passwords: a leaked table is cracked in hours.", "# passwords: a slow, salted KDF\nfrom argon2 import PasswordHasher\nPasswordHasher().hash(password)\n# integrity only: hashlib.sha256(data)", _H),
    "B501": Advice("TLS certificate verification disabled", "verify=False accepts any certificate: a man in the middle reads and alters the traffic, credentials included.", "requests.get(url, timeout=10)  # verify defaults to True; pass verify='/path/ca.pem' for a private CA", _H),
    "B502": Advice("insecure SSL/TLS protocol", "Old protocol versions are broken.", "ctx = ssl.create_default_context()", _H),
    "B503": Advice("insecure SSL/TLS protocol default", "Old protocol versions are broken.", "ctx = ssl.create_default_context()", _H),
    "B504": Advice("TLS without a protocol version", "Without a version the connection may negotiate a broken protocol.", "ctx = ssl.create_default_context()", _M),
    "B505": Advice("weak cryptographic key", "Short keys can be brute-forced.", "rsa.generate_private_key(public_exponent=65537, key_size=3072)", _H),
    "B506": Advice("yaml.load on untrusted data", "yaml.load with the full loader constructs arbitrary Python objects: remote code execution on crafted YAML.", "data = yaml.safe_load(body)", _H),
    "B507": Advice("SSH host keys not verified", "Auto-accepting host keys allows a man in the middle.", "client.load_system_host_keys()\nclient.set_missing_host_key_policy(paramiko.RejectPolicy())", _H),
    "B601": Advice("shell command via paramiko", "Commands built from input run on the remote host.", "client.exec_command(shlex.join(['ls', path]))", _H),
    "B602": Advice("subprocess with shell=True", "With shell=True any request data in the command is shell injection: `; rm -rf /` runs as your service.", "subprocess.run(['convert', src, dst], check=True)  # argument list, no shell"),
    "B603": Advice("subprocess without shell, unchecked input", "Even without a shell, an attacker-chosen executable or option is dangerous.", "subprocess.run(['/usr/bin/convert', '--', src, dst], check=True)", _L),
    "B604": Advice("function call with shell=True", "With shell=True input reaching the command is shell injection.", "run(['tool', arg], shell=False)", _M),
    "B605": Advice("command run through a shell", "os.system and friends always use a shell: any input in the string is shell injection.", "subprocess.run(['tar', 'xf', archive], check=True)", _H),
    "B606": Advice("process started without a shell", "Check the executable and arguments are not request-controlled.", "os.execv('/usr/bin/tool', ['tool', '--', arg])", _L),
    "B607": Advice("process started with a partial path", "A partial executable path is resolved through PATH, which an attacker may influence.", "subprocess.run(['/usr/bin/git', 'status'], check=True)", _L),
    "B608": Advice("SQL built from strings", "Interpolating values into SQL lets request data rewrite the query (SQL injection), and defeats the database's plan cache.", "cursor.execute('SELECT * FROM users WHERE id = %s', (user_id,))", _H),
    "B609": Advice("wildcard in a shell command", "Wildcards expand to attacker-named files, which become options.", "subprocess.run(['tar', 'cf', out, '--', *paths], check=True)", _M),
    "B610": Advice("Django extra() with SQL", "extra() passes raw SQL; interpolated input is SQL injection.", "Model.objects.filter(name=value)", _H),
    "B611": Advice("Django RawSQL", "RawSQL with interpolated input is SQL injection.", "RawSQL('SELECT ... WHERE id = %s', (value,))", _H),
    "B612": Advice("logging.config.listen", "The logging listener executes configuration sent to its socket.", "logging.config.dictConfig(CONFIG)", _H),
    "B701": Advice("Jinja2 autoescape disabled", "Without autoescape every rendered variable is an XSS vector.", "Environment(loader=loader, autoescape=select_autoescape())", _H),
    "B702": Advice("Mako templates without escaping", "Mako does not escape by default.", "Template(text, default_filters=['h'])", _M),
    "B703": Advice("mark_safe() used", "mark_safe disables Django's escaping; user data inside becomes XSS.", "format_html('<b>{}</b>', name)", _M),
    "B704": Advice("markupsafe.Markup on dynamic data", "Markup() marks the string safe; user data inside becomes XSS.", "Markup('<b>{}</b>').format(name)", _M),
}
ADVICE.update({f"B{n}": ADVICE["B314"] for n in (313, 315, 316, 317, 318, 319, 320)})  # every stdlib XML parser
_IMPORT_ONLY = {f"B{n}" for n in range(401, 416)}


def advice_for(test_id: str, bandit_text: str) -> Advice:
    """Our advice for a bandit test, or a faithful fallback built from bandit's own text."""
    if test_id in ADVICE:
        return ADVICE[test_id]
    if test_id in _IMPORT_ONLY:
        return Advice(bandit_text.split(".")[0], "Importing the module is not a problem by itself; its calls are checked separately.", "# review how the module is used", _I)
    return Advice(bandit_text.split(".")[0], bandit_text, "# see `reviewer explain " + test_id + "`")


def map_severity(test_id: str, bandit_severity: str, confidence: Confidence) -> Severity:
    """Backend-impact severity: our table where it has a view, bandit's otherwise."""
    if test_id in ("B105", "B106", "B107"):
        return Severity.MEDIUM if confidence is not Confidence.LOW else Severity.LOW
    if test_id in ("B602", "B604") and bandit_severity == "LOW":
        return Severity.LOW  # shell=True with a literal command: no injection path
    advice = ADVICE.get(test_id)
    if advice and advice.severity:
        return advice.severity
    if test_id in _IMPORT_ONLY:
        return Severity.INFO
    return {"HIGH": Severity.HIGH, "MEDIUM": Severity.MEDIUM}.get(bandit_severity, Severity.LOW)

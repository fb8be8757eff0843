"""Where request data comes from, where it must not go, and what makes it safe: data, not `if`s.

The taint engine (`taint_flow.py`) only reads these tables, so supporting one more framework
call is one line here. Names are fully qualified after import-alias resolution
(`from flask import redirect as r` makes `r(...)` a `flask.redirect` call). `TaintTables.extend`
merges user additions (the `taint` analyzer option) without editing the code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

ALL = "*"  # a sanitiser that cleans data for every sink kind


@dataclass(frozen=True)
class Sink:
    """A dangerous call: which arguments must not carry request data, and how to judge them.

    `mode` names a special check in the engine: `subprocess` (argv lists are safe unless the
    program itself is tainted), `yaml` (safe with a safe Loader), `xml_lxml` (safe with a
    `resolve_entities=False` parser), `html_response` (only HTML content types), `receiver`
    (the tainted thing is the object the method is called on, e.g. an uploaded archive).
    """

    kind: str
    args: tuple[int, ...] = (0,)
    kwargs: tuple[str, ...] = ()
    mode: str = ""
    low: bool = False  # a weaker variant of the rule (e.g. stdlib XML parsers)


def _sinks(kind: str, names: str, args: tuple[int, ...] = (0,), kwargs: tuple[str, ...] = (), mode: str = "", low: bool = False) -> dict[str, Sink]:
    return {name: Sink(kind, args, kwargs, mode, low) for name in names.split()}


_HTTP = "get post put patch delete head options"
SINKS: dict[str, Sink] = {
    **_sinks("sql", "sqlalchemy.text sqlalchemy.sql.text sqlalchemy.literal_column sqlalchemy.sql.expression.literal_column "
             "django.db.models.expressions.RawSQL django.db.models.RawSQL pandas.read_sql pandas.read_sql_query", kwargs=("sql",)),
    **_sinks("shell", "os.system os.popen commands.getoutput commands.getstatusoutput subprocess.getoutput "
             "subprocess.getstatusoutput asyncio.create_subprocess_shell", kwargs=("cmd", "command")),
    **_sinks("shell", "subprocess.run subprocess.call subprocess.check_call subprocess.check_output subprocess.Popen",
             kwargs=("args",), mode="subprocess"),
    **_sinks("shell", "os.execv os.execvp os.execl os.execlp os.spawnv os.spawnvp asyncio.create_subprocess_exec"),
    **_sinks("path", "open io.open codecs.open os.open os.remove os.unlink os.rmdir os.removedirs os.makedirs os.mkdir "
             "os.listdir os.scandir os.chmod os.chown os.rename os.replace shutil.rmtree flask.send_file "
             "flask.helpers.send_file werkzeug.utils.send_file django.http.FileResponse starlette.responses.FileResponse "
             "fastapi.responses.FileResponse aiohttp.web.FileResponse", kwargs=("file", "path", "path_or_file", "filename")),
    **_sinks("path", "shutil.copy shutil.copy2 shutil.copyfile shutil.copytree shutil.move", args=(0, 1), kwargs=("src", "dst")),
    **_sinks("path", "flask.send_from_directory werkzeug.utils.send_from_directory", kwargs=("directory",)),
    **_sinks("ssrf", " ".join(f"{lib}.{verb}" for lib in ("requests", "httpx") for verb in _HTTP.split()) +
             " urllib.request.urlopen urllib.request.Request urllib.request.urlretrieve urllib.urlopen", kwargs=("url",)),
    **_sinks("ssrf", "requests.request httpx.request httpx.stream", args=(1,), kwargs=("url",)),
    **_sinks("template", "flask.render_template_string jinja2.Template django.template.Template mako.template.Template "
             "jinja2.Environment.from_string", kwargs=("source", "template_string", "text")),
    **_sinks("html", "django.utils.safestring.mark_safe django.utils.safestring.SafeString django.utils.html.mark_safe "
             "markupsafe.Markup flask.Markup jinja2.Markup django.utils.html.format_html"),
    **_sinks("html", "django.http.HttpResponse django.http.response.HttpResponse", kwargs=("content",), mode="html_response"),
    **_sinks("redirect", "flask.redirect werkzeug.utils.redirect django.shortcuts.redirect django.http.HttpResponseRedirect "
             "django.http.HttpResponsePermanentRedirect starlette.responses.RedirectResponse fastapi.responses.RedirectResponse "
             "aiohttp.web.HTTPFound aiohttp.web.HTTPSeeOther aiohttp.web.HTTPTemporaryRedirect", kwargs=("url", "location", "to")),
    **_sinks("code", "eval exec compile builtins.eval builtins.exec", kwargs=("source",)),
    **_sinks("deserialize", "pickle.loads pickle.load _pickle.loads cPickle.loads dill.loads dill.load marshal.loads marshal.load "
             "jsonpickle.decode jsonpickle.loads yaml.unsafe_load yaml.unsafe_load_all pandas.read_pickle shelve.open"),
    **_sinks("deserialize", "yaml.load yaml.load_all", kwargs=("stream",), mode="yaml"),
    **_sinks("xxe", "lxml.etree.fromstring lxml.etree.XML lxml.etree.parse lxml.etree.iterparse", kwargs=("text", "source"), mode="xml_lxml"),
    **_sinks("xxe", "xml.etree.ElementTree.fromstring xml.etree.ElementTree.XML xml.etree.ElementTree.parse "
             "xml.etree.cElementTree.fromstring xml.dom.minidom.parseString xml.dom.minidom.parse xml.sax.parseString "
             "xml.sax.parse xml.dom.pulldom.parseString", low=True),
    **_sinks("regex", "re.compile re.match re.search re.fullmatch re.findall re.finditer re.sub re.subn re.split", kwargs=("pattern",)),
}

# Methods that are sinks on any receiver (the receiver's type is rarely known statically).
METHOD_SINKS: dict[str, Sink] = {
    **_sinks("sql", "execute executemany executescript raw", kwargs=("sql", "raw_query", "statement")),
    **_sinks("sql", "extra", args=(), kwargs=("where", "select", "order_by", "tables")),
    **_sinks("template", "from_string", kwargs=("source",)),
    **_sinks("path", "save", kwargs=("dst",)),
}
# Methods that are sinks when the object they are called on carries request data.
RECEIVER_SINKS: dict[str, Sink] = {
    **_sinks("path", "extractall extract", args=(), mode="receiver"),
    **_sinks("path", "read_text read_bytes write_text write_bytes unlink rmdir touch", args=(), mode="receiver"),
}
# HTTP-client methods, only on receivers whose name says they are a client or session.
CLIENT_SINKS: dict[str, Sink] = _sinks("ssrf", _HTTP + " request stream fetch urlopen", kwargs=("url",))
CLIENT_HINTS = ("session", "client", "http", "requests")

REQUEST_NAMES = frozenset({"request", "req"})
REQUEST_TYPES = frozenset({"Request", "HttpRequest", "WSGIRequest", "ASGIRequest", "web.Request", "BaseRequest"})
REQUEST_ATTRS: dict[str, str] = {
    **dict.fromkeys("args form values json files headers cookies data stream".split(), "Flask/DRF"),
    **dict.fromkeys("GET POST body FILES META COOKIES".split(), "Django"),
    **dict.fromkeys("query_params path_params".split(), "DRF/Starlette"),
    **dict.fromkeys("match_info query rel_url".split(), "aiohttp"),
}
# The request's own URL: attacker-chosen text, but it cannot point a redirect or fetch elsewhere.
URL_ATTRS = frozenset({"path", "full_path", "url", "base_url", "url_root", "host_url", "path_info", "get_full_path",
                       "build_absolute_uri", "raw_path"})
URL_SAFE_KINDS = frozenset({"redirect", "ssrf"})
REQUEST_METHODS = frozenset({"get_json", "get_data", "json", "form", "body", "post", "text", "read", "multipart"})
ANY_ATTRS: dict[str, str] = {"cleaned_data": "form.cleaned_data", "initial_data": "serializer.initial_data"}
SELF_ATTRS = frozenset({"kwargs"})  # self.kwargs of a Django class-based view: URL parameters
ENV_ATTRS = frozenset({"sys.argv", "os.environ"})
ENV_CALLS = frozenset({"os.getenv", "os.environ.get", "os.environ.__getitem__"})

ROUTE_METHODS = frozenset({"route", "api_route", "websocket", "view"} | set(_HTTP.split()))
ROUTE_RECEIVER_HINTS = ("app", "router", "bp", "blueprint", "api", "routes")
VIEW_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "dispatch"})
CLEAN_ANNOTATIONS = frozenset({"int", "float", "bool", "UUID", "uuid.UUID", "date", "datetime", "Decimal", "PositiveInt",
                               "conint", "datetime.date", "datetime.datetime", "decimal.Decimal"})
CLEAN_CONVERTERS = frozenset({"int", "float", "uuid"})
NOT_INPUT_PARAMS = frozenset({"self", "cls", "request", "req", "db", "session", "current_user", "user", "background_tasks",
                              "response", "args", "kwargs", "format"})

SANITISERS: dict[str, frozenset[str]] = {
    **dict.fromkeys("int float bool len abs round ord hash id isinstance uuid.UUID decimal.Decimal datetime.date.fromisoformat "
                    "datetime.datetime.fromisoformat flask.url_for django.urls.reverse django.urls.reverse_lazy "
                    "hmac.compare_digest secrets.compare_digest".split(), frozenset({ALL})),
    **dict.fromkeys("shlex.quote shlex.join pipes.quote".split(), frozenset({"shell"})),
    **dict.fromkeys("werkzeug.utils.secure_filename werkzeug.secure_filename django.utils.text.get_valid_filename "
                    "os.path.basename posixpath.basename werkzeug.utils.safe_join werkzeug.security.safe_join flask.safe_join "
                    "django.utils._os.safe_join".split(), frozenset({"path"})),
    **dict.fromkeys("html.escape cgi.escape django.utils.html.escape django.utils.html.conditional_escape markupsafe.escape "
                    "flask.escape jinja2.escape bleach.clean nh3.clean django.utils.html.format_html".split(), frozenset({"html"})),
    **dict.fromkeys("urllib.parse.quote urllib.parse.quote_plus urllib.parse.urlencode".split(),
                    frozenset({"ssrf", "redirect", "html", "shell", "template"})),
    **dict.fromkeys("psycopg2.sql.Identifier psycopg2.sql.Literal psycopg.sql.Identifier psycopg.sql.Literal".split(), frozenset({"sql"})),
    "re.escape": frozenset({"regex", "shell"}),
    "ast.literal_eval": frozenset({"code", "deserialize"}),
}
# Calls whose result carries their arguments' request data (unknown calls do not, to stay quiet).
PROPAGATORS = frozenset(
    "str repr bytes bytearray list tuple set frozenset dict sorted reversed os.path.join os.path.normpath os.path.abspath "
    "os.path.realpath os.path.expanduser posixpath.join pathlib.Path pathlib.PurePath pathlib.PosixPath urllib.parse.urljoin "
    "urllib.parse.unquote urllib.parse.unquote_plus urllib.parse.urlparse urllib.parse.urlsplit urllib.parse.urlunparse "
    "base64.b64decode base64.urlsafe_b64decode base64.b64encode binascii.unhexlify json.loads codecs.decode io.BytesIO "
    "io.StringIO tarfile.open tarfile.TarFile zipfile.ZipFile textwrap.dedent string.Template".split()
)
# Methods on a clean object whose result still carries their arguments (`sep.join(parts)`).
ARG_METHODS = frozenset({"join", "format", "format_map", "replace", "append", "extend", "insert", "add", "update", "substitute"})
MUTATORS = frozenset({"append", "extend", "insert", "add", "update", "appendleft", "setdefault"})
# Methods on tainted data whose result is no longer attacker text (`name.isdigit()`).
CLEAN_METHODS = frozenset({"isdigit", "isalnum", "isalpha", "isnumeric", "isdecimal", "isidentifier", "startswith", "endswith",
                           "count", "find", "index", "is_relative_to", "exists", "is_file", "is_dir", "__len__"})
# Checks that, when they pass, prove a value safe (for the listed kinds) in the guarded code.
VALIDATOR_CALLS: dict[str, frozenset[str]] = {
    **dict.fromkeys("re.match re.fullmatch django.utils.http.url_has_allowed_host_and_scheme django.utils.http.is_safe_url "
                    "validators.uuid".split(), frozenset({ALL})),
}
VALIDATOR_METHODS: dict[str, frozenset[str]] = {
    **dict.fromkeys("isdigit isalnum isalpha isnumeric isdecimal isidentifier match fullmatch".split(), frozenset({ALL})),
    **dict.fromkeys("startswith is_relative_to".split(), frozenset({"path", "ssrf", "redirect"})),
}
TERMINATORS = frozenset({"abort", "flask.abort", "sys.exit", "exit", "werkzeug.exceptions.abort", "fastapi.HTTPException"})
SAFE_YAML_LOADERS = frozenset({"SafeLoader", "CSafeLoader", "BaseLoader", "yaml.SafeLoader", "yaml.CSafeLoader", "yaml.BaseLoader"})
HTML_CONTENT_TYPES = ("text/html", "application/xhtml")


@dataclass(frozen=True)
class TaintTables:
    """The tables the engine reads; `extend` returns a copy with user additions."""

    sinks: Mapping[str, Sink] = field(default_factory=lambda: dict(SINKS))
    method_sinks: Mapping[str, Sink] = field(default_factory=lambda: dict(METHOD_SINKS))
    sanitisers: Mapping[str, frozenset[str]] = field(default_factory=lambda: dict(SANITISERS))
    propagators: frozenset[str] = PROPAGATORS
    request_attrs: Mapping[str, str] = field(default_factory=lambda: dict(REQUEST_ATTRS))

    def extend(self, extra: Mapping[str, Any] | None) -> TaintTables:
        """Merge `{"sinks": {"pkg.fn": "sql"}, "sanitisers": {"pkg.clean": ["sql"]}, "sources": ["attr"],
        "propagators": ["pkg.wrap"]}`; unknown keys and malformed entries are ignored."""
        if not extra:
            return self
        sinks = {**self.sinks, **{str(k): Sink(str(v)) for k, v in dict(extra.get("sinks", {})).items()}}
        sanitisers = {**self.sanitisers, **{str(k): frozenset(map(str, v)) for k, v in dict(extra.get("sanitisers", {})).items()}}
        attrs = {**self.request_attrs, **dict.fromkeys(map(str, extra.get("sources", ())), "configured")}
        props = self.propagators | frozenset(map(str, extra.get("propagators", ())))
        return replace(self, sinks=sinks, sanitisers=sanitisers, request_attrs=attrs, propagators=props)


DEFAULT_TABLES = TaintTables()

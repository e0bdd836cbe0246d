"""The caching layer: an nginx ``proxy_cache`` in front of ``ogpgraph serve``, as a ready configuration.

Every document here is the same bytes for the life of a data version and says so
(``Cache-Control: public, max-age=3600``, a strong ``ETag``), so a shared cache can answer most
requests without Python. ``ogpgraph cache-config`` writes a complete ``nginx.conf`` for it
(``deploy/cache/nginx.conf`` is the one for the defaults); docs/deploy.md says how to run it.

Why nginx: Debian's ``nginx-light`` already runs as the front of ``ogpgraph serve``, it has
``proxy_cache`` and ``auth_request`` (all this needs), its cache lives on disk shared by its
workers, bounded by ``max_size`` (its cache manager evicts the least recently used) and
``inactive``. Varnish would do as well, but would be one more daemon and language to run.

Correct by construction, not by re-implementing the service's rules:

* **One owner of negotiation.** The cache key holds the raw ``Accept`` and ``Accept-Language``
  headers: the service decides what each combination gets, the cache only remembers it, so it can
  never hand one client's format or language to another. Odd headers cost cache space, bounded
  by ``max_size``, never a wrong answer.
* **Versioned, so never stale after a reload.** The key starts with the data version the service
  serves. nginx asks for it (``/health/version``, an ``auth_request``) and keeps the answer
  :data:`VERSION_TTL` second(s): within that time of a reload, new answers are stored under the
  new version and the old entries are never used again (the cache manager drops them).
  The request carries the version it was keyed with (``OGPGraph-Expect-Version``); a worker that
  serves another one (a remote store mid-switch) marks its answer ``no-store``, so nothing is
  ever stored under a version it does not belong to.
* **Down, not out.** While the service cannot be reached, the last data version known is kept, so
  what the cache holds is still served; anything else gets a 503 with ``Retry-After``.
* **Revalidation** with the stored ``ETag`` when an entry expires (``proxy_cache_revalidate``);
  clients' ``If-None-Match`` get a 304 from the cache.
* **Queries.** POSTs are never cached. GET SPARQL answers are sent ``no-cache`` by the service and
  are not kept, unless ``--sparql-ttl`` says for how long (then keyed by the query string, the
  version and the headers like everything else).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

VERSION_PATH = "/health/version"  # the service's data version, in the OGPGraph-Data-Version header
VERSION_HEADER = "OGPGraph-Data-Version"
EXPECT_HEADER = "OGPGraph-Expect-Version"
STATUS_HEADER = "OGPGraph-Cache"  # HIT, MISS, EXPIRED, REVALIDATED…: nginx's $upstream_cache_status
VERSION_TTL = 1  # seconds nginx keeps the data version it was told
DEFAULT_OUT = Path("deploy/cache/nginx.conf")


@dataclass(frozen=True)
class CacheSettings:
    listen: str = "0.0.0.0:80"  # host:port the cache answers on
    upstream: str = "127.0.0.1:8000"  # `ogpgraph serve --host --port`
    cache_dir: Path = Path("/var/cache/ogpgraph")
    max_size: str = "1g"  # on disk; least recently used first out
    inactive: str = "1d"  # an entry nobody asked for this long is dropped
    sparql_ttl: int = 0  # seconds a GET SPARQL answer is kept (0: never)
    max_body: int = 1_000_000  # bytes: as `serve --max-request-bytes`
    max_validate_body: int = 50_000_000  # bytes: as `serve --max-validate-bytes`
    workers: str = "auto"
    run_dir: Path = Path("/run/ogpgraph-cache")  # pid file and temporary files
    user: str = ""  # the user nginx's workers run as when started as root ("" : nginx's default)

    def __post_init__(self) -> None:
        for name in ("listen", "upstream"):
            host, sep, port = getattr(self, name).rpartition(":")
            if not sep or not host or not port.isdigit():
                raise ValueError(f"{name} must be HOST:PORT, not {getattr(self, name)!r}")
        if self.sparql_ttl < 0:
            raise ValueError(f"sparql_ttl must be 0 or more seconds, not {self.sparql_ttl}")
        for name in ("max_size", "inactive"):
            value = getattr(self, name)
            if not value or not value[:-1].isdigit() and not value.isdigit():
                raise ValueError(f"{name} must be a number with an nginx unit (1g, 512m; 1d, 12h), not {value!r}")


_CONF = """\
# The caching layer of ogpgraph: nginx proxy_cache in front of `ogpgraph serve` ({upstream}).
# Written by `ogpgraph cache-config`; change the settings with that command, not here.
# Why it is built this way: src/ogpgraph/cache_proxy.py; how to run it: docs/deploy.md.
# Run: nginx -c THIS_FILE (as root: {user_note})

{user}worker_processes {workers};
pid {run_dir}/nginx.pid;
error_log stderr warn;

events {{
    worker_connections 4096;
}}

http {{
    server_tokens off;
    access_log off;  # `ogpgraph serve` logs what reaches it; {status_header} says hit or miss
    client_body_temp_path {run_dir}/client-body;
    proxy_temp_path {run_dir}/proxy;
    fastcgi_temp_path {run_dir}/fastcgi;
    uwsgi_temp_path {run_dir}/uwsgi;
    scgi_temp_path {run_dir}/scgi;
    client_header_timeout 5s;
    client_body_timeout 5s;
    keepalive_timeout 15s;
    large_client_header_buffers 8 64k;

    # Bounded on disk: the cache manager evicts the least recently used past max_size, and
    # drops what nobody asked for in `inactive` (old data versions among them).
    proxy_cache_path {cache_dir} levels=1:2 keys_zone=ogpgraph:32m max_size={max_size} inactive={inactive}
                     use_temp_path=off;

    upstream ogpgraph {{
        server {upstream};
        keepalive 32;
    }}

    server {{
        listen {listen};
        client_max_body_size {max_body};
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_read_timeout 120s;
        proxy_redirect off;

        # The data version the service serves now, asked at most every {version_ttl} s (one request
        # at a time), the last one known kept while the service cannot say.
        location = /_ogpgraph/data-version {{
            internal;
            auth_request off;
            proxy_pass http://ogpgraph{version_path};
            proxy_pass_request_body off;
            proxy_set_header Content-Length "";
            proxy_cache ogpgraph;
            proxy_cache_key "data-version";
            proxy_ignore_headers Cache-Control Expires;
            proxy_cache_valid 200 {version_ttl}s;
            proxy_cache_lock on;
            proxy_cache_use_stale error timeout updating http_500 http_502 http_503 http_504;
        }}

        # Everything: keyed by data version, method, host, path and query, and the negotiation
        # headers as the client sent them (the service negotiates; the cache remembers).
        auth_request /_ogpgraph/data-version;
        auth_request_set $data_version $upstream_http_{version_variable};
        proxy_set_header {expect_header} $data_version;
        proxy_cache ogpgraph;
        proxy_cache_key "$data_version|$request_method|$http_host|$request_uri|$http_accept|$http_accept_language";
        proxy_cache_revalidate on;  # an expired entry is checked with its ETag (304: kept)
        proxy_cache_lock on;        # one request fills an entry; the others wait for it
        proxy_cache_use_stale updating;
        add_header {status_header} $upstream_cache_status always;
        error_page 500 502 504 =503 @unavailable;

        location / {{
            proxy_pass http://ogpgraph;
        }}
        location = /sparql {{
            # POSTs are never cached (nginx caches GET and HEAD only). {sparql_note}
{sparql_rules}            proxy_pass http://ogpgraph;
        }}
        location = /shacl/validate {{
            client_max_body_size {max_validate_body};
            proxy_pass http://ogpgraph;
        }}
        location @unavailable {{
            auth_request off;
            default_type text/plain;
            add_header Retry-After 5 always;
            return 503 "The service is starting, restarting or unreachable: retry in a few seconds.\\n";
        }}
    }}
}}
"""


def config(settings: CacheSettings) -> str:
    """The nginx.conf of the caching layer for ``settings``."""
    if settings.sparql_ttl:
        sparql_note = f"GET answers are kept {settings.sparql_ttl} s (--sparql-ttl)."
        sparql_rules = ("            proxy_ignore_headers Cache-Control Expires;\n"
                        f"            proxy_cache_valid 200 {settings.sparql_ttl}s;\n")
    else:
        sparql_note = "GET answers come no-cache from the service: not kept (--sparql-ttl 0)."
        sparql_rules = ""
    return _CONF.format(
        upstream=settings.upstream, listen=settings.listen, cache_dir=settings.cache_dir,
        max_size=settings.max_size, inactive=settings.inactive, workers=settings.workers,
        run_dir=settings.run_dir, max_body=settings.max_body, max_validate_body=settings.max_validate_body,
        user=f"user {settings.user};\n" if settings.user else "",
        user_note="its workers run as " + (settings.user or "nginx's default user, nobody"),
        version_path=VERSION_PATH, version_ttl=VERSION_TTL, expect_header=EXPECT_HEADER,
        version_variable=VERSION_HEADER.lower().replace("-", "_"), status_header=STATUS_HEADER,
        sparql_note=sparql_note, sparql_rules=sparql_rules)


def write(settings: CacheSettings, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(config(settings), encoding="utf-8")
    return out

"""A real Neo4j Community server assembled from Maven Central jars and run as a plain Java process.

No tarball of Neo4j 5.x is published to Maven Central, but the server *is* ``org.neo4j:neo4j`` plus its runtime
dependencies (HTTP server, Bolt, Cypher, record storage) and Neo4j Browser is the jar
``org.neo4j.client:neo4j-browser``. :func:`assemble` copies them with Maven into a cache directory (default
``~/.cache/scholargraph/neo4j-<version>``, reused when present); :func:`start` writes a ``neo4j.conf`` into a
home directory and starts ``org.neo4j.server.CommunityEntryPoint`` on loopback ports; :func:`stop` ends it.

Used by ``scholargraph neo4j server ...``, ``scripts/neo4j_server.py``, the test fixtures and the benchmark.

Plugins (``start(plugins=("gds",))``): Neo4j Graph Data Science :data:`GDS_VERSION` is assembled from its modules
on Maven Central at run time (:func:`assemble_gds`; GDS is GPL-3, so it is never bundled with scholargraph). The
artifacts the server already ships are dropped, matched on ``groupId:artifactId`` from Maven's dependency lists
(not on file names: ``org.neo4j.gds:annotations`` is not Neo4j's own), and ``jackson-dataformat-csv`` is aligned
to the server's Jackson. Only the jars that declare procedures or functions go into the home's ``plugins/``
(Neo4j scans every class of every jar there at start-up); the others go on the server's classpath.
``start(settings={...})`` adds neo4j.conf settings; settings a person wrote into an existing neo4j.conf are kept.

>>> conf = render_conf(Path("/tmp/h"), bolt_port=7687, http_port=7474, auth=False)
>>> "server.bolt.listen_address=127.0.0.1:7687" in conf and "dbms.security.auth_enabled=false" in conf
True
>>> free_port() > 0
True
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import Neo4jError

__all__ = [
    "NEO4J_VERSION",
    "DEFAULT_HOME",
    "BROWSER_VERSION",
    "Server",
    "default_cache",
    "render_pom",
    "render_conf",
    "assemble",
    "find_java",
    "free_port",
    "start",
    "stop",
    "kill",
    "status",
    "wait_ready",
    "rss_mb",
    "log_tail",
    "admin",
    "GDS_VERSION",
    "PLUGINS",
    "assemble_gds",
    "render_gds_pom",
    "restart",
    "import_graph",
]

NEO4J_VERSION = "5.26.30"
BROWSER_VERSION = "5.24.0"
MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
ADMIN_CLASS = "org.neo4j.cli.AdminTool"
STATE_FILE = "scholargraph-server.json"
DEFAULT_HOME = Path.home() / ".local" / "share" / "scholargraph" / "neo4j"  # a person's long-lived server
_COMPLETE = ".assembled"
GDS_VERSION = "2.13.9"  # the only full 2.13.x on Maven Central; 2.13 is the GDS line for Neo4j 5.26
# the modules GDS's own packaging bundles (there is no single plugin jar on Central)
GDS_MODULES = ("proc", "proc-sysinfo", "opengds-extension", "open-model-catalog", "open-write-services")
PLUGINS = ("gds",)
# the class-file descriptors of the annotations that make a jar a procedure jar (Neo4j scans plugins/ for them)
_PROCEDURE_MARKS = (b"Lorg/neo4j/procedure/Procedure;", b"Lorg/neo4j/procedure/UserFunction;",
                    b"Lorg/neo4j/procedure/UserAggregationFunction;")  # fmt: skip

JVM_OPENS = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/java.net=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)


@dataclass
class Server:
    """A running (or recorded) server: its home, loopback ports, credentials and Java process id."""

    home: str
    bolt_port: int
    http_port: int
    password: str | None = None
    pid: int | None = None
    user: str = "neo4j"
    startup_s: float | None = None
    plugins: list[str] = field(default_factory=list)

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def browser_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/browser/"

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.user, self.password) if self.password is not None else None

    def alive(self) -> bool:
        return self.pid is not None and _pid_alive(self.pid)


def default_cache() -> Path:
    """``$SCHOLARGRAPH_NEO4J_CACHE`` or ``~/.cache/scholargraph/neo4j-<version>``."""
    env = os.environ.get("SCHOLARGRAPH_NEO4J_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "scholargraph" / f"neo4j-{NEO4J_VERSION}"


def render_pom(version: str = NEO4J_VERSION, browser: str = BROWSER_VERSION) -> str:
    """The ``pom.xml`` whose runtime dependencies are the server (packaging pom; nothing is built).

    >>> "<artifactId>neo4j-browser</artifactId>" in render_pom()
    True
    """
    deps = (
        f"    <dependency><groupId>org.neo4j</groupId><artifactId>neo4j</artifactId><version>{version}</version>"
        "</dependency>\n"
        f"    <dependency><groupId>org.neo4j.client</groupId><artifactId>neo4j-browser</artifactId>"
        f"<version>{browser}</version></dependency>"
    )
    comment = (
        f"Neo4j Community {version} + Neo4j Browser {browser} from Maven Central.\n"
        "     mvn -B -q dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=lib"
    )
    return _pom("neo4j-community-server", version, comment, deps)


def _pom(artifact: str, version: str, comment: str, dependencies: str, managed: str = "") -> str:
    """A packaging-``pom`` project whose runtime dependencies are what Maven copies (nothing is built)."""
    management = (
        f"  <dependencyManagement>\n    <dependencies>\n{managed}\n    </dependencies>\n  </dependencyManagement>\n"
        if managed
        else ""
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by scholargraph.neo4j.server: {comment} -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>scholargraph.local</groupId>
  <artifactId>{artifact}</artifactId>
  <version>{version}</version>
  <packaging>pom</packaging>
{management}  <dependencies>
{dependencies}
  </dependencies>
</project>
"""


def assemble(cache: str | os.PathLike | None = None, *, quiet: bool = True, timeout: float = 1800) -> Path:
    """Copy the server's jars into ``cache/lib`` with Maven (once; reused when already complete); returns ``cache``.

    Raises Neo4jError when Maven is missing or fails (the message holds Maven's last lines).
    """
    root = Path(cache) if cache is not None else default_cache()
    lib = root / "lib"
    if (root / _COMPLETE).exists() and any(lib.glob("neo4j-*.jar")):
        return root
    mvn = shutil.which("mvn")
    if mvn is None:
        raise Neo4jError(
            "cannot assemble Neo4j: Maven ('mvn') is not on PATH. How to fix: install Maven (apt-get install maven) "
            "or point NEO4J_URI at an existing Neo4j server"
        )
    root.mkdir(parents=True, exist_ok=True)
    (root / "pom.xml").write_text(render_pom(), encoding="utf-8")
    tmp_lib = root / "lib.partial"
    shutil.rmtree(tmp_lib, ignore_errors=True)
    cmd = [
        mvn,
        "-B",
        "dependency:copy-dependencies",
        "-DincludeScope=runtime",
        f"-DoutputDirectory={tmp_lib}",
    ]
    if quiet:
        cmd.insert(2, "-q")
    proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-20:])
        raise Neo4jError(f"assembling Neo4j {NEO4J_VERSION} with Maven failed in {root}:\n{tail}")
    shutil.rmtree(lib, ignore_errors=True)
    tmp_lib.rename(lib)
    (root / _COMPLETE).write_text(f"neo4j {NEO4J_VERSION}\nbrowser {BROWSER_VERSION}\n", encoding="utf-8")
    return root


def _java_major(java: str) -> int | None:
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60).stderr
    except OSError:
        return None
    m = re.search(r'version "(\d+)', out)
    return int(m.group(1)) if m else None


def find_java() -> str:
    """A Java 17 or 21 runtime (Neo4j 5.26 runs on those): $JAVA_HOME, PATH, then /usr/lib/jvm/*."""
    candidates = []
    if os.environ.get("JAVA_HOME"):
        candidates.append(str(Path(os.environ["JAVA_HOME"]) / "bin" / "java"))
    if shutil.which("java"):
        candidates.append(shutil.which("java"))
    candidates += sorted(str(p) for p in Path("/usr/lib/jvm").glob("*/bin/java"))
    for java in candidates:
        if _java_major(java) in (17, 21):
            return java
    raise Neo4jError(
        "Neo4j 5.26 needs Java 17 or 21 and none was found. How to fix: install openjdk-17-jre-headless "
        "or set JAVA_HOME to a Java 17/21 installation"
    )


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def render_conf(
    home: Path,
    *,
    bolt_port: int,
    http_port: int,
    auth: bool,
    pagecache: str = "64m",
    extra: dict | None = None,
) -> str:
    """The ``neo4j.conf`` of a loopback-only server in ``home``."""
    settings = {
        "server.directories.data": home / "data",
        "server.directories.logs": home / "logs",
        "server.directories.run": home / "run",
        "server.directories.plugins": home / "plugins",
        "server.directories.import": home / "import",
        "server.default_listen_address": "127.0.0.1",
        "server.default_advertised_address": "127.0.0.1",
        "server.bolt.listen_address": f"127.0.0.1:{bolt_port}",
        "server.bolt.advertised_address": f"127.0.0.1:{bolt_port}",
        "server.http.listen_address": f"127.0.0.1:{http_port}",
        "server.http.advertised_address": f"127.0.0.1:{http_port}",
        "server.https.enabled": "false",
        "server.memory.pagecache.size": pagecache,
        "dbms.usage_report.enabled": "false",
        "dbms.security.auth_enabled": "true" if auth else "false",
        "db.tx_log.rotation.retention_policy": "2 files",
    }
    settings.update(extra or {})
    return "".join(f"{k}={v}\n" for k, v in settings.items())


def _classpath(cache: Path, home: Path, extra: tuple[Path, ...] = ()) -> str:
    return ":".join([f"{home / 'plugins'}/*", f"{cache / 'lib'}/*", *(f"{d}/*" for d in extra)])


# ------------------------------------------------------------------------------------------------ plugins
def _mvn(root: Path, args: list[str], *, quiet: bool, timeout: float, what: str) -> None:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise Neo4jError(
            f"cannot assemble {what}: Maven ('mvn') is not on PATH. How to fix: install Maven (apt-get install maven)"
        )
    cmd = [mvn, "-B", *(["-q"] if quiet else []), *args]
    proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-20:])
        raise Neo4jError(f"assembling {what} with Maven failed in {root}:\n{tail}")


def _dependency_list(root: Path, *, quiet: bool, timeout: float, what: str) -> dict[tuple[str, str], str]:
    """``(groupId, artifactId) -> version`` of the runtime dependencies of the pom in ``root`` (Maven's own
    resolution, so versions are the ones Maven would copy)."""
    out = root / "dependencies.txt"
    _mvn(root, ["dependency:list", "-DincludeScope=runtime", f"-DoutputFile={out}"], quiet=quiet,
         timeout=timeout, what=what)  # fmt: skip
    deps: dict[tuple[str, str], str] = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        parts = line.strip().split(" ")[0].split(":")
        if len(parts) >= 5:  # groupId:artifactId:type[:classifier]:version:scope
            deps[(parts[0], parts[1])] = parts[-2]
    return deps


def render_gds_pom(jackson: str, version: str = GDS_VERSION) -> str:
    """The ``pom.xml`` of Graph Data Science's modules, with ``jackson-dataformat-csv`` aligned to the server's
    Jackson ``jackson`` (the server ships jackson-core/databind, GDS's CSV module must match them).

    >>> pom = render_gds_pom("2.22.1")
    >>> "<artifactId>open-write-services</artifactId>" in pom and "<version>2.22.1</version>" in pom
    True
    """
    deps = "\n".join(
        f"    <dependency><groupId>org.neo4j.gds</groupId><artifactId>{m}</artifactId>"
        f"<version>{version}</version></dependency>"
        for m in GDS_MODULES
    )
    managed = (
        "      <dependency><groupId>com.fasterxml.jackson.dataformat</groupId>"
        f"<artifactId>jackson-dataformat-csv</artifactId><version>{jackson}</version></dependency>"
    )
    comment = f"Neo4j Graph Data Science {version} (GPL-3) from Maven Central,\n     fetched at run time, never bundled with scholargraph."
    return _pom("neo4j-gds-plugin", version, comment, deps, managed)


def _has_procedures(jar: Path) -> bool:
    """Whether a jar declares Neo4j procedures or functions (a class file naming their annotations)."""
    import zipfile

    with zipfile.ZipFile(jar) as z:
        for name in z.namelist():
            if name.endswith(".class"):
                data = z.read(name)
                if any(mark in data for mark in _PROCEDURE_MARKS):
                    return True
    return False


def assemble_gds(
    cache: str | os.PathLike | None = None, *, quiet: bool = True, timeout: float = 1800
) -> Path:
    """Fetch Graph Data Science :data:`GDS_VERSION` with Maven into ``<server cache>/gds-<version>`` (once;
    reused when complete): ``plugins/`` holds the jars that declare procedures, ``lib/`` the rest, without the
    artifacts the server already ships (matched on groupId:artifactId). Returns that directory; its
    ``dropped.txt`` lists what was left out and why."""
    server_root = assemble(cache)
    root = server_root / f"gds-{GDS_VERSION}"
    if (root / _COMPLETE).exists():
        return root
    root.mkdir(parents=True, exist_ok=True)
    what = f"Graph Data Science {GDS_VERSION}"
    shipped = _dependency_list(server_root, quiet=quiet, timeout=timeout, what=f"Neo4j {NEO4J_VERSION}")
    jackson = shipped.get(("com.fasterxml.jackson.core", "jackson-core"))
    if jackson is None:
        raise Neo4jError(f"the Neo4j {NEO4J_VERSION} server ships no jackson-core; cannot align GDS to it")
    (root / "pom.xml").write_text(render_gds_pom(jackson), encoding="utf-8")
    wanted = _dependency_list(root, quiet=quiet, timeout=timeout, what=what)
    repo = root / "repo.partial"
    shutil.rmtree(repo, ignore_errors=True)
    _mvn(root, ["dependency:copy-dependencies", "-DincludeScope=runtime", "-Dmdep.useRepositoryLayout=true",
                f"-DoutputDirectory={repo}"], quiet=quiet, timeout=timeout, what=what)  # fmt: skip
    for sub in ("plugins", "lib"):
        shutil.rmtree(root / sub, ignore_errors=True)
        (root / sub).mkdir()
    dropped = []
    for (group, artifact), version in sorted(wanted.items()):
        if (group, artifact) in shipped:
            dropped.append(f"{group}:{artifact}:{version} (the server ships {shipped[(group, artifact)]})")
            continue
        folder = repo.joinpath(*group.split("."), artifact, version)
        jars = sorted(folder.glob(f"{artifact}-{version}*.jar"))
        if not jars:
            raise Neo4jError(f"Maven copied no jar of {group}:{artifact}:{version} into {folder}")
        for jar in jars:
            target = "plugins" if _has_procedures(jar) else "lib"
            shutil.copy2(jar, root / target / f"{group}.{jar.name}")
    shutil.rmtree(repo, ignore_errors=True)
    (root / "dropped.txt").write_text("".join(d + "\n" for d in dropped), encoding="utf-8")
    (root / _COMPLETE).write_text(f"gds {GDS_VERSION}\njackson {jackson}\n", encoding="utf-8")
    return root


def _plugin_dirs(plugins: tuple[str, ...], cache: str | os.PathLike | None) -> list[Path]:
    for name in plugins:
        if name not in PLUGINS:
            raise Neo4jError(
                f"unknown Neo4j plugin {name!r}; the plugins scholargraph can fetch: {', '.join(PLUGINS)}"
            )
    return [assemble_gds(cache)] if "gds" in plugins else []


_PLUGIN_SETTINGS = {"gds": {"dbms.security.procedures.unrestricted": "gds.*"}}
_PLUGIN_MARK = "scholargraph-plugin."  # prefix of the jars start() links into a home's plugins/


def _link_plugins(home: Path, dirs: list[Path]) -> None:
    """Put the plugins' procedure jars into ``home/plugins`` (and remove those of plugins not asked for now)."""
    for old in (home / "plugins").glob(f"{_PLUGIN_MARK}*"):
        old.unlink()
    for d in dirs:
        for jar in sorted((d / "plugins").glob("*.jar")):
            shutil.copy2(jar, home / "plugins" / f"{_PLUGIN_MARK}{jar.name}")


def _merged_conf(path: Path, conf: str) -> str:
    """``conf`` plus the settings of an existing neo4j.conf that ``conf`` does not set (a person's own edits
    survive a restart)."""
    ours = {line.split("=", 1)[0] for line in conf.splitlines() if "=" in line}
    kept = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            key = line.split("=", 1)[0].strip()
            if "=" in line and not line.lstrip().startswith("#") and key not in ours:
                kept.append(line + "\n")
    return conf + "".join(kept)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie child still answers kill(0); treat it as dead
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def log_tail(home: str | os.PathLike, lines: int = 40) -> str:
    """The last lines of the server's console output and neo4j.log/debug.log (what to show when it fails)."""
    out = []
    for name in ("console.log", "neo4j.log"):
        p = Path(home) / "logs" / name
        if p.exists():
            text = p.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
            out.append(f"--- {p} ---\n" + "\n".join(text))
    return "\n".join(out) or f"(no logs under {Path(home) / 'logs'})"


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process in MB (from /proc), or None."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def wait_ready(server: Server, timeout: float = 180) -> float:
    """Poll the driver's ``verify_connectivity()`` until it answers; returns the seconds waited.

    Raises Neo4jError with the server's log tail when the process dies or the deadline passes.
    """
    import neo4j

    t0 = time.monotonic()
    deadline = t0 + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if server.pid is not None and not _pid_alive(server.pid):
            raise Neo4jError(
                f"the Neo4j server in {server.home} exited during startup:\n{log_tail(server.home)}"
            )
        try:
            with neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as drv:
                drv.verify_connectivity()
            return time.monotonic() - t0
        except neo4j.exceptions.AuthError:  # it answered: up, with a password this call was not given
            return time.monotonic() - t0
        except Exception as e:  # not up yet (ServiceUnavailable, SessionExpired, ...)
            last = e
            time.sleep(0.25)
    raise Neo4jError(
        f"the Neo4j server in {server.home} did not answer on {server.uri} within {timeout:.0f} s "
        f"(last error: {last}):\n{log_tail(server.home)}"
    )


def _state_path(home: Path) -> Path:
    return home / "run" / STATE_FILE


def _read_state(home: Path) -> Server | None:
    p = _state_path(home)
    if not p.exists():
        return None
    return Server(**json.loads(p.read_text(encoding="utf-8")))


def admin(
    home: str | os.PathLike,
    *args: str,
    cwd: str | os.PathLike | None = None,
    timeout: float = 1800,
    heap: str = "512m",
):
    """Run ``neo4j-admin ARGS`` (``org.neo4j.cli.AdminTool`` from the same jars) for the server in ``home``
    (stop the server first for offline commands such as ``database import full``); returns CompletedProcess."""
    home_p = Path(home).resolve()
    java, cache = find_java(), assemble()
    cmd = [java, f"-Xmx{heap}", *JVM_OPENS, "-cp", _classpath(cache, home_p), ADMIN_CLASS, *args]
    env = dict(os.environ, NEO4J_HOME=str(home_p), NEO4J_CONF=str(home_p / "conf"))
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout)


def _set_initial_password(java: str, cache: Path, home: Path, password: str) -> None:
    if (home / "data" / "dbms" / "auth.ini").exists():
        return  # the password was set on an earlier start; Neo4j keeps it in data/dbms
    cmd = [java, "-Xmx256m", *JVM_OPENS, "-cp", _classpath(cache, home), ADMIN_CLASS]
    cmd += ["dbms", "set-initial-password", password]
    env = dict(os.environ, NEO4J_HOME=str(home), NEO4J_CONF=str(home / "conf"))
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    if proc.returncode != 0:
        raise Neo4jError(
            f"neo4j-admin dbms set-initial-password failed:\n{(proc.stdout + proc.stderr)[-2000:]}"
        )


def start(
    home: str | os.PathLike | None = None,
    *,
    bolt_port: int | None = None,
    http_port: int | None = None,
    password: str | None = None,
    heap: str = "512m",
    pagecache: str = "64m",
    cache: str | os.PathLike | None = None,
    timeout: float = 180,
    foreground: bool = False,
    plugins: tuple[str, ...] | list[str] = (),
    settings: dict[str, object] | None = None,
) -> Server:
    """Start a Neo4j server on 127.0.0.1 and wait until Bolt answers.

    ``plugins``: names of :data:`PLUGINS` to load (``"gds"``: Graph Data Science, fetched by
    :func:`assemble_gds`); ``settings``: more neo4j.conf settings (they override scholargraph's own). Settings
    found in an existing neo4j.conf that neither sets stay as they are.

    ``home`` defaults to a new temporary directory; ports default to free ones; ``password=None`` disables
    authentication (for throwaway test servers), otherwise it is set as the initial password of user ``neo4j``
    (it must be at least 8 characters). The server runs in its own process group and outlives the caller until
    :func:`stop`; with ``foreground=True`` this call blocks until the server exits (Ctrl-C stops it).
    """
    if password is not None and len(password) < 8:
        raise Neo4jError(f"password must have at least 8 characters (Neo4j's minimum), got {len(password)}")
    root = assemble(cache)
    java = find_java()
    plugins = tuple(plugins)
    plugin_dirs = _plugin_dirs(plugins, cache)
    home_p = Path(home) if home is not None else Path(tempfile.mkdtemp(prefix="scholargraph-neo4j-"))
    home_p = home_p.resolve()
    old = _read_state(home_p)
    if old is not None and old.alive():
        raise Neo4jError(
            f"a Neo4j server (pid {old.pid}) is already running in {home_p} on {old.uri}. "
            f"How to fix: use it, or stop it with 'scholargraph neo4j server stop --home {home_p}'"
        )
    for d in ("conf", "data", "logs", "run", "plugins", "import"):
        (home_p / d).mkdir(parents=True, exist_ok=True)
    bolt_port = bolt_port or free_port()
    http_port = http_port or free_port()
    extra: dict[str, object] = {}
    for name in plugins:
        extra.update(_PLUGIN_SETTINGS[name])
    extra.update(settings or {})
    conf = render_conf(
        home_p,
        bolt_port=bolt_port,
        http_port=http_port,
        auth=password is not None,
        pagecache=pagecache,
        extra=extra,
    )
    conf_path = home_p / "conf" / "neo4j.conf"
    conf_path.write_text(_merged_conf(conf_path, conf), encoding="utf-8")
    _link_plugins(home_p, plugin_dirs)
    if password is not None:
        _set_initial_password(java, root, home_p, password)
    classpath = _classpath(root, home_p, tuple(d / "lib" for d in plugin_dirs))
    cmd = [java, "-Xms256m", f"-Xmx{heap}", *JVM_OPENS, "-XX:+UseG1GC", "-XX:-OmitStackTraceInFastThrow"]
    cmd += ["-Dfile.encoding=UTF-8", "-cp", classpath, MAIN_CLASS]
    cmd += [f"--home-dir={home_p}", f"--config-dir={home_p / 'conf'}"]
    env = dict(os.environ, NEO4J_HOME=str(home_p), NEO4J_CONF=str(home_p / "conf"))
    t0 = time.monotonic()
    console = open(home_p / "logs" / "console.log", "ab")  # noqa: SIM115 - handed to the child process
    try:
        proc = subprocess.Popen(
            cmd,
            stdout=console,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
    finally:
        console.close()
    server = Server(str(home_p), bolt_port, http_port, password, proc.pid, plugins=list(plugins))
    _state_path(home_p).write_text(json.dumps({**asdict(server), "password": None}), encoding="utf-8")
    try:
        wait_ready(server, timeout=timeout)
    except BaseException:
        kill(server)
        raise
    server.startup_s = time.monotonic() - t0
    if foreground:
        try:
            proc.wait()
        except KeyboardInterrupt:
            stop(home_p)
    return server


def _conf_value(home: Path, key: str) -> str | None:
    path = home / "conf" / "neo4j.conf"
    if not path.exists():
        return None
    for line in path.read_text(encoding="utf-8").splitlines():
        k, sep, v = line.partition("=")
        if sep and k.strip() == key:
            return v.strip()
    return None


def restart(home: str | os.PathLike, *, password: str | None = None, timeout: float = 180) -> Server:
    """Stop the server recorded in ``home`` and start it again on the same ports with the same plugins and the
    same authentication setting (the password stays in the home's data; give it as ``password`` to have it in
    the returned Server)."""
    home_p = Path(home).resolve()
    old = _read_state(home_p)
    if old is None:
        raise Neo4jError(
            f"no server was started in {home_p}; start one with 'scholargraph neo4j server start'"
        )
    stop(home_p)
    auth = _conf_value(home_p, "dbms.security.auth_enabled") or "false"
    server = start(home_p, bolt_port=old.bolt_port, http_port=old.http_port, plugins=tuple(old.plugins),
                   settings={"dbms.security.auth_enabled": auth}, timeout=timeout)  # fmt: skip
    server.password = password if auth == "true" else None
    return server


def import_graph(
    kg: object,
    home: str | os.PathLike,
    *,
    database: str = "neo4j",
    restart_server: bool = False,
    heap: str = "1g",
    password: str | None = None,
) -> dict:
    """Bulk-load ``kg`` (a KnowledgeGraph) into ``database`` of the server in ``home`` with ``neo4j-admin
    database import full``, replacing what the database held: the CSV files of
    :func:`scholargraph.graph.exports.write_neo4j_csv` go to ``home/import/`` and are removed afterwards.

    The database must be stopped: a running server is refused unless ``restart_server`` (then it is stopped,
    and started again after the import). Returns rows (nodes + relationships), seconds (the import alone),
    rows_per_s, and ``server`` (the restarted Server, or None). Key constraints and indexes are not created by
    the import: :func:`scholargraph.neo4j.client.ensure_schema` (the CLI runs it after a restart).
    """
    from ..graph.exports import write_neo4j_csv

    home_p = Path(home).resolve()
    if not (home_p / "conf" / "neo4j.conf").exists():
        raise Neo4jError(
            f"no Neo4j server home at {home_p} (no conf/neo4j.conf). How to fix: start a server there once "
            f"('scholargraph neo4j server start --home {home_p}'), then import"
        )
    running = _read_state(home_p)
    running = running if running is not None and running.alive() else None
    if running is not None and not restart_server:
        raise Neo4jError(
            f"the Neo4j server in {home_p} is running (pid {running.pid}); neo4j-admin imports into a stopped "
            f"database. How to fix: stop it ('scholargraph neo4j server stop --home {home_p}') or pass --restart"
        )
    if running is not None:
        stop(home_p)
    out = Path(tempfile.mkdtemp(prefix="scholargraph-import-", dir=home_p / "import"))
    try:
        csv = write_neo4j_csv(kg, out)  # type: ignore[arg-type]
        t0 = time.monotonic()
        proc = admin(home_p, "database", "import", "full", database, *csv["args"], cwd=out, heap=heap)
        secs = time.monotonic() - t0
    finally:
        shutil.rmtree(out, ignore_errors=True)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise Neo4jError(f"neo4j-admin database import full failed (exit {proc.returncode}):\n{tail}")
    counts = kg.counts()  # type: ignore[attr-defined]
    rows = sum(counts["nodes"].values()) + sum(counts["edges"].values())
    server = restart(home_p, password=password) if running is not None else None
    return {"rows": rows, "seconds": secs, "rows_per_s": rows / secs if secs else None, "server": server}


def kill(server: Server) -> None:
    """End the server at once (SIGKILL), as a crash would; its data files stay as they are."""
    if server.pid is None:
        return
    try:
        os.kill(server.pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    _reap(server.pid, 30)


def _reap(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done == pid:
                return True
        except ChildProcessError:
            if not _pid_alive(pid):
                return True
        time.sleep(0.1)
    return False


def stop(home: str | os.PathLike, timeout: float = 60) -> bool:
    """Stop the server recorded in ``home`` (SIGTERM, then SIGKILL after ``timeout``); False if none ran."""
    home_p = Path(home).resolve()
    server = _read_state(home_p)
    if server is None or not server.alive():
        return False
    os.kill(server.pid, signal.SIGTERM)
    if not _reap(server.pid, timeout):
        kill(server)
    return True


def status(home: str | os.PathLike) -> dict:
    """What is recorded for the server in ``home``: ports, uri, pid, whether it runs, its RSS."""
    home_p = Path(home).resolve()
    server = _read_state(home_p)
    if server is None:
        return {"home": str(home_p), "running": False, "reason": "no server was started in this home"}
    running = server.alive()
    return {
        "home": str(home_p),
        "running": running,
        "pid": server.pid,
        "uri": server.uri,
        "browser": server.browser_url,
        "rss_mb": rss_mb(server.pid) if running else None,
    }

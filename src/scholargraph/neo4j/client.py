"""Push a :class:`~scholargraph.graph.kg.KnowledgeGraph` to Neo4j and pull it (or a subgraph) back.

* :func:`connect` opens a driver from arguments or ``NEO4J_URI``, ``NEO4J_USERNAME``, ``NEO4J_PASSWORD``,
  ``NEO4J_DATABASE`` and checks that the server answers, accepts the credentials and has the database.
* :func:`push` creates the uniqueness constraints and indexes, then writes nodes and relationships in
  ``UNWIND $rows AS row MERGE ... SET ...`` batches, each in a managed write transaction (retried on transient
  errors). Pushing is idempotent and incremental: pushing the same graph twice changes nothing, a larger graph
  adds only what is new, and a push cut short (server died) completes when run again, with no duplicates.
* :func:`pull` rebuilds the whole graph (lossless: ``pull(...) == kg``) or a subgraph: a community, a topic's
  neighbourhood, a year range, some labels.

How values are stored (see ``schema.NODE_PROPERTIES`` / ``EDGE_PROPERTIES``): ``date`` properties become Neo4j
dates at the first day of their period (the period is the ``date_precision`` property); ``list[str]`` lists;
``json`` properties (MENTIONS ``evidence``) JSON strings. A user's own properties (``user_`` prefix, any JSON
value) are stored as they are when Neo4j can hold them, otherwise as JSON strings whose names are listed in the
``sg_json`` property, so they come back unchanged. A pulled graph enters through KnowledgeGraph's validated
bulk methods, like a built or loaded one.

>>> encode_props("Paper", {"label": "Paper", "key": "k", "date": "2024-02", "date_precision": "month"})["date"]
neo4j.time.Date(2024, 2, 1)
>>> decode_props("Paper", encode_props("Paper", {"key": "k", "date": "2024", "date_precision": "year"}))
{'key': 'k', 'date': '2024', 'date_precision': 'year'}
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError, Neo4jError
from ..graph import schema
from ..graph.kg import KnowledgeGraph
from . import cypher

if TYPE_CHECKING:
    import neo4j

__all__ = [
    "connect",
    "push",
    "pull",
    "encode_props",
    "decode_props",
    "counts",
    "clear",
    "ensure_schema",
    "DEFAULT_URI",
]

DEFAULT_URI = "bolt://127.0.0.1:7687"
JSON_MARK = "sg_json"  # names of properties stored as JSON strings that the schema does not declare as json
_PERIOD_PARTS = {"year": 1, "month": 2, "day": 3}
_HOW_TO_START = "start one with 'scholargraph neo4j server start' or set NEO4J_URI to your server"


# ----------------------------------------------------------------------------------------------- values
def _to_date(text: str, precision: Any) -> Any:
    """A neo4j Date for 'YYYY' / 'YYYY-MM' / 'YYYY-MM-DD' whose shape matches ``precision``, else None."""
    from neo4j.time import Date

    parts = str(text).split("-")
    if (
        _PERIOD_PARTS.get(precision) != len(parts)
        or not all(p.isdigit() for p in parts)
        or len(parts[0]) != 4
    ):
        return None
    nums = [int(p) for p in parts] + [1] * (3 - len(parts))
    try:
        return Date(*nums)
    except ValueError:
        return None


def _native(value: Any) -> bool:
    """Can Neo4j store this value as a property as it is (and give the same value back)?"""
    if isinstance(value, bool | int | str):
        return not isinstance(value, int) or -(2**63) <= value < 2**63
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list) and value:
        kinds = {type(x) for x in value}
        return len(kinds) == 1 and kinds <= {str, bool, int, float} and all(_native(x) for x in value)
    return False


def _coerce(ptype: str, value: Any) -> Any:
    """An integral float for an "int" property becomes int, an int for a "float" property float; else as is."""
    if isinstance(value, bool):
        return value
    if ptype == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    if ptype == "float" and isinstance(value, int):
        return float(value)
    return value


def encode_props(kind: str, attrs: dict[str, Any]) -> dict[str, Any]:
    """The Neo4j properties of a node (``kind`` = label) or relationship (``kind`` = type) from its attributes.

    Drops ``label`` / ``type`` (they become the Neo4j label / type) and ``None`` values.
    """
    types = schema.NODE_PROPERTIES.get(kind) or schema.EDGE_PROPERTIES.get(kind, {})
    out: dict[str, Any] = {}
    marked: list[str] = []
    for name, value in attrs.items():
        if (
            value is None
            or (name == "label" and kind in schema.LABELS)
            or (name == "type" and kind not in schema.LABELS)
        ):
            continue
        ptype = types.get(name)
        if ptype == "json":
            out[name] = json.dumps(value, ensure_ascii=False, sort_keys=True)
            continue
        if ptype == "date":
            d = _to_date(value, attrs.get(f"{name}_precision"))
            if d is not None:
                out[name] = d
                continue
        if ptype in ("int", "float"):
            value = _coerce(ptype, value)
        if isinstance(value, tuple):
            value = list(value)
        if _native(value):
            out[name] = value
        else:  # empty list, nested data, mixed list, inf/nan, huge int: JSON keeps it exactly
            out[name] = json.dumps(value, ensure_ascii=False, sort_keys=True)
            marked.append(name)
    if marked:
        out[JSON_MARK] = sorted(marked)
    return out


def decode_props(kind: str, props: dict[str, Any]) -> dict[str, Any]:
    """Inverse of :func:`encode_props` (without the label / type attribute)."""
    from neo4j.time import Date

    types = schema.NODE_PROPERTIES.get(kind) or schema.EDGE_PROPERTIES.get(kind, {})
    marked = set(props.get(JSON_MARK) or ())
    out: dict[str, Any] = {}
    for name, value in props.items():
        if name == JSON_MARK:
            continue
        ptype = types.get(name)
        if (ptype == "json" or name in marked) and isinstance(value, str):
            value = json.loads(value)
        elif isinstance(value, Date):
            parts = _PERIOD_PARTS.get(props.get(f"{name}_precision"), 3)
            value = value.iso_format()[: {1: 4, 2: 7, 3: 10}[parts]]
        out[name] = value
    return out


# ---------------------------------------------------------------------------------------------- driver
def connect(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    **config: Any,
) -> neo4j.Driver:
    """A verified ``neo4j.Driver``; arguments default to NEO4J_URI (else bolt://127.0.0.1:7687),
    NEO4J_USERNAME (else ``neo4j``), NEO4J_PASSWORD (else no authentication) and NEO4J_DATABASE.

    ``config`` goes to ``GraphDatabase.driver`` (e.g. ``max_transaction_retry_time=5``). Raises Neo4jError
    saying how to fix an unreachable server, refused credentials or a missing database.
    """
    import neo4j

    uri = uri or os.environ.get("NEO4J_URI") or DEFAULT_URI
    user = user or os.environ.get("NEO4J_USERNAME") or os.environ.get("NEO4J_USER") or "neo4j"
    password = password if password is not None else os.environ.get("NEO4J_PASSWORD")
    database = database or os.environ.get("NEO4J_DATABASE") or None
    auth = (user, password) if password is not None else None
    config.setdefault("connection_timeout", 15)
    config.setdefault("max_transaction_retry_time", 15)
    config.setdefault("notifications_min_severity", "OFF")
    try:
        driver = neo4j.GraphDatabase.driver(uri, auth=auth, **config)
    except (ValueError, neo4j.exceptions.ConfigurationError) as e:
        raise Neo4jError(
            f"invalid Neo4j URI {uri!r} ({e}). How to fix: use e.g. bolt://127.0.0.1:7687"
        ) from None
    try:
        driver.verify_connectivity()
        with driver.session(database=database, notifications_min_severity="OFF") as s:
            s.run(cypher.PING).consume()
    except Exception as e:
        driver.close()
        raise _translate(e, uri=uri, user=user, database=database, auth=auth is not None) from None
    return driver


def _translate(
    e: Exception,
    *,
    uri: str = "Neo4j",
    user: str = "neo4j",
    database: str | None = None,
    auth: bool = True,
    doing: str = "connecting",
) -> Neo4jError:
    """One clear Neo4jError (what happened and how to fix it) for a driver exception."""
    import neo4j.exceptions as ex

    if isinstance(e, Neo4jError):
        return e
    if isinstance(e, ex.AuthError):
        how = (
            "set NEO4J_PASSWORD (or --password)"
            if not auth
            else "check NEO4J_USERNAME/NEO4J_PASSWORD (or --user/--password)"
        )
        return Neo4jError(f"Neo4j at {uri} refused the credentials of user {user!r}. How to fix: {how}")
    code = getattr(e, "code", None) or ""
    if "DatabaseNotFound" in code or "database does not exist" in str(e).lower():
        return Neo4jError(
            f"Neo4j at {uri} has no database {database!r}. How to fix: omit --database/NEO4J_DATABASE to use the "
            "default one (Community Edition has only 'neo4j'), or create it"
        )
    if isinstance(e, ex.ServiceUnavailable | ex.SessionExpired | OSError) or "connection" in str(e).lower():
        if doing == "connecting":
            return Neo4jError(
                f"cannot reach Neo4j at {uri} ({type(e).__name__}). How to fix: {_HOW_TO_START}"
            )
        return Neo4jError(
            f"lost the connection to Neo4j at {uri} while {doing} ({type(e).__name__}). How to fix: make sure the "
            "server runs, then run the same command again: it completes the job without duplicates"
        )
    return Neo4jError(f"Neo4j at {uri} failed while {doing}: {type(e).__name__}: {e}")


def _uri_of(driver: neo4j.Driver) -> str:
    try:
        addr = driver.get_server_info().address  # pragma: no cover - needs a live server
    except Exception:
        return "Neo4j"
    return f"{addr[0]}:{addr[1]}"


# ------------------------------------------------------------------------------------------------ push
def _check_batch_size(batch_size: int) -> int:
    if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size < 1:
        raise ConfigError(f"batch_size must be a positive integer, got {batch_size!r}")
    return batch_size


def _node_rows(kg: KnowledgeGraph) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {lab: [] for lab in schema.LABELS}
    for nid, d in kg.graph.nodes(data=True):
        lab = d.get("label")
        if lab not in rows:
            raise ConfigError(f"node {nid!r} has label {lab!r}; allowed labels are {schema.LABELS}")
        key = d.get(schema.KEY)
        if not isinstance(key, str) or not key:
            raise ConfigError(f"node {nid!r} has no text 'key' attribute (got {key!r}); every node needs one")
        rows[lab].append({"key": key, "props": encode_props(lab, d)})
    for lab in rows:
        rows[lab].sort(key=lambda r: r["key"])
    return rows


def _rel_rows(kg: KnowledgeGraph) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {t: [] for t in schema.RELATIONSHIPS}
    g = kg.graph
    for u, v, d in g.edges(data=True):
        t = d.get("type")
        if t not in rows:
            raise ConfigError(f"relationship {u!r} -> {v!r} has type {t!r}; allowed types are {sorted(rows)}")
        start, end = schema.RELATIONSHIPS[t]
        if g.nodes[u].get("label") != start or g.nodes[v].get("label") != end:
            raise ConfigError(f"{t} must go from a {start} to a {end} node, got {u!r} -> {v!r}")
        rows[t].append({"start": g.nodes[u]["key"], "end": g.nodes[v]["key"], "props": encode_props(t, d)})
    for t in rows:
        rows[t].sort(key=lambda r: (r["start"], r["end"]))
    return rows


def _batches(rows: list[dict], size: int) -> Iterable[list[dict]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def push(
    kg: KnowledgeGraph,
    driver: neo4j.Driver,
    database: str | None = None,
    batch_size: int = 1000,
    progress: bool | Callable[[str, int, int], Any] | None = None,
) -> dict[str, Any]:
    """Write ``kg`` into Neo4j (create-or-update); returns counts of rows written and batches.

    ``progress``: None shows a tqdm bar on a terminal, False none; a callable is called after every batch with
    (what, rows done, rows total), e.g. ``("Paper", 1000, 52000)``. ``database``: None is the server's default
    database (the environment is read by :func:`connect` and the CLI only, never here).
    """
    batch_size = _check_batch_size(batch_size)
    nodes, rels = _node_rows(kg), _rel_rows(kg)
    total = sum(map(len, nodes.values())) + sum(map(len, rels.values()))
    bar = None
    if progress is None or progress is True:
        from .._progress import bar as progress_bar

        bar = progress_bar(total=total, unit="row", desc="neo4j push", progress=progress)
    done, batches = 0, 0
    uri = _uri_of(driver)

    def step(what: str, n: int) -> None:
        nonlocal done, batches
        done += n
        batches += 1
        if bar is not None:
            bar.set_postfix_str(what, refresh=False)
            bar.update(n)
        elif callable(progress):
            progress(what, done, total)

    try:
        with driver.session(database=database, notifications_min_severity="OFF") as session:
            _schema(session)
            for lab in schema.LABELS:
                stmt = cypher.merge_nodes(lab)
                for chunk in _batches(nodes[lab], batch_size):
                    session.execute_write(_run_write, stmt, chunk)
                    step(lab, len(chunk))
            for t in schema.RELATIONSHIPS:
                stmt = cypher.merge_rels(t)
                for chunk in _batches(rels[t], batch_size):
                    matched = session.execute_write(_run_write, stmt, chunk)
                    if matched != len(chunk):
                        raise Neo4jError(
                            f"{len(chunk) - matched} {t} relationships found no end node in Neo4j (batch at row "
                            f"{done}). How to fix: push the whole graph again (nodes are written first)"
                        )
                    step(t, len(chunk))
    except Neo4jError:
        raise
    except Exception as e:
        import neo4j.exceptions as ex

        if isinstance(e, ex.Neo4jError | ex.DriverError | OSError):
            raise _translate(
                e, uri=uri, database=database, doing=f"pushing (after {done} of {total} rows)"
            ) from None
        raise
    finally:
        if bar is not None:
            bar.close()
    return {
        "rows": done,
        "total": total,
        "batches": batches,
        "nodes": {k: len(v) for k, v in nodes.items()},
        "relationships": {k: len(v) for k, v in rels.items()},
    }


def _schema(session: Any) -> None:
    for lab in schema.LABELS:
        session.run(cypher.constraint(lab)).consume()
        for prop in cypher.INDEXED_PROPERTIES.get(lab, ()):
            session.run(cypher.index(lab, prop)).consume()


def ensure_schema(driver: neo4j.Driver, database: str | None = None) -> None:
    """Create the key constraints and indexes :func:`push` relies on (idempotent): after a bulk import, which
    creates none, so that later pushes and pulls find nodes by key through an index."""
    with driver.session(database=database, notifications_min_severity="OFF") as session:
        _schema(session)


def _run_write(tx: Any, stmt: str, rows: list[dict]) -> int:
    rec = tx.run(stmt, rows=rows).single()
    return rec["n"] if rec is not None and "n" in rec.keys() else len(rows)


# ------------------------------------------------------------------------------------------------ pull
def _read(session: Any, stmt: str, **params: Any) -> list[dict]:
    return session.execute_read(lambda tx: [r.data() for r in tx.run(stmt, **params)])


def pull(
    driver: neo4j.Driver,
    database: str | None = None,
    *,
    labels: Iterable[str] | None = None,
    community: Any = None,
    topic: str | int | None = None,
    years: tuple[int, int] | None = None,
) -> KnowledgeGraph:
    """Rebuild a KnowledgeGraph from Neo4j: the whole graph, or the subgraph the filters select.

    Filters (all given must hold) choose seed papers: ``community`` (value of the Paper ``community``
    property), ``topic`` (a Topic key: papers with HAS_TOPIC to it; the topic and its concepts are added),
    ``years`` (inclusive ``(from, to)``). The subgraph is the seed papers, their authors, venues, topics and
    concepts, and every relationship among those nodes. ``labels`` keeps only nodes with these labels.
    ``database``: None is the server's default database.
    """
    wanted = tuple(labels) if labels is not None else schema.LABELS
    bad = [lab for lab in wanted if lab not in schema.LABELS]
    if bad:
        raise ConfigError(f"labels must be among {schema.LABELS}, got {bad}")
    if years is not None:
        if len(tuple(years)) != 2 or not all(isinstance(y, int) for y in years) or years[0] > years[1]:
            raise ConfigError(f"years must be (first, last) integers with first <= last, got {years!r}")
    filtered = community is not None or topic is not None or years is not None
    kg = KnowledgeGraph()
    try:
        with driver.session(database=database, notifications_min_severity="OFF") as s:
            keys: dict[str, set[str]] | None = None
            if filtered:
                keys = _subgraph_keys(
                    s, community=community, topic=None if topic is None else str(topic), years=years
                )
            for lab in schema.LABELS:
                if lab not in wanted:
                    continue
                if keys is None:
                    rows = _read(s, cypher.nodes_of(lab))
                else:
                    rows = _read(s, cypher.nodes_by_keys(lab), keys=sorted(keys[lab]))
                kg.add_nodes_from(
                    lab,
                    ((r["key"], decode_props(lab, r["props"])) for r in sorted(rows, key=lambda r: r["key"])),
                )
            rels = []
            for t, (start, end) in schema.RELATIONSHIPS.items():
                if start not in wanted or end not in wanted:
                    continue
                if keys is None:
                    rows = _read(s, cypher.rels_of(t))
                else:
                    rows = _read(s, cypher.rels_among(t), starts=sorted(keys[start]), ends=sorted(keys[end]))
                rels += [
                    (t, schema.node_id(start, r["start"]), schema.node_id(end, r["end"]), r["props"])
                    for r in rows
                ]
            rels.sort(key=lambda x: x[:3])
            for t in sorted({t for t, _, _, _ in rels}):
                kg.add_edges_from(t, ((u, v, decode_props(t, p)) for tt, u, v, p in rels if tt == t))
    except (Neo4jError, ConfigError):
        raise
    except Exception as e:
        import neo4j.exceptions as ex

        if isinstance(e, ex.Neo4jError | ex.DriverError | OSError):
            raise _translate(e, uri=_uri_of(driver), database=database, doing="pulling") from None
        raise
    return kg


def _subgraph_keys(
    s: Any, *, community: Any, topic: str | None, years: tuple[int, int] | None
) -> dict[str, set[str]]:
    params: dict[str, Any] = {}
    if community is not None:
        params["community"] = community
    if topic is not None:
        params["topic"] = topic
    if years is not None:
        params["year_from"], params["year_to"] = int(years[0]), int(years[1])
    stmt = cypher.seed_papers(
        community=community is not None, topic=topic is not None, years=years is not None
    )
    papers = sorted(r["key"] for r in _read(s, stmt, **params))
    keys: dict[str, set[str]] = {lab: set() for lab in schema.LABELS}
    keys[schema.PAPER] = set(papers)
    for t, (start, end) in schema.RELATIONSHIPS.items():
        if schema.PAPER not in (start, end) or start == end:
            continue
        other = end if start == schema.PAPER else start
        keys[other] |= {r["key"] for r in _read(s, cypher.neighbours_of_papers(t), keys=papers)}
    if topic is not None:
        keys[schema.TOPIC].add(topic)
        keys[schema.CONCEPT] |= {r["key"] for r in _read(s, cypher.topic_concepts(), topic=topic)}
    return keys


# ------------------------------------------------------------------------------------------------ utils
def counts(driver: neo4j.Driver, database: str | None = None) -> dict[str, dict[str, int]]:
    """Nodes per label and relationships per type in the database (same shape as ``KnowledgeGraph.counts()``)."""
    with driver.session(database=database, notifications_min_severity="OFF") as s:
        nodes = {r["label"]: r["n"] for r in _read(s, cypher.COUNT_NODES)}
        rels = {r["type"]: r["n"] for r in _read(s, cypher.COUNT_RELS)}
    return {"nodes": nodes, "edges": rels}


def clear(driver: neo4j.Driver, database: str | None = None) -> None:
    """Delete every node and relationship (constraints and indexes stay)."""
    with driver.session(database=database, notifications_min_severity="OFF") as s:
        s.run(cypher.DELETE_ALL).consume()  # batched deletes need an auto-commit transaction

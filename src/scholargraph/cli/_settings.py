"""Settings from a TOML file and SCHOLARGRAPH_* environment variables.

Precedence: command-line flag > environment variable > TOML file > the command's default. A TOML file has one
table per command, e.g.::

    [build]
    model = "en_core_web_sm"
    n_process = 2

    [neo4j]
    uri = "bolt://127.0.0.1:7687"

The variable for a setting is ``SCHOLARGRAPH_<COMMAND>_<NAME>`` (e.g. ``SCHOLARGRAPH_BUILD_N_PROCESS=2``).
"""

from __future__ import annotations

import argparse
import os
import tomllib
from pathlib import Path

from ..errors import ConfigError


def _coerce(value: str, default: object) -> object:
    if isinstance(default, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    return value


def apply_settings(args: argparse.Namespace) -> None:
    """Fill the command's settings the user did not give on the command line.

    A command declares its settings with ``parser.set_defaults(_settings={"name": default, ...})`` and gives
    those options a command-line default of ``None``; here each ``None`` is filled from the environment, then
    the TOML file, then the declared default.
    """
    settings: dict[str, object] = getattr(args, "_settings", None) or {}
    table: dict[str, object] = {}
    path = args.config or os.environ.get("SCHOLARGRAPH_CONFIG")
    if path:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(
                f"settings file {path} does not exist; pass an existing TOML file to --config"
            ) from None
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"settings file {path} is not valid TOML: {e}") from None
        section = data.get(args.command, {})
        table = section if isinstance(section, dict) else {}
    for name, default in settings.items():
        if getattr(args, name, None) is not None:
            continue
        var = f"SCHOLARGRAPH_{args.command.upper()}_{name.upper()}"
        env = os.environ.get(var)
        if env is not None:
            try:
                setattr(args, name, _coerce(env, default))
            except ValueError:
                raise ConfigError(f"{var} must be like {default!r}, got {env!r}") from None
        elif name in table:
            setattr(args, name, table[name])
        else:
            setattr(args, name, default)

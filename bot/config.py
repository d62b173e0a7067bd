"""The bot's configuration file (config.yaml): loading and validation.

Every problem is reported in Danish and names the key, so a wrong config gives
one clear line instead of a crash later. The Discord token is never stored
here: the config only names the environment variable that holds it.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
KEYS = (
    "knowledge", "guilds", "question_channels", "extra_results", "admin_role",
    "cooldown", "database", "log_level", "token_env", "kommune",
)
DEFAULT_DATABASE = Path("kkrbot.sqlite3")


class ConfigError(Exception):
    """A config file that cannot be read or is not valid."""


@dataclass
class Cooldown:
    """Questions per member as a token bucket: `burst` at once, then `per_minute` more each minute."""

    burst: int = 10
    per_minute: float = 3.0


@dataclass
class Config:
    """The validated configuration of one bot."""

    knowledge: Path | None = None  # None: the command line's default
    guilds: list[int] = field(default_factory=list)
    question_channels: list[int] = field(default_factory=list)
    extra_results: int = 3
    admin_role: int | str | None = None  # role id or role name
    cooldown: Cooldown | None = field(default_factory=Cooldown)  # None: no limit
    database: Path = DEFAULT_DATABASE  # the bot's own state (reports, …): SQLite
    log_level: str = "INFO"
    token_env: str = "DISCORD_TOKEN"
    kommune: str | None = None  # the municipality `kkrbot ingest` gives meetings whose source doesn't name it

    @property
    def message_content(self) -> bool:
        """Whether the privileged message-content intent is needed (plain-question channels)."""
        return bool(self.question_channels)

    def token(self, environ: dict[str, str] | None = None) -> str | None:
        """The Discord token from the environment variable the config names (None if unset)."""
        value = (os.environ if environ is None else environ).get(self.token_env, "").strip()
        return value or None


def _ids(value: Any, key: str) -> list[int]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ConfigError(f"{key}: skal være en liste af id'er (tal), fik {value!r}")
    ids = []
    for i, raw in enumerate(value):
        text = str(raw).strip()
        if isinstance(raw, bool) or not text.isdigit():
            raise ConfigError(f"{key}[{i}]: skal være et id (kun cifre), fik {raw!r}")
        ids.append(int(text))
    return ids


def _int(value: Any, key: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(f"{key}: skal være et helt tal mellem {low} og {high}, fik {value!r}")
    return value


def _path(value: Any, key: str, what: str, base: Path | None) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{key}: skal være {what}, fik {value!r}")
    path = Path(value)
    return base / path if base is not None and not path.is_absolute() else path


def _knowledge(value: Any, base: Path | None) -> Path:
    return _path(value, "knowledge", "en mappe", base)


def _database(value: Any, base: Path | None) -> Path:
    return _path(value, "database", "en filsti, fx kkrbot.sqlite3", base)


def _admin_role(role: Any, base: Path | None) -> int | str:
    if isinstance(role, bool) or not isinstance(role, (int, str)) or not str(role).strip():
        raise ConfigError(f"admin_role: skal være et rolle-id eller et rollenavn, fik {role!r}")
    return int(role) if str(role).strip().isdigit() else str(role).strip()


def _cooldown(value: Any, base: Path | None) -> Cooldown | None:
    if value is False:
        return None
    if isinstance(value, dict) and {"rate", "per"} & set(value):
        raise ConfigError("cooldown: rate og per er afløst af burst og per_minute (se config.example.yaml)")
    if not isinstance(value, dict) or set(value) - {"burst", "per_minute"}:
        raise ConfigError("cooldown: skal have formen {burst: <spørgsmål på én gang>, "
                          "per_minute: <nye spørgsmål i minuttet>}, eller false for ingen grænse")
    default = Cooldown()
    burst = _int(value.get("burst", default.burst), "cooldown.burst", 1, 1000)
    per_minute = value.get("per_minute", default.per_minute)
    if isinstance(per_minute, bool) or not isinstance(per_minute, (int, float)) or not 0 < per_minute <= 1000:
        raise ConfigError(f"cooldown.per_minute: skal være et tal over 0 og højst 1000, fik {per_minute!r}")
    return Cooldown(burst, float(per_minute))


def _log_level(level: Any, base: Path | None) -> str:
    if str(level).upper() not in LOG_LEVELS:
        raise ConfigError(f"log_level: skal være en af {', '.join(LOG_LEVELS)}, fik {level!r}")
    return str(level).upper()


def _token_env(name: Any, base: Path | None) -> str:
    if not isinstance(name, str) or not name.strip() or not name.replace("_", "").isalnum():
        raise ConfigError(f"token_env: skal være navnet på en miljøvariabel, fx DISCORD_TOKEN, fik {name!r}")
    return name.strip()


def _kommune(value: Any) -> str | None:
    """The `kommune` key: a municipality's name, or None when unset."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"kommune: skal være kommunens navn, fx 'Greve Kommune', fik {value!r}")
    return value.strip()


# Each key's parser: (the YAML value, the config file's directory) -> the Config field's value.
_PARSERS: dict[str, Callable[[Any, Path | None], Any]] = {
    "knowledge": _knowledge,
    "guilds": lambda value, _: _ids(value, "guilds"),
    "question_channels": lambda value, _: _ids(value, "question_channels"),
    "extra_results": lambda value, _: _int(value, "extra_results", 0, 10),
    "admin_role": _admin_role,
    "cooldown": _cooldown,
    "database": _database,
    "log_level": _log_level,
    "token_env": _token_env,
    "kommune": lambda value, _: _kommune(value),
}


def parse_config(data: Any, base: Path | None = None) -> Config:
    """A Config from a parsed YAML mapping; relative paths are resolved against `base`."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("filen skal være en YAML-mapping (nøgle: værdi)")
    unknown = sorted(str(k) for k in data if k not in KEYS)
    if unknown:
        raise ConfigError(f"ukendt nøgle: {', '.join(unknown)} (kendte nøgler: {', '.join(KEYS)})")
    config = Config()
    if base is not None:
        config.database = base / config.database
    for key in KEYS:
        if data.get(key) is not None:  # null means "the default", as if the key were left out
            setattr(config, key, _PARSERS[key](data[key], base))
    return config


def load_config(path: Path | None) -> Config:
    """Read and validate a config file; None gives the defaults. Errors name the file."""
    if path is None:
        return Config()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: konfigurationsfilen findes ikke (kopiér config.example.yaml)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: kan ikke læses: {exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (linje {mark.line + 1})" if mark else ""
        raise ConfigError(f"{path}{where}: ugyldig YAML: {getattr(exc, 'problem', exc)}") from None
    try:
        return parse_config(data, base=path.resolve().parent)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None


def log_level(config: Config) -> int:
    """The numeric logging level of the config."""
    return getattr(logging, config.log_level)

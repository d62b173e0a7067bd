"""The bot's configuration file (config.yaml): loading and validation.

Every problem is reported in Danish and names the key, so a wrong config gives
one clear line instead of a crash later. The Discord token is never stored
here: the config only names the environment variable that holds it.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
KEYS = (
    "knowledge", "guilds", "question_channels", "extra_results", "admin_role",
    "cooldown", "log_level", "token_env", "kommune",
)


class ConfigError(Exception):
    """A config file that cannot be read or is not valid."""


@dataclass
class Cooldown:
    """At most `rate` questions per user within `per` seconds."""

    rate: int = 3
    per: float = 30.0


@dataclass
class Config:
    """The validated configuration of one bot."""

    knowledge: Path | None = None  # None: the command line's default
    guilds: list[int] = field(default_factory=list)
    question_channels: list[int] = field(default_factory=list)
    extra_results: int = 3
    admin_role: int | str | None = None  # role id or role name
    cooldown: Cooldown = field(default_factory=Cooldown)
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
    if data.get("knowledge") is not None:
        if not isinstance(data["knowledge"], str) or not data["knowledge"].strip():
            raise ConfigError(f"knowledge: skal være en mappe, fik {data['knowledge']!r}")
        config.knowledge = Path(data["knowledge"])
        if base is not None and not config.knowledge.is_absolute():
            config.knowledge = base / config.knowledge
    config.guilds = _ids(data.get("guilds"), "guilds")
    config.question_channels = _ids(data.get("question_channels"), "question_channels")
    if data.get("extra_results") is not None:
        config.extra_results = _int(data["extra_results"], "extra_results", 0, 10)
    role = data.get("admin_role")
    if role is not None:
        if isinstance(role, bool) or not isinstance(role, (int, str)) or not str(role).strip():
            raise ConfigError(f"admin_role: skal være et rolle-id eller et rollenavn, fik {role!r}")
        config.admin_role = int(role) if str(role).strip().isdigit() else str(role).strip()
    cooldown = data.get("cooldown")
    if cooldown is not None:
        if not isinstance(cooldown, dict) or set(cooldown) - {"rate", "per"}:
            raise ConfigError("cooldown: skal have formen {rate: <antal spørgsmål>, per: <sekunder>}")
        rate = _int(cooldown.get("rate", config.cooldown.rate), "cooldown.rate", 1, 1000)
        per = cooldown.get("per", config.cooldown.per)
        if isinstance(per, bool) or not isinstance(per, (int, float)) or not 0 <= per <= 86400:
            raise ConfigError(f"cooldown.per: skal være et antal sekunder mellem 0 og 86400, fik {per!r}")
        config.cooldown = Cooldown(rate, float(per))
    level = data.get("log_level")
    if level is not None:
        if str(level).upper() not in LOG_LEVELS:
            raise ConfigError(f"log_level: skal være en af {', '.join(LOG_LEVELS)}, fik {level!r}")
        config.log_level = str(level).upper()
    name = data.get("token_env")
    if name is not None:
        if not isinstance(name, str) or not name.strip() or not name.replace("_", "").isalnum():
            raise ConfigError(f"token_env: skal være navnet på en miljøvariabel, fx DISCORD_TOKEN, fik {name!r}")
        config.token_env = name.strip()
    config.kommune = _kommune(data.get("kommune"))
    return config


def _kommune(value: Any) -> str | None:
    """The `kommune` key: a municipality's name, or None when unset."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"kommune: skal være kommunens navn, fx 'Greve Kommune', fik {value!r}")
    return value.strip()


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

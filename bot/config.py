"""The bot's configuration file (config.yaml): loading and validation.

Every problem is reported in Danish and names the key, so a wrong config gives
one clear line instead of a crash later. The Discord token is never stored
here: the config only names the environment variable that holds it.
"""
from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
KEYS = (
    "knowledge", "guilds", "question_channels", "extra_results", "admin_role",
    "cooldown", "database", "log_level", "token_env", "kommune",
    "inbox", "inbox_poll_seconds", "news_channel", "dm_retry_minutes", "contact", "fetch", "vectors",
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
class Site:
    """A FirstAgenda Publication site the bot fetches on its schedule (`fetch.sites`)."""

    url: str
    kommune: str | None = None
    udvalg: list[str] = field(default_factory=list)  # empty: every committee
    siden: str | None = None  # YYYY-MM-DD: only meetings from then on


@dataclass
class Fetch:
    """How `kkrbot hent` fetches (politely), and the bot's schedule of it."""

    pause_seconds: float = 1.0  # between two requests to a site
    timeout_seconds: float = 30.0  # per request
    retries: int = 3  # more tries after a 5xx, a timeout or a cut-off reply
    backoff_seconds: float = 2.0  # the first retry waits this long, each next one twice as long
    recheck_days: int = 14  # meetings this recent (or coming) are fetched again each run
    every_hours: float | None = None  # the bot runs `hent` of `sites` this often; None: never
    sites: list[Site] = field(default_factory=list)


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
    inbox: Path | None = None  # a folder the bot ingests dropped referater from; None: no inbox
    inbox_poll_seconds: float = 10.0
    news_channel: int | None = None  # where new meetings' highlights (and problems, for admins) are posted
    dm_retry_minutes: float = 10.0  # a refused notification is tried once more after this
    contact: str | None = None  # named in `hent`'s User-Agent, so a site's operators can reach you
    fetch: Fetch = field(default_factory=Fetch)
    vectors: bool = True  # the inbox and the scheduled hent make the passage vectors of what they write

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


# Each key's parser: (the YAML value, the config file's directory) -> the Config field's value.
def _kommune(value: Any, _base: Path | None = None) -> str:
    """The `kommune` key: a municipality's name."""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"kommune: skal være kommunens navn, fx 'Greve Kommune', fik {value!r}")
    return value.strip()


def _number(value: Any, key: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise ConfigError(f"{key}: skal være et tal mellem {low:g} og {high:g}, fik {value!r}")
    return float(value)


def _bool(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{key}: skal være true eller false, fik {value!r}")
    return value


def _id(value: Any, key: str) -> int:
    text = str(value).strip()
    if isinstance(value, (bool, list, dict)) or not text.isdigit():
        raise ConfigError(f"{key}: skal være ét id (kun cifre), fik {value!r}")
    return int(text)


def _contact(value: Any, _base: Path | None = None) -> str:
    text = str(value).strip() if isinstance(value, str) else ""
    if not text or any(c in text for c in "\r\n()"):
        raise ConfigError(f"contact: skal være en e-mailadresse eller URL på én linje, fx it@kommune.dk, fik {value!r}")
    return text


def _site(value: Any, key: str) -> Site:
    if isinstance(value, str):
        value = {"url": value}
    if not isinstance(value, dict) or set(value) - {"url", "kommune", "udvalg", "siden"} or "url" not in value:
        raise ConfigError(f"{key}: skal have formen {{url: https://dagsordener.kommune.dk, kommune: …, "
                          f"udvalg: [...], siden: ÅÅÅÅ-MM-DD}}")
    url = str(value["url"]).strip()
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"{key}.url: skal være en adresse, der begynder med https://, fik {value['url']!r}")
    udvalg = value.get("udvalg") or []
    if not isinstance(udvalg, list) or not all(isinstance(u, str) and u.strip() for u in udvalg):
        raise ConfigError(f"{key}.udvalg: skal være en liste af udvalgsnavne, fik {udvalg!r}")
    siden = value.get("siden")
    if siden is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(siden)):
        raise ConfigError(f"{key}.siden: skal være en dato ÅÅÅÅ-MM-DD, fik {siden!r}")
    kommune = _kommune(value["kommune"]) if value.get("kommune") is not None else None
    return Site(url.rstrip("/"), kommune, [u.strip() for u in udvalg], str(siden) if siden is not None else None)


_FETCH_KEYS = ("pause_seconds", "timeout_seconds", "retries", "backoff_seconds", "recheck_days", "every_hours",
               "sites")


def _fetch(value: Any, _base: Path | None = None) -> Fetch:
    if not isinstance(value, dict) or set(value) - set(_FETCH_KEYS):
        raise ConfigError(f"fetch: skal være en mapping med nøglerne {', '.join(_FETCH_KEYS)}")
    fetch = Fetch()
    if value.get("pause_seconds") is not None:
        fetch.pause_seconds = _number(value["pause_seconds"], "fetch.pause_seconds", 0, 600)
    if value.get("timeout_seconds") is not None:
        fetch.timeout_seconds = _number(value["timeout_seconds"], "fetch.timeout_seconds", 0.1, 600)
    if value.get("retries") is not None:
        fetch.retries = _int(value["retries"], "fetch.retries", 0, 10)
    if value.get("backoff_seconds") is not None:
        fetch.backoff_seconds = _number(value["backoff_seconds"], "fetch.backoff_seconds", 0, 60)
    if value.get("recheck_days") is not None:
        fetch.recheck_days = _int(value["recheck_days"], "fetch.recheck_days", 0, 3650)
    if value.get("every_hours") is not None:
        fetch.every_hours = _number(value["every_hours"], "fetch.every_hours", 0.01, 24 * 30)
    sites = value.get("sites") or []
    if not isinstance(sites, list):
        raise ConfigError("fetch.sites: skal være en liste af sites")
    fetch.sites = [_site(site, f"fetch.sites[{i}]") for i, site in enumerate(sites)]
    if fetch.every_hours is not None and not fetch.sites:
        raise ConfigError("fetch.every_hours: kræver mindst ét site under fetch.sites")
    return fetch


_PARSERS: dict[str, Callable[[Any, Path | None], Any]] = {
    "knowledge": _knowledge,
    "kommune": _kommune,
    "guilds": lambda value, _: _ids(value, "guilds"),
    "question_channels": lambda value, _: _ids(value, "question_channels"),
    "extra_results": lambda value, _: _int(value, "extra_results", 0, 10),
    "admin_role": _admin_role,
    "cooldown": _cooldown,
    "database": _database,
    "log_level": _log_level,
    "token_env": _token_env,
    "inbox": lambda value, base: _path(value, "inbox", "en mappe", base),
    "inbox_poll_seconds": lambda value, _: _number(value, "inbox_poll_seconds", 0.01, 3600),
    "news_channel": lambda value, _: _id(value, "news_channel"),
    "dm_retry_minutes": lambda value, _: _number(value, "dm_retry_minutes", 0, 24 * 60),
    "contact": _contact,
    "fetch": _fetch,
    "vectors": lambda value, _: _bool(value, "vectors"),
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

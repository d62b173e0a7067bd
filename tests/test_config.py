"""Loading and validating config.yaml: defaults, the example file, clear Danish errors."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Config, ConfigError, Cooldown, load_config, parse_config
from tests.conftest import ROOT


def test_example_config_is_valid_and_gives_the_defaults() -> None:
    config = load_config(ROOT / "config.example.yaml")
    assert config.knowledge == ROOT / "knowledge"
    assert config.guilds == [] and config.question_channels == []
    assert config.extra_results == 3 and config.admin_role is None
    assert config.cooldown == Cooldown(10, 3.0)
    assert config.database == ROOT / "kkrbot.sqlite3"
    assert config.log_level == "INFO" and config.token_env == "DISCORD_TOKEN"
    assert not config.message_content


def test_full_config(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(
        "knowledge: data/kb\nguilds: [123456789012345678, '234567890123456789']\n"
        "question_channels: [345678901234567890]\nextra_results: 5\nadmin_role: kkrbot-admin\n"
        "cooldown: {burst: 5, per_minute: 1.5}\ndatabase: /var/lib/kkrbot/state.sqlite3\nlog_level: debug\ntoken_env: KKRBOT_TOKEN\n",
        encoding="utf-8",
    )
    config = load_config(path)
    assert config.knowledge == tmp_path / "data" / "kb"
    assert config.guilds == [123456789012345678, 234567890123456789]
    assert config.message_content
    assert config.admin_role == "kkrbot-admin" and config.cooldown == Cooldown(5, 1.5)
    assert config.database == Path("/var/lib/kkrbot/state.sqlite3")
    assert config.log_level == "DEBUG"
    assert config.token({"KKRBOT_TOKEN": " abc "}) == "abc"
    assert config.token({"DISCORD_TOKEN": "abc"}) is None


def test_admin_role_by_id() -> None:
    assert parse_config({"admin_role": 987654321098765432}).admin_role == 987654321098765432


def test_questions_can_be_left_unlimited() -> None:
    assert parse_config({"cooldown": False}).cooldown is None
    assert parse_config({"cooldown": {"burst": 3}}).cooldown == Cooldown(3, 3.0)


def test_no_file_means_defaults() -> None:
    assert load_config(None) == Config()


@pytest.mark.parametrize("data, message", [
    ({"guilds": "123"}, "guilds: skal være en liste"),
    ({"guilds": [123, "abc"]}, "guilds[1]: skal være et id"),
    ({"question_channels": [True]}, "question_channels[0]: skal være et id"),
    ({"extra_results": 50}, "extra_results: skal være et helt tal mellem 0 og 10"),
    ({"cooldown": 5}, "cooldown: skal have formen"),
    ({"cooldown": {"burst": 0}}, "cooldown.burst"),
    ({"cooldown": {"per_minute": "lidt"}}, "cooldown.per_minute"),
    ({"cooldown": {"per_minute": 0}}, "cooldown.per_minute"),
    ({"cooldown": {"rate": 3, "per": 30}}, "rate og per er afløst af burst og per_minute"),
    ({"database": ""}, "database: skal være en filsti"),
    ({"log_level": "snak"}, "log_level: skal være en af"),
    ({"token_env": "min token"}, "token_env: skal være navnet på en miljøvariabel"),
    ({"tokn": "x"}, "ukendt nøgle: tokn"),
    ({"admin_role": ["a"]}, "admin_role"),
    (["liste"], "YAML-mapping"),
])
def test_bad_values_are_named(data: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_config(data)


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="findes ikke"):
        load_config(tmp_path / "mangler.yaml")
    broken = tmp_path / "config.yaml"
    broken.write_text("guilds: [1,\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"config\.yaml \(linje \d+\): ugyldig YAML"):
        load_config(broken)
    broken.write_text("extra_results: -1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"config\.yaml: extra_results"):
        load_config(broken)


def test_kommune() -> None:
    assert parse_config({"kommune": "  Greve Kommune "}).kommune == "Greve Kommune"
    assert parse_config({}).kommune is None
    for bad in ("", "  ", 12, ["Greve"]):
        with pytest.raises(ConfigError, match="kommune: skal være kommunens navn"):
            parse_config({"kommune": bad})

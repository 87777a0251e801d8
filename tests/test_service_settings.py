"""Settings: precedence, clear errors, and documentation of every setting."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from lurewatch._errors import ConfigError
from lurewatch.service.settings import (
    InvalidSettingsError,
    PlatformSettings,
    Settings,
    load_settings,
    platform_settings,
)

DOC = Path(__file__).parents[1] / "docs" / "configuration.md"


def test_environment_overrides_file_overrides_defaults(tmp_path: Path) -> None:
    toml = tmp_path / "lw.toml"
    toml.write_text('port = 9000\nhost = "0.0.0.0"\nrate_limit_per_minute = 5\n')
    settings = load_settings(toml, {"LUREWATCH_PORT": "9100", "LUREWATCH_MODEL_DIR": "none"})
    assert settings.port == 9100  # environment wins
    assert settings.host == "0.0.0.0"  # from the file
    assert settings.rate_limit_per_minute == 5
    assert settings.max_batch_messages == 1000  # default
    assert settings.console_blur == "all"  # every message held back unless chosen otherwise
    assert load_settings(None, {"LUREWATCH_CONSOLE_BLUR": "labelled"}).console_blur == "labelled"
    assert settings.model_dir is None
    assert load_settings(None, {"LUREWATCH_CONFIG": str(toml)}).port == 9000


@pytest.mark.parametrize(
    ("environ", "needle"),
    [
        ({"LUREWATCH_PORT": "eighty"}, "port"),
        ({"LUREWATCH_PORT": "70000"}, "port"),
        ({"LUREWATCH_CONSOLE_BLUR": "none"}, "console_blur"),
        ({"LUREWATCH_CONSOLE_BLUR": "sexual"}, "console_blur"),
        ({"LUREWATCH_CONFIG": "/nonexistent/lw.toml"}, "cannot read config file"),
    ],
)
def test_bad_settings_name_the_problem(environ: dict[str, str], needle: str) -> None:
    with pytest.raises(ConfigError, match=needle):
        load_settings(None, environ)


def test_a_bad_setting_says_where_its_value_came_from(tmp_path: Path) -> None:
    """The same name is set in a file, a variable or an option: the error says which."""
    toml = tmp_path / "lw.toml"
    toml.write_text("port = 0\n")
    for environ, overrides, where in (
        ({"LUREWATCH_CONFIG": str(toml)}, {}, f"config file {toml}"),
        ({"LUREWATCH_CONFIG": str(toml), "LUREWATCH_PORT": "70000"}, {}, "environment var"),
        ({"LUREWATCH_PORT": "8000"}, {"port": 99999}, "option --port"),
    ):
        with pytest.raises(ConfigError) as bad:
            load_settings(None, environ, overrides=overrides)
        assert f"port (from {where}" in str(bad.value), str(bad.value)


def test_errors_of_our_validators_read_without_pydantics_prefix() -> None:
    with pytest.raises(ConfigError) as bad:
        load_settings(None, {"LUREWATCH_TRUSTED_PROXIES": "foo"})
    assert (
        "trusted_proxies (from environment variable LUREWATCH_TRUSTED_PROXIES): 'foo' is not "
        "an IP address"
    ) in str(bad.value)
    assert "Value error" not in str(bad.value)
    with pytest.raises(InvalidSettingsError) as platform:  # an API PATCH, a console form
        platform_settings({"retention_days": None})
    assert platform.value.fields == {"retention_days": "Input should be a valid integer"}


def test_an_environment_variable_that_is_no_setting_is_named_with_the_one_it_is_like(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A TOML typo is refused; a misspelt variable was ignored without a word. It is only
    warned about: an environment may carry variables of another version."""
    environ = {
        "LUREWATCH_RATE_LIMIT_PER_MINUT": "5",  # a typo
        "LUREWATCH_RETENTION_DAYS": "90",  # a platform's setting
        "LUREWATCH_CONFG": "lw.toml",
        "LUREWATCH_ZZZ": "1",
        "LUREWATCH_PORT": "9000",  # a setting
        "LUREWATCH_DATA": "/data",  # read elsewhere
        "LUREWATCH_API_KEY": "lw_x",
        "LUREWATCH_TEST_POSTGRES_URL": "postgresql://",
        "LUREWATCH_UPDATE_SNAPSHOTS": "1",
        "PORT": "1",
    }
    with caplog.at_level(logging.WARNING, logger="lurewatch.service.settings"):
        settings = load_settings(None, environ)
    assert settings.port == 9000 and settings.rate_limit_per_minute == 1200
    lines = [r.getMessage() for r in caplog.records if r.name == "lurewatch.service.settings"]
    assert lines == [
        "environment variable LUREWATCH_CONFG is ignored: it names no setting; did you mean "
        "LUREWATCH_CONFIG?",
        "environment variable LUREWATCH_RATE_LIMIT_PER_MINUT is ignored: it names no setting; "
        "did you mean LUREWATCH_RATE_LIMIT_PER_MINUTE?",
        "environment variable LUREWATCH_RETENTION_DAYS is ignored: retention_days is each "
        "platform's own setting, changed with PATCH /v1/settings or in the console "
        '(docs/configuration.md, "Platform settings")',
        "environment variable LUREWATCH_ZZZ is ignored: it names no setting "
        "(docs/configuration.md lists them)",
    ]
    assert all(r.levelno == logging.WARNING for r in caplog.records)


def test_unknown_setting_in_file_is_refused(tmp_path: Path) -> None:
    toml = tmp_path / "lw.toml"
    toml.write_text("prot = 1\n")
    with pytest.raises(ConfigError, match="prot"):
        load_settings(toml, {})
    toml.write_text("port = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(toml, {})


def test_public_view_masks_database_password() -> None:
    settings = Settings(database_url="postgresql+psycopg://lw:s3cret@db/lw")
    assert "s3cret" not in str(settings.public())
    assert settings.public()["database_url"] == "postgresql+psycopg://lw:***@db/lw"


def test_public_view_masks_passwords_in_the_url_query() -> None:
    settings = Settings(
        database_url="postgresql+psycopg://db/lw?user=lw&PassWord=s3cret&sslmode=require",
        redis_url="redis://127.0.0.1/0?password=r3dis&sslpassword=k3y&db=1",
    )
    public = settings.public()
    assert (
        public["database_url"] == "postgresql+psycopg://db/lw?user=lw&PassWord=***&sslmode=require"
    )
    assert public["redis_url"] == "redis://127.0.0.1/0?password=***&sslpassword=***&db=1"


def test_docs_list_every_setting_with_its_environment_variable() -> None:
    doc = DOC.read_text()
    rows = set(re.findall(r"^\| `(\w+)` \|", doc, flags=re.MULTILINE))
    for name in Settings.model_fields:
        assert name in rows, f"docs/configuration.md does not document {name}"
        assert f"`LUREWATCH_{name.upper()}`" in doc
    for name in PlatformSettings.model_fields:
        assert name in rows, f"docs/configuration.md does not document platform setting {name}"
    assert rows <= set(Settings.model_fields) | set(PlatformSettings.model_fields), (
        "docs/configuration.md documents a setting that does not exist"
    )

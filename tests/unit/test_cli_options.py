"""Every option is checked before anything runs (one line, exit 2, never a traceback); ids are escaped in URLs; a
search for '%' or '_' is literal; a profile name cannot leave profiles/; config values are range-checked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from b2bterm.cli import main
from b2bterm.config import ConfigError, parse_config, profile_dir
from b2bterm.platform.base import AuthError, NotFound, PlatformContext, PlatformError
from b2bterm.platform.http import create as create_http
from b2bterm.testing.hostile import Answer, HostileServer


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("argv", [
    ["serve-demo", "--port", "99999"],
    ["serve-demo", "--port", "-5"],
    ["serve-demo", "--skus", "5"],
    ["serve", "--port", "70000"],
    ["demo", "build", "--skus", "5", "--path", "x.sqlite"],
    ["demo", "build", "--skus", "1e6", "--path", "x.sqlite"],
    ["search", "x", "--limit", "-1"],
    ["search", "x", "--limit", "0"],
    ["accounts", "--limit", "99999999999"],
    ["orders", "--account", "A1", "--limit", "-3"],
    ["platform", "check", "http://127.0.0.1:9", "--timeout", "-1"],
    ["platform", "check", "http://127.0.0.1:9", "--timeout", "nan"],
    ["platform", "check", "http://127.0.0.1:9", "--timeout", "inf"],
])
def test_bad_numbers_are_usage_errors(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert "Traceback" not in err and err.strip().splitlines()[-1].startswith("b2bterm")


@pytest.mark.parametrize("item", ["SKU-1:1e23", "SKU-1:100000000000000000000000", "SKU-1:-3", "SKU-1:2.5", ":4",
                                  "SKU-1:0", "SKU-1:nan"])
def test_quote_quantities_are_checked(capsys: pytest.CaptureFixture[str], item: str) -> None:
    code, _, err = run(capsys, "quote", item, "--account", "A1")
    assert code == 2 and ("quantity" in err or "SKU" in err or "account" in err)  # refused, one clear line
    assert "Traceback" not in err


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(max_size=12), min_size=1, max_size=4))
def test_no_argument_list_gives_a_traceback(demo_config: object, argv: list[str]) -> None:
    """Random words after a command never give a traceback (on the small demo: nothing leaves the machine)."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["quote", *argv, "--account", ""]) if argv[0] else main(["search", "--limit", *argv])
    assert isinstance(code, int)
    assert "Traceback" not in err.getvalue()


# --- URLs -----------------------------------------------------------------------------------------------------------


async def test_ids_are_escaped_as_one_path_segment() -> None:
    with HostileServer(lambda *_: Answer.json({"title": "no such thing"}, 404)) as server:
        platform = create_http({"url": server.url, "retries": 1}, PlatformContext(secret="t"))
        try:
            for ident in (".", "..", "../admin", "a/b", "x?y#z", "%2e%2e"):
                with pytest.raises(NotFound):
                    await platform.get_order(ident)
                with pytest.raises(NotFound):
                    await platform.get_account(ident)
        finally:
            await platform.aclose()
    paths = [path for _, path in server.requests]
    assert paths[:4] == ["/v1/orders/%2E", "/v1/accounts/%2E", "/v1/orders/%2E%2E", "/v1/accounts/%2E%2E"]
    assert all(p.count("/") == 3 for p in paths), paths  # never another level, never up one
    assert not any("?" in p or "#" in p for p in paths)


async def test_a_token_with_odd_characters_is_an_auth_error_that_does_not_show_it() -> None:
    with HostileServer(lambda *_: Answer.json({})) as server:
        platform = create_http({"url": server.url}, PlatformContext(secret="tök\x1b[2Jen"))
        try:
            with pytest.raises(AuthError) as caught:
                await platform.get_account("A1")
        finally:
            await platform.aclose()
    assert "ö" not in caught.value.user_text() and "log in again" in caught.value.user_text().lower()
    assert server.requests == []  # nothing was sent


# --- account search -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["%", "_", "%%", "_%_", "\\"])
async def test_wildcards_in_an_account_search_are_literal(desk, query: str) -> None:  # type: ignore[no-untyped-def]
    assert await desk.search_accounts(query, limit=50) == []


# --- profiles and config --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["..", ".", ".hidden", "a/b", "../x", ""])
def test_a_profile_name_never_leaves_profiles(name: str) -> None:
    folder = profile_dir(name)
    base = Path(os.environ["B2BTERM_DATA_DIR"]) / "profiles"
    assert folder.parent == base and folder.name not in (".", "..")


@pytest.mark.parametrize("name", ["..", ".x", "a b", "-x"])
def test_a_bad_profile_name_in_the_config_is_a_config_error(name: str) -> None:
    with pytest.raises(ConfigError, match="profile name"):
        parse_config(f'[profiles."{name}"]\nplatform = "demo"\n')


def test_profile_dot_dot_on_the_command_line_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--profile", "..", "accounts")
    assert code == 2 and "no profile named '..'" in err


@pytest.mark.parametrize(("setting", "needle"), [
    ('price_tolerance = "abc"', "price_tolerance"),
    ('price_tolerance = "-0.1"', "price_tolerance"),
    ("price_tolerance = 5", "price_tolerance"),
    ('price_tolerance = "NaN"', "price_tolerance"),
    ("price_max_age_minutes = -1", "price_max_age_minutes"),
    ("quote_timeout_seconds = -2", "quote_timeout_seconds"),
    ("quote_timeout_seconds = 0", "quote_timeout_seconds"),
    ("quote_timeout_seconds = nan", "quote_timeout_seconds"),
])
def test_sync_values_are_range_checked(setting: str, needle: str) -> None:
    with pytest.raises(ConfigError, match=needle):
        parse_config(f"[sync]\n{setting}\n")


@pytest.mark.parametrize("options", [
    "timeout = -1", "timeout = 0", 'timeout = "abc"', "connect_timeout = -3", "deadline = -1", "retries = 0",
    "retries = 1000", "max_response_mb = 0", 'ca_bundle = "/nonexistent/ca.pem"', 'capabilities = "search"',
])
def test_bad_http_options_are_one_configuration_line(capsys: pytest.CaptureFixture[str], options: str) -> None:
    path = Path(os.environ["B2BTERM_CONFIG"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'[general]\nprofile = "shop"\n[profiles.shop]\nplatform = "http"\n[profiles.shop.options]\n'
                    f'url = "http://127.0.0.1:9"\n{options}\n', encoding="utf-8")
    os.environ["B2BTERM_TOKEN"] = "t"
    try:
        code, _, err = run(capsys, "accounts")
    finally:
        del os.environ["B2BTERM_TOKEN"]
    assert code == 2 and "configuration error" in err and "Traceback" not in err


def test_the_platform_error_for_a_bad_bundle_names_the_fix(tmp_path: Path) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_text("garbage")
    with pytest.raises(ValueError, match="PEM"):
        create_http({"url": "https://127.0.0.1:9", "ca_bundle": str(bundle)}, PlatformContext())
    assert issubclass(AuthError, PlatformError)


@pytest.mark.parametrize("options", ["skus = 5", "skus = -1", 'skus = "many"', "latency_ms = -5", "seed = 1.5",
                                     'offline = "yes"'])
def test_bad_demo_options_are_one_configuration_line(capsys: pytest.CaptureFixture[str], options: str) -> None:
    path = Path(os.environ["B2BTERM_CONFIG"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"[profiles.demo.options]\n{options}\n", encoding="utf-8")
    code, _, err = run(capsys, "accounts")
    assert code == 2 and "configuration error" in err and "Traceback" not in err

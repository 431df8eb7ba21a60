"""Writing config.toml keeps what the user wrote: comments, the order of tables and keys, blank lines and values
b2bterm does not know of; only the changed values differ. A file b2bterm creates is written from scratch. The CLI's
``profile`` commands and the settings screen (tests/ui/test_login_settings.py) both write through ``update_config``."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from b2bterm.cli import main
from b2bterm.config import ConfigError, load_config, save_profile, update_config, use_profile

HAND_WRITTEN = """\
# Counter PC in Shenzhen — edited by hand; keep these notes.

[quickorder]            # pad habits
merge_repeated = false  # the counter keeps repeated lines apart

[profiles.shop]   # the ERP
platform = "http"
account = "C10541"    # our usual customer
username = "desk"

[profiles.shop.options]
url = "https://erp.example"   # production, not the test box
retries = 2

[general]
language = "zh"   # 中文界面
theme = "textual-dark"  # the dark one
"""


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    old, new = before.splitlines(), after.splitlines()
    return [x for x in old if x not in new], [x for x in new if x not in old]


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    return path


def test_a_changed_value_keeps_its_comment_and_everything_else(config_file: Path) -> None:
    update_config(config_file, {"general": {"theme": "b2bterm-light"}})
    after = config_file.read_text(encoding="utf-8")
    gone, added = changed_lines(HAND_WRITTEN, after)
    assert gone == ['theme = "textual-dark"  # the dark one']
    assert added == ['theme = "b2bterm-light"  # the dark one']
    assert load_config(config_file).general["theme"] == "b2bterm-light"


def test_new_keys_and_tables_are_added_without_moving_the_others(config_file: Path) -> None:
    save_profile(config_file, "branch", platform="http", url="https://branch.example", username="li", use=True)
    save_profile(config_file, "shop", account="C20001")
    after = config_file.read_text(encoding="utf-8")
    gone, added = changed_lines(HAND_WRITTEN, after)
    assert gone == ['account = "C10541"    # our usual customer']
    assert 'account = "C20001"    # our usual customer' in added
    assert all(line in after for line in HAND_WRITTEN.splitlines() if line not in gone)
    # the tables stay in the user's order; the new profile sits with the other profiles
    order = [after.index(x) for x in ("[quickorder]", "[profiles.shop]", "[profiles.branch]", "[general]")]
    assert order == sorted(order)
    config = load_config(config_file)
    assert config.general["profile"] == "branch" and config.profile("branch").options["url"] == "https://branch.example"
    assert config.profile("shop").options == {"url": "https://erp.example", "retries": 2}
    assert tomllib.loads(after)["quickorder"]["merge_repeated"] is False


def test_the_profile_commands_keep_the_users_layout(config_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(config_file), "profile", "edit", "shop", "--url", "https://erp2.example"]) == 0
    assert main(["--config", str(config_file), "profile", "use", "shop"]) == 0
    after = config_file.read_text(encoding="utf-8")
    gone, added = changed_lines(HAND_WRITTEN, after)
    assert gone == ['url = "https://erp.example"   # production, not the test box']
    assert added == ['url = "https://erp2.example"   # production, not the test box', 'profile = "shop"']
    capsys.readouterr()


def test_a_file_that_is_not_there_is_written_from_scratch(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"
    save_profile(path, "demo2", platform="demo")
    use_profile(path, "demo2")
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {"profiles": {"demo2": {"platform": "demo"}},
                                                              "general": {"profile": "demo2"}}
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_file_b2bterm_cannot_read_is_not_rewritten(config_file: Path) -> None:
    broken = HAND_WRITTEN + "[general]\nlanguage = 'en'\n"  # the table twice: not TOML
    config_file.write_text(broken, encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        update_config(config_file, {"general": {"theme": "b2bterm-light"}})
    assert config_file.read_text(encoding="utf-8") == broken

from pathlib import Path

import pytest

from b2bterm.config import ConfigError, load_config, parse_config, update_config


def test_missing_file_means_demo_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "nope.toml")
    assert config.profile().platform == "demo"
    assert config.general["theme"] == "b2bterm-dark"


def test_unknown_key_names_file_key_and_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[general]\nprofile = "demo"\n\n[quickorder]\nmerge_repeat = true\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    text = str(info.value)
    assert str(path) in text and "line 5" in text and "quickorder.merge_repeat" in text


def test_wrong_type_and_broken_toml() -> None:
    with pytest.raises(ConfigError, match=r"line 2.*general.fkeys.*true or false"):
        parse_config('[general]\nfkeys = "yes"\n')
    with pytest.raises(ConfigError, match=r"line 3.*not valid TOML"):
        parse_config('[general]\nprofile = "a"\nlanguage = \n')


def test_secrets_refused_in_config() -> None:
    with pytest.raises(ConfigError, match="keyring"):
        parse_config('[profiles.shop]\nplatform = "http"\n[profiles.shop.options]\napi_token = "abc"\n')


def test_unknown_profile_lists_known_ones() -> None:
    config = parse_config('[profiles.shop]\nplatform = "http"\n')
    with pytest.raises(ConfigError, match="shop"):
        config.profile("other")


def test_update_keeps_other_keys_and_comments_free_values(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[general]\nlanguage = "zh"\n\n[profiles.shop]\nplatform = "http"\n'
                    '[profiles.shop.options]\nurl = "https://erp.example"\n', encoding="utf-8")
    update_config(path, {"general": {"theme": "b2bterm-light"}})
    config = load_config(path)
    assert config.general["theme"] == "b2bterm-light"
    assert config.general["language"] == "zh"
    assert config.profile("shop").options["url"] == "https://erp.example"


def test_update_refuses_to_write_an_invalid_config(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[general]\nlanguage = "zh"\n', encoding="utf-8")
    with pytest.raises(ConfigError):
        update_config(path, {"general": {"nonsense": 1}})
    assert path.read_text(encoding="utf-8") == '[general]\nlanguage = "zh"\n'

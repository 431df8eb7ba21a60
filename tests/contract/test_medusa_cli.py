"""Every command taking "account id or code", against the real Medusa testbed, for a customer whose code lives in its
metadata only (the seed keeps codes out of the e-mails, where Medusa's own q would find them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from b2bterm.cli import main
from tests.contract.conftest import DemoFacts
from tests.contract.medusa_harness import medusa_env


@pytest.fixture
def medusa_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DemoFacts:
    env = medusa_env()
    if env is None:
        pytest.skip("no Medusa testbed: run scripts/medusa-testbed.sh start (or set B2BTERM_MEDUSA_URL)")
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[general]\nprofile = "shop"\n[profiles.shop]\nplatform = "medusa"\n[profiles.shop.options]\n'
                      f'url = "{env["B2BTERM_MEDUSA_URL"]}"\nuser = "{env["B2BTERM_MEDUSA_USER"]}"\n',
                      encoding="utf-8")
    monkeypatch.setenv("B2BTERM_CONFIG", str(config))
    monkeypatch.setenv("B2BTERM_TOKEN_SHOP", env["B2BTERM_MEDUSA_PASSWORD"])
    return DemoFacts(Path(env["B2BTERM_MEDUSA_FACTS"]))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_commands_find_a_customer_by_the_code_in_its_metadata(capsys: pytest.CaptureFixture[str],
                                                               medusa_profile: DemoFacts) -> None:
    acc = medusa_profile.one("SELECT a.id, a.code, a.name FROM accounts a JOIN customer_parts c ON "
                             "c.account_id = a.id ORDER BY a.code DESC LIMIT 1")
    code, out, err = run(capsys, "accounts", acc["code"], "--json")
    assert code == 0, err
    assert [a["id"] for a in json.loads(out)][:1] == [acc["id"]]
    code, out, err = run(capsys, "accounts", acc["name"].split()[1], "--json")
    assert code == 0 and acc["id"] in [a["id"] for a in json.loads(out)]
    code, out, err = run(capsys, "quote", "--account", acc["code"], "SE-LC1D09M7:3", "--json")
    assert code == 0, err
    assert json.loads(out)[0]["qty"] == 3
    code, out, err = run(capsys, "orders", "--account", acc["code"], "--json")
    assert code == 0, err

"""`b2bterm search` with no account answers from the local catalog alone: no platform adapter is loaded, no token
read (most of a command's time was opening the whole desk). An empty catalog is still synced first, and an account
still gets its net prices, through the desk."""

from __future__ import annotations

import pytest

from b2bterm.cli import main


def test_a_search_without_an_account_opens_no_desk(capsys: pytest.CaptureFixture[str], demo_config,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import b2bterm.services.desk as desk_module

    def no_desk(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the desk was opened for a local search")

    monkeypatch.setattr(desk_module, "open_desk", no_desk)
    assert main(["search", "lc1", "d09", "m7", "--limit", "3"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0].startswith("LC1D09M7") and "showing 3 of" in err


def test_an_empty_catalog_is_synced_first_then_searched(capsys: pytest.CaptureFixture[str],
                                                         demo_config_unsynced) -> None:
    assert main(["search", "LC1D09M7", "--limit", "2"]) == 0
    out, err = capsys.readouterr()
    assert "syncing it first" in err and out.startswith("LC1D09M7")
    assert main(["search", "LC1D09M7", "--limit", "2"]) == 0  # now from the local catalog
    out, err = capsys.readouterr()
    assert "syncing" not in err and out.startswith("LC1D09M7")


def test_an_account_still_gets_its_prices_through_the_desk(capsys: pytest.CaptureFixture[str], demo_config) -> None:
    assert main(["search", "LC1D09M7", "--limit", "2", "--account", "C10541"]) == 0
    out, _err = capsys.readouterr()
    assert "net " in out and "stock" in out


def test_a_first_build_s_preview_is_not_taken_for_the_catalog(capsys: pytest.CaptureFixture[str],
                                                               demo_config_unsynced) -> None:
    """An app's first start stopped after its first page leaves a preview of that page in use: `b2bterm search`
    syncs the rest first (the build resumes) instead of answering from a part of the catalog."""
    import asyncio

    from b2bterm.services.catalog_sync import sync_catalog
    from b2bterm.services.desk import open_desk

    async def first_page() -> None:
        desk = open_desk(demo_config_unsynced)
        try:
            await sync_catalog(desk.gateway, desk.catalog, page_size=500, max_pages=1)
            assert 0 < desk.catalog.count() < 3000 and desk.catalog.arriving()
        finally:
            await desk.aclose()

    asyncio.run(first_page())
    assert main(["search", "LC1D09M7", "--limit", "2"]) == 0
    out, err = capsys.readouterr()
    assert "syncing the rest first" in err and out.startswith("LC1D09M7")

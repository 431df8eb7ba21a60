"""The command line in a Chinese profile says no English sentence: every command's and subcommand's --help, the
commands themselves against the demo (and their usual error paths: an unknown account, an unknown order, the
platform down), checked by a finder of English word runs. Platform data (model numbers, brands, names, ids, units)
may stay as it came. And English counts are worded right ("1 order", "2 orders")."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from b2bterm.cli import main
from b2bterm.cli.entry import build_parser
from b2bterm.config import SECTIONS
from b2bterm.locale.catalog import read_po
from b2bterm.ui.i18n import current_language

PO = Path(__file__).resolve().parents[2] / "b2bterm" / "locale" / "zh_CN" / "LC_MESSAGES" / "b2bterm.po"
COMMON = set("""a an the and or of to in on at by for from with without is are was were be been it its this that
these those not no nothing none all any every each some one two first last more most less only also then than when
until after before as if else but so do does done did have has had can cannot could may might must will would shall
should here there what which who where how why your you we our they their order orders line lines draft drafts
account accounts price prices product products quantity sent send queued found match matches error usage options
arguments argument required invalid choice expected file number date platform offline online local catalog""".split())


def english_vocabulary() -> set[str]:
    """Ordinary English words: every word of b2bterm's own English text (its catalog's msgids) and common ones."""
    words = set(COMMON)
    for entry in read_po(PO).values():
        for text in (entry.msgid, entry.msgid_plural):
            words.update(w.lower() for w in re.findall(r"[A-Za-z]{2,}", re.sub(r"\{[^}]*\}|%\(\w+\)\w", " ", text)))
    return words


VOCABULARY = english_vocabulary()
# Not sentences: commands and options to type, placeholders, quoted input, paths and URLs, choices, config keys.
_NOT_PROSE = re.compile("|".join((
    r"`[^`]*`", r"'[^']*'", r'"[^"]*"', r"“[^”]*”", r"\{[^}]*\}", r"\[[^\]]*\]", r"<[^>]*>",  # quoted, choices
    r"https?://\S+", r"(?:~|/)[\w./~-]+", r"[\w.@-]*\.(?:toml|xlsx|xls|csv|json|pdf|sqlite|txt|com)\b",  # places
    r"\b\w+(?:\.\w+)+:\w+",  # an entry point (b2bterm.platform.demo:create)
    r"\bb2bterm(?:\s+[a-z][a-z-]*)*", r"\bpip install\s+\S+", r"--?[A-Za-z][\w-]*",  # commands and options
    r"\b[A-Z][A-Z0-9_]+\b", r"[\w.:/-]*\d[\w.:/-]*",  # metavars, codes, ids, numbers
)))


def english_runs(text: str, allowed: set[str] = frozenset()) -> list[str]:
    """Runs of two or more ordinary English words in ``text`` (after taking out platform data in ``allowed``)."""
    for data in sorted(allowed, key=len, reverse=True):
        if data:
            text = text.replace(data, " ")
    found = []
    for line in text.splitlines():
        cells = re.split(r" {2,}", _NOT_PROSE.sub("\0", line))  # a table's columns are not one sentence
        for run in (r for cell in cells for r in re.findall(r"[A-Za-z]+(?:[ ,.;:!?()]+[A-Za-z]+)+", cell)):
            words = re.findall(r"[A-Za-z]+", run)
            streak = 0
            for w in words:
                streak = streak + 1 if (len(w) > 1 or w in ("a", "I")) and w.lower() in VOCABULARY else 0
                if streak >= 2:
                    found.append(run)
                    break
    return found


def test_the_checker_finds_english_and_lets_data_pass() -> None:
    assert english_runs("The outbox is empty: nothing waits to be sent.")
    assert english_runs("草稿 3：2 lines set aside")
    assert not english_runs("LC1D09M7  Schneider Electric  SE-LC1D09M7  ¥188.00  施耐德 交流接触器",
                            {"Schneider Electric"})
    assert not english_runs("用法：b2bterm order parse [-h] [--sheet SHEET] --account ACCOUNT [file]")
    assert not english_runs("请用 `b2bterm outbox send` 发送；例如 'lc1d09 m7' 或 {sent,accepted,draft}")


def _subcommands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.extend(_subcommands(sub, (*path, name)))
    return found


COMMANDS = _subcommands(build_parser())


@pytest.fixture
def zh_config(demo_config) -> Path:
    path = demo_config.path
    path.write_text(path.read_text(encoding="utf-8") + '[general]\nlanguage = "zh"\n', encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], config: Path, *argv: str) -> tuple[int, str]:
    code = main(["--config", str(config), *argv])
    out, err = capsys.readouterr()
    assert current_language() == "en"  # the run's language ends with the run
    return code, out + err


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "b2bterm")
def test_every_help_is_chinese(capsys: pytest.CaptureFixture[str], tmp_path: Path, command: tuple[str, ...]) -> None:
    config = tmp_path / "zh.toml"
    config.write_text('[general]\nlanguage = "zh"\n', encoding="utf-8")
    code, text = _run(capsys, config, *command, "--help")
    assert code == 0 and "用法：" in text
    assert not english_runs(text), text


def test_argparse_errors_are_chinese(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    config = tmp_path / "zh.toml"
    config.write_text('[general]\nlanguage = "zh"\n', encoding="utf-8")
    for argv in (["orders"], ["search", "x", "--limit", "0"], ["quotation", "mark", "1", "lost"], ["nosuch"],
                 ["orders", "--account", "C1", "--bogus"], ["search", "x", "--limit"], ["demo", "build", "--path",
                 "x", "--today", "tomorrow"], ["platform", "check", "--timeout", "-1"]):
        code, text = _run(capsys, config, *argv)
        assert code == 2 and "错误" in text, (argv, text)
        assert not english_runs(text), (argv, text)


@pytest.mark.parametrize("body", [
    '[general]\nlanguage = "zh"\nbogus = 1\n',  # an unknown key
    '[general]\nlanguage = "zh"\n[sync]\nquote_timeout_seconds = "soon"\n',  # a wrong type
    '[general]\nlanguage = "zh"\n[sync]\nprice_tolerance = 3\n',  # out of range
    '[general]\nlanguage = "zh"\n[profiles.demo.options]\napi_token = "x"\n',  # a secret in the file
    '[general]\nlanguage = "zh"\n[profiles.demo]\nplatform = ',  # not TOML, cut short
    '[general]\nlanguage = "zh"\n[profiles.demo]\nplatform = demo\n',  # not TOML, at a line
])
def test_a_broken_config_is_told_in_chinese(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")  # a file too broken to read its language still speaks the machine's
    config = tmp_path / "zh.toml"
    config.write_text(body, encoding="utf-8")
    code, text = _run(capsys, config, "orders", "--account", "C10023")
    assert code == 2 and "配置错误" in text and "后重新启动" in text, text
    assert ("第" in text and "行" in text) or "文件末尾" in text, text  # where, in Chinese
    keys = {key for schema in SECTIONS.values() for key in schema}  # config keys are typed as they are
    assert not english_runs(text, keys), text


def _platform_data(config: Path) -> set[str]:
    """Names as the demo platform sends them (brands, English product names, warehouses, carriers, categories)."""
    import sqlite3
    import tomllib

    demo = tomllib.loads(config.read_text(encoding="utf-8"))["profiles"]["demo"]["options"]["path"]
    conn = sqlite3.connect(demo)
    try:
        data: set[str] = set()
        for table in ("products", "warehouses", "shipments", "tracking_events"):
            columns = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
            for column in {"brand", "name_en", "name", "category", "carrier", "description", "place"} & columns:
                data.update(v for (v,) in conn.execute(f"SELECT DISTINCT {column} FROM {table}") if v)
        return data
    finally:
        conn.close()


def test_every_command_speaks_chinese(capsys: pytest.CaptureFixture[str], zh_config: Path, tmp_path: Path) -> None:
    allowed = _platform_data(zh_config)
    order_file = tmp_path / "order.txt"
    order_file.write_text("你好，请发货：\nLC1D09M7 20个\nLC1D09M7C 十二打\nrelay 24v 5\nQQQQ-9999 3\n谢谢\n",
                          encoding="utf-8")
    letter = tmp_path / "letter.txt"
    letter.write_text("你好\n谢谢\n", encoding="utf-8")
    binary, empty, fake_xlsx = tmp_path / "a.bin", tmp_path / "empty.txt", tmp_path / "order.xlsx"
    binary.write_bytes(b"\x00\x01\x02 LC1D09M7 3")
    empty.write_text("  \n", encoding="utf-8")
    fake_xlsx.write_bytes(b"PK\x03\x04 not really a workbook")
    runs: list[list[str]] = [
        ["platforms"], ["search", "接触器", "--account", "C10023", "--limit", "5"], ["search", "zzqqxx"],
        ["search", "施耐德 接触器 380V 95A"],
        ["quote", "--account", "C10023", "LC1D09M7:20", "QQQQ-9999:2", "LC1D09:1"],
        ["quote", "--account", "C10023", "LC1D09M7:lots"], ["quote", "--account", "NO-SUCH", "LC1D09M7"],
        ["accounts", "--limit", "5"], ["accounts", "上海"], ["sync", "--quiet"],
        ["order", "parse", str(order_file), "--account", "C10023"],
        ["order", "import", str(letter), "--account", "C10023"],
        ["order", "import", str(tmp_path / "missing.txt"), "--account", "C10023"],
        ["order", "import", str(binary), "--account", "C10023"], ["order", "parse", str(empty), "--account", "C10023"],
        ["order", "import", str(fake_xlsx), "--account", "C10023"], ["order", "import", str(tmp_path), "--account",
                                                                      "C10023"],
        ["order", "import", str(order_file), "--account", "C10023"], ["order", "send", "1"],
        ["order", "send", "999"], ["outbox"], ["outbox", "--all"], ["outbox", "send"],
        ["orders", "--account", "C10023", "--limit", "5"], ["orders", "--account", "C10023", "--status", "lost"],
        ["orders", "--account", "NO-SUCH"], ["orders", "--account", "C10023", "--po", "nothing-like-it"],
        ["orders", "--account", "C10023", "--limit", "2", "--xlsx", str(tmp_path / "orders.xlsx")],
        ["track", "NO-SUCH-ORDER"],
        ["quotation", "new", "--account", "C10023", "LC1D09M7:5", "3RT2015-1AN21:2", "--notes", "交期两周"],
        ["quotation", "new", "--account", "C10023", "QQQQ-9999:1"], ["quotation", "new", "--account", "C10023",
                                                                     ":5"],
        ["quotation", "list"], ["quotation", "list", "--account", "C99999"], ["quotation", "show", "1"],
        ["quotation", "show", "abc"], ["quotation", "show", "999"], ["quotation", "edit", "1"],
        ["quotation", "edit", "1", "--valid-until", "2026-12-31"], ["quotation", "mark", "1", "sent"],
        ["quotation", "mark", "1", "draft"], ["quotation", "export", "1", "--xlsx", str(tmp_path / "q.xlsx")],
        ["quotation", "push", "1"], ["quotation", "sync"], ["quotation", "order", "1"],
        ["quotation", "mark", "1", "accepted"],
        ["profile", "list"], ["profile", "add", "shop", "--platform", "sap"],
        ["profile", "add", "shop", "--platform", "http"], ["profile", "add", "spare", "--platform", "demo"],
        ["profile", "edit", "spare", "--account", "C10023"], ["profile", "edit", "nobody"],
        ["profile", "add", "spare", "--platform", "demo"], ["profile", "use", "demo"],
        ["login"], ["logout"], ["themes"], ["local", "check"], ["local", "export", str(tmp_path / "saved.json")],
        ["local", "reset"], ["demo", "snapshot", "--path", str(tmp_path / "none.sqlite")],
        ["serve-demo", "--password-env", "NOPE"], ["serve-demo", "--user", "x"],
        ["serve-demo", "--host", "0.0.0.0"], ["platform", "check"],
        ["price-book"], ["price-book", "differences", "--limit", "5"],
    ]
    covered = {tuple(argv[:2]) if argv[0] in ("order", "quotation", "profile", "local", "demo", "platform",
                                             "outbox", "price-book") and len(argv) > 1 and not argv[1].startswith("-")
               else (argv[0],) for argv in runs}
    for argv in runs:
        code, text = _run(capsys, zh_config, *argv)
        assert code in (0, 1, 2, 3), (argv, code, text)
        assert not english_runs(text, allowed), (argv, text)
    order = _first_order(capsys, zh_config)
    code, text = _run(capsys, zh_config, "track", order)
    assert code == 0 and not english_runs(text, allowed), text
    # the platform down: answers from the cache, queues, and says so in Chinese
    offline = zh_config.read_text(encoding="utf-8").replace("[profiles.demo.options]\n",
                                                            "[profiles.demo.options]\noffline = true\n")
    zh_config.write_text(offline, encoding="utf-8")
    for argv in (["orders", "--account", "C10023", "--limit", "3"], ["track", order], ["sync", "--quiet"],
                 ["order", "import", str(order_file), "--account", "C10023", "--send"], ["outbox"],
                 ["outbox", "send"], ["quotation", "new", "--account", "C10023", "LC1D09M7:5"],
                 ["quote", "--account", "C10023", "LC1D09M7:1"], ["search", "LC1D09", "--account", "C10023"]):
        code, text = _run(capsys, zh_config, *argv)
        assert not english_runs(text, allowed), (argv, text)
    every = {c for c in COMMANDS if c and c not in (("demo",), ("serve",), ("demo", "build"))}
    leaves = {c for c in every if not any(other[: len(c)] == c and other != c for other in every)}
    assert leaves - covered - {("track",)} <= {("outbox", "send")} | set(), leaves - covered


def _first_order(capsys: pytest.CaptureFixture[str], config: Path) -> str:
    import json

    assert main(["--config", str(config), "orders", "--account", "C10023", "--limit", "1", "--json"]) == 0
    return json.loads(capsys.readouterr().out)["orders"][0]["number"]


def test_english_counts_are_worded_by_number(capsys: pytest.CaptureFixture[str], demo_config) -> None:
    config = demo_config.path
    assert main(["--config", str(config), "orders", "--account", "C10023", "--limit", "1"]) == 0
    err = capsys.readouterr().err
    assert "1 order of C10023" in err and "1 orders" not in err
    assert main(["--config", str(config), "orders", "--account", "C10023", "--limit", "2"]) == 0
    assert "2 orders of C10023" in capsys.readouterr().err
    assert main(["--config", str(config), "quote", "--account", "C10023", "QQQQ-9999:1"]) == 1
    assert "1 of 1 item could not be priced." in capsys.readouterr().err
    assert main(["--config", str(config), "quote", "--account", "C10023", "QQQQ-9999:1", "LC1D09M7:2"]) == 1
    assert "1 of 2 items could not be priced." in capsys.readouterr().err


def test_a_damaged_local_database_is_told_in_chinese(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from b2bterm.config import profile_dir

    config = tmp_path / "zh.toml"
    config.write_text('[general]\nlanguage = "zh"\n', encoding="utf-8")
    db = profile_dir("demo") / "local.sqlite"
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_bytes(b"this is not a database" * 100)
    code, text = _run(capsys, config, "local", "check")
    assert code == 1 and "已损坏" in text and str(db) in text
    assert not english_runs(text), text


def test_who_holds_an_order_is_told_in_the_users_language() -> None:
    from b2bterm.services.lease import Holder, LeaseHeld
    from b2bterm.ui.i18n import set_language
    from b2bterm.ui.outcome_text import held_text

    held = LeaseHeld(Holder("desk-7", 4242), 12.0, 48.0)
    assert held_text(held) == held.describe()  # the English is the log's
    set_language("zh")
    try:
        text = held_text(held)
    finally:
        set_language("en")
    assert "desk-7" in text and "4242" in text and "48" in text and not english_runs(text), text


def test_order_news_and_undo_steps_are_worded_not_english() -> None:
    from b2bterm.domain.models import OrderStatus
    from b2bterm.services.orders import ChangeKind, OrderChange
    from b2bterm.ui.i18n import set_language
    from b2bterm.ui.outcome_text import change_text, edit_text

    change = OrderChange("SO-1", ChangeKind.STATUS, OrderStatus.CONFIRMED, OrderStatus.SHIPPED)
    assert change_text(change) == change.text() == "Order SO-1 is now shipped (was confirmed)."
    assert edit_text("add lines", 1) == "add 1 line" and edit_text("add lines", 3) == "add 3 lines"
    set_language("zh")
    try:
        worded = [change_text(change), edit_text("add lines", 3), edit_text("change quantity")]
    finally:
        set_language("en")
    assert worded == ["订单 SO-1 现为已发货（原为已确认）。", "添加 3 行", "修改数量"]


def test_a_refused_pad_edit_is_worded_from_its_code(tmp_path: Path) -> None:
    from b2bterm.domain.models import DraftState
    from b2bterm.quickorder.pad import DraftLocked, PadError
    from b2bterm.ui.i18n import set_language
    from b2bterm.ui.outcome_text import edit_error_text

    errors = [PadError("not_one_line", "english", text="你好", why="greeting or request text"),
              PadError("qty_range", "english", max="1,000,000"), DraftLocked("english", DraftState.QUEUED)]
    assert edit_error_text(errors[1]) == "Enter a quantity from 1 to 1,000,000."
    set_language("zh")
    try:
        worded = [edit_error_text(e) for e in errors]
    finally:
        set_language("en")
    assert worded[0] == "“你好”不是一个订货行（问候或请求文字）：该行未修改。"
    assert all(not english_runs(w) for w in worded) and "待发送" in worded[2], worded

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from b2bterm.quickorder.parser import MAX_QTY, ParsedLine, parse_order_text


def one(text: str) -> ParsedLine:
    result = parse_order_text(text)
    assert len(result.lines) == 1, (result.lines, result.ignored)
    return result.lines[0]


@pytest.mark.parametrize(
    ("text", "code", "qty"),
    [
        ("LC1D09M7 5", "LC1D09M7", 5),
        ("5 x LC1D09M7", "LC1D09M7", 5),
        ("5x LC1D09M7", "LC1D09M7", 5),
        ("LC1D09M7*5", "LC1D09M7", 5),
        ("LC1D09M7 * 5", "LC1D09M7", 5),
        ("LC1D09M7 x 5", "LC1D09M7", 5),
        ("LC1D09M7 x5", "LC1D09M7", 5),
        ("LC1D09M7 ×5", "LC1D09M7", 5),
        ("LC1D09M7, 5", "LC1D09M7", 5),
        ("LC1D09M7 5 pcs", "LC1D09M7", 5),
        ("LC1D09M7 5pcs", "LC1D09M7", 5),
        ("LC1D09M7 5个", "LC1D09M7", 5),
        ("LC1D09M7 10只", "LC1D09M7", 10),
        ("LC1D09M7 2盒", "LC1D09M7", 2),
        ("LC1D09M7 3台", "LC1D09M7", 3),
        ("LC1D09M7 数量:3", "LC1D09M7", 3),
        ("LC1D09M7 数量：3", "LC1D09M7", 3),
        ("型号：LC1D09M7 数量：3", "LC1D09M7", 3),
        ("LC1D09M7", "LC1D09M7", None),
        ("LC1-D09 M7 5", "LC1-D09 M7", 5),
        ("6es7214 1ag40 2", "6es7214 1ag40", 2),
        ("6ES7 214-1AG40-0XB0 2", "6ES7 214-1AG40-0XB0", 2),
        ("ＬＣ１－Ｄ０９Ｍ７　５", "LC1-D09M7", 5),
        ("ＬＣ１Ｄ０９Ｍ７×５", "LC1D09M7", 5),
        ("1. LC1D09M7 5", "LC1D09M7", 5),
        ("1) LC1D09M7 5", "LC1D09M7", 5),
        ("- LC1D09M7 5", "LC1D09M7", 5),
        ("• LC1D09M7 5", "LC1D09M7", 5),
        ("① LC1D09M7 5", "LC1D09M7", 5),
        ("②LC1D09M7 5个", "LC1D09M7", 5),
        ("3、LC1D09M7 5个", "LC1D09M7", 5),
        ("施耐德接触器 LC1D09M7 5个", "LC1D09M7", 5),
        ("施耐德LC1D09M7交流接触器5个", "LC1D09M7", 5),
        ("Schneider LC1D09M7 contactor 5", "LC1D09M7", 5),
        ("M6x20", "M6x20", None),
        ("6921734900012 x 3", "6921734900012", 3),
        ("LC1D09M7\t5", "LC1D09M7", 5),
        ('"LC1D09M7",5,"Contactor, 9A"', "LC1D09M7", 5),
    ],
)
def test_formats(text: str, code: str, qty: int | None) -> None:
    line = one(text)
    assert line.code == code
    assert line.qty == qty
    assert line.qty_error == ""
    assert line.effective_qty == (qty or 1)


def test_units_are_kept_as_hint() -> None:
    assert one("LC1D09M7 2盒").unit == "盒"
    assert one("LC1D09M7 5 pcs").unit == "pcs"
    assert one("LC1D09M7 5").unit == ""


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("LC1D09M7 0", "at least 1"),
        ("LC1D09M7 -5", "at least 1"),
        ("LC1D09M7 x -5", "at least 1"),
        ("LC1D09M7 1e12", "too large"),
        ("LC1D09M7 x 2000000", "too large"),
        ("LC1D09M7 2.5", "whole number"),
        ("LC1D09M7 x abc", "not understood: 'abc'"),
        ("LC1D09M7 数量:很多", "not understood: '很多'"),
    ],
)
def test_bad_quantities_keep_the_line_with_an_error(text: str, fragment: str) -> None:
    line = one(text)
    assert line.code == "LC1D09M7"
    assert line.qty is None
    assert fragment in line.qty_error
    assert line.effective_qty == 0


def test_trailing_number_keeps_an_alternative_reading() -> None:
    line = one("GV2ME 10")
    assert (line.code, line.qty, line.alt_code) == ("GV2ME", 10, "GV2ME 10")
    assert one("LC1D09M7 x 5").alt_code == ""


def test_tab_separated_with_chinese_header() -> None:
    text = "序号\t型号\t名称\t数量\t单位\n1\tLC1D09M7\t交流接触器\t5\t个\n2\tGV2ME10\t电动机断路器\t2\t个\n"
    result = parse_order_text(text)
    assert [(x.code, x.qty) for x in result.lines] == [("LC1D09M7", 5), ("GV2ME10", 2)]
    assert [(i.line_no, i.reason) for i in result.ignored] == [(1, "header row")]


def test_header_picks_columns_even_when_description_looks_like_a_code() -> None:
    text = "Description,Qty,Model\nContactor 9A 220V,4,LC1D09M7\nBreaker 3P C16,12,iC65N-3P-C16\n"
    result = parse_order_text(text)
    assert [(x.code, x.qty) for x in result.lines] == [("LC1D09M7", 4), ("iC65N-3P-C16", 12)]


def test_csv_with_header_and_quotes() -> None:
    text = 'Model,Qty,Description\n"LC1D09M7",5,"Contactor, 9A, 220V"\nGV2ME10,"1,000",Motor breaker\n'
    result = parse_order_text(text)
    assert [(x.code, x.qty) for x in result.lines] == [("LC1D09M7", 5), ("GV2ME10", 1000)]


def test_csv_without_header() -> None:
    result = parse_order_text("LC1D09M7,5,Contactor\nGV2ME10,2,Breaker\n")
    assert [(x.code, x.qty) for x in result.lines] == [("LC1D09M7", 5), ("GV2ME10", 2)]


def test_excel_header_with_empty_qty_cell_means_one_assumed() -> None:
    result = parse_order_text("型号\t数量\nLC1D09M7\t\nGV2ME10\tabc\n")
    assert result.lines[0].qty is None and result.lines[0].qty_error == ""
    assert result.lines[0].qty_assumed and not result.lines[1].qty_assumed
    assert "not understood: 'abc'" in result.lines[1].qty_error


def test_realistic_wechat_message() -> None:
    text = """你好，麻烦报个价

1. LC1D09M7 5个
2) ＧＶ２ＭＥ１０ x2
- 6es7214 1ag40 2
③ 3RT2016-1AP01*10
施耐德 iC65N-3P-C16 数量：3
LC1D09M7 0
Tel: 021-5555 1234
13812345678
谢谢
Thanks
"""
    result = parse_order_text(text)
    got = [(x.line_no, x.code, x.qty, bool(x.qty_error)) for x in result.lines]
    assert got == [
        (3, "LC1D09M7", 5, False),
        (4, "GV2ME10", 2, False),
        (5, "6es7214 1ag40", 2, False),
        (6, "3RT2016-1AP01", 10, False),
        (7, "iC65N-3P-C16", 3, False),
        (8, "LC1D09M7", None, True),
    ]
    reasons = {i.line_no: i.reason for i in result.ignored}
    assert set(reasons) == {1, 9, 10, 11, 12}
    assert "greeting" in reasons[1]
    assert "contact" in reasons[9] and "contact" in reasons[10]
    assert reasons[11] == reasons[12] == "sign-off"


@pytest.mark.parametrize("text", ["Hi John,", "你好，麻烦报个价", "Thanks", "谢谢", "Best regards", "请尽快发货"])
def test_chatter_is_ignored_with_a_reason(text: str) -> None:
    result = parse_order_text(text)
    assert result.lines == []
    assert len(result.ignored) == 1 and result.ignored[0].reason


def test_blank_lines_are_skipped_silently() -> None:
    result = parse_order_text("\n   \n\t\nLC1D09M7 2\n\n")
    assert len(result.lines) == 1 and result.ignored == []
    assert result.lines[0].line_no == 4


def _non_blank(text: str) -> list[int]:
    return [n for n, raw in enumerate(text.splitlines(), start=1) if raw.strip()]


_pieces = st.sampled_from(
    [
        "LC1D09M7", "5", "x", "×", "*", "个", "盒", "pcs", "数量", ":", "：", ",", "\t", " ", "，", "-", "1.", "①",
        "型号", "Model", "Qty", "\"", "'", "0", "-3", "1e12", "6es7214", "1ag40", "你好", "谢谢", "Tel", "13812345678",
        "ＬＣ１", "\u3000", "\n", "\r\n", "2024-05-01", "\x00", "•", "(", ")", "abc", "9" * 30,
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(_pieces, max_size=40).map("".join)))
def test_every_non_blank_line_is_accounted_for_exactly_once(text: str) -> None:
    result = parse_order_text(text)
    items = {x.line_no for x in result.lines}  # a line may hold several items, each its own ParsedLine
    ignored = [i.line_no for i in result.ignored]
    assert sorted([*items, *ignored]) == _non_blank(text)
    lines = text.splitlines()
    for x in result.lines:
        assert x.raw == lines[x.line_no - 1]
        assert x.code.strip()
        assert (x.qty is None) or 1 <= x.qty <= MAX_QTY
        assert not (x.qty is not None and x.qty_error)
    for i in result.ignored:
        assert i.reason


@settings(max_examples=200, deadline=None)
@given(
    code=st.from_regex(r"[A-Z]{2,3}[0-9]{2,4}[A-Z][0-9]{1,2}", fullmatch=True),
    qty=st.integers(min_value=1, max_value=MAX_QTY),
    template=st.sampled_from(["{c} {q}", "{q} x {c}", "{c}*{q}", "{c} x {q}", "{c}, {q}", "{c} {q} pcs", "{c}\t{q}",
                              "{c} {q}个", "- {c} {q}", "1. {c} ×{q}", "{c} 数量：{q}"]),
)  # fmt: skip
def test_generated_lines_round_trip(code: str, qty: int, template: str) -> None:
    line = one(template.format(c=code, q=qty))
    assert (line.code, line.qty, line.qty_error) == (code, qty, "")


def test_parse_500_line_messy_paste_is_fast() -> None:
    base = [
        "你好，麻烦报个价",
        "1. LC1D09M7 5个",
        "ＧＶ２ＭＥ１０ x2",
        "6es7214 1ag40 2",
        "3RT2016-1AP01*10",
        "施耐德 iC65N-3P-C16 数量：3",
        "LC1D09M7\t4\t个",
        '"NSX100F",2,"Breaker, 100A"',
        "Thanks",
        "",
    ]
    text = "\n".join(base * 50)
    parse_order_text(text)
    start = time.perf_counter()
    result = parse_order_text(text)
    elapsed = time.perf_counter() - start
    assert len(result.lines) == 350 and len(result.ignored) == 100
    print(f"parse_order_text on 500 lines: {elapsed * 1000:.1f} ms")
    assert elapsed < 1.0


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2024-05-01", "date"),
        ("PO: 4500012345", "reference"),
        ("Tel: 021-5555 1234", "contact"),
        ("Hi John,", "greeting"),
    ],
)
def test_ignore_reasons(text: str, fragment: str) -> None:
    result = parse_order_text(text)
    assert result.lines == [] and fragment in result.ignored[0].reason


def test_cable_family_in_capitals_stays_part_of_the_model() -> None:
    cases = {
        "型号: KVVP 14x2.5 200m 数量: 155": ("KVVP 14x2.5 200m", 155),
        "RVV 3x1.5 100m 5": ("RVV 3x1.5 100m", 5),
        "YJV 4x25+1x16 10": ("YJV 4x25+1x16", 10),
        "请发 RVV 3x1.5 100m 5卷": ("RVV 3x1.5 100m", 5),
        # written with × or * before a space-separated quantity: the last size is no thousands group ("16 100")
        "YJV 3×35+1×16 100米": ("YJV 3x35+1x16", 100),
        "YJV 4*25+1*16 250米": ("YJV 4x25+1x16", 250),
        "VV 3×25+2×16 120 m": ("VV 3x25+2x16", 120),
    }
    for text, (code, qty) in cases.items():
        (line,) = parse_order_text(text).lines
        assert (line.code, line.qty) == (code, qty), text
    (line,) = parse_order_text("Hi LC1D09M7 5").lines  # a greeting word is not a family name
    assert line.code == "LC1D09M7"


# Model numbers as the demo catalog (which mirrors real brands) spells them, pack variants included.
# fmt: off
REAL_MODELS = [
    # Schneider
    "LC1D09M7", "GV2ME08", "A9F74206", "LC1DT20MD", "XB2BVM5LC", "EA9AN3B16-PK10", "GV2P06-PK20", "LRD08",
    # Siemens
    "3RT2015-1BB41", "6ES7214-1AG40-0XB0", "5SY6202-8", "3SU1000-0AB30-1FA0", "3RT2024-2AR60-PK20",
    # ABB
    "S201-C16", "AF09-30-10-13", "S201M-C4", "SH204-D6-PK5", "MS116-0.63", "AF26-30-10-12-PK2",
    # Omron
    "MY2N-GS DC24", "E2E-X5ME1 2M", "E3Z-T81 5M", "LJ8A3-2-Z-2/N2",
    # Mitsubishi
    "FX3U-32MR/ES-A", "FX3SA-30MT/ES-A-PK25", "NF63-CV 4P 10A", "NF250-CV 3P 160A-PK20",
    # Eaton / Moeller
    "DILM95(RDC12)", "DILM38(RDC24)-PK100",
    # CHINT
    "NXC-09 220V", "DZ47-60 C16", "NXB-63 1P C16", "DZ47-60 4P C50-PK10", "NXR-25 4-6.3A-PK10", "JSZ3-A 10S AC24",
    "NXC-100 36V-PK100",
    # DELIXI
    "CJX2-0910 220V", "DZ47s 3P D1", "BKN 3P C50A-PK10", "MC-22b AC48V-PK10",
    # Phoenix Contact
    "UT 2,5", "PT 2,5", "UT 4", "ZB 6,LGS:1-10", "UTTB 2,5 BK", "ZB 10,LGS:431-440-PK5", "UT-QUATTRO 4 RD-PK60",
    "UTTB 4-PK5", "FBS 6-10-PK10", "PT 2,5-PK10",
    # Weidmüller
    "WDU 2.5", "WDU 2.5-PK10",
    # cables
    "RVV 3x1.5 100m", "ZR-RVV 10x0.3 100m", "ZR-RVV 10x0.3 100m-PK250", "WDZ-RYY 8x1 50m", "ZR-RVV 3x0.75 50m",
    "YJV 4x25+1x16", "KVVP 14x2.5 200m", "VV-0.6/1kV 3x35", "VV-0.6/1kV 3x25-PK10", "ZR-YJV-0.6/1kV 5x240-PK10",
    "WDZ-YJY-0.6/1kV 3x4+2x2.5-PK5", "BV 2.5 red 100m", "BV 1.5 black 100m-PK10", "ZR-BV 4 yellow-green 100m-PK12",
    "BVR 1 brown 100m-PK2", "WDZ-RYY 10x0.3", "RVSP 4x1.5 100m", "TRVV 19x0.5 50m",
]
# fmt: on
REAL_FORMATS = ["{m} 5", "{m} x 5", "{m}\t5", "5 x {m}", "型号: {m} 数量: 5", "{m} 5个", "{m},5", "- {m} ×5"]


@pytest.mark.parametrize("template", REAL_FORMATS)
def test_real_model_shapes_round_trip(template: str) -> None:
    assert len(REAL_MODELS) >= 60
    wrong = []
    for model in REAL_MODELS:
        if template == "{m},5" and re.fullmatch(r"[A-Z-]+ \d+", model):
            continue  # "UT 4,5" reads as a decimal comma (see test_commas_inside_models_and_between_cells)
        result = parse_order_text(template.format(m=model))
        got = [(x.code, x.qty, x.qty_error) for x in result.lines]
        if got != [(model, 5, "")]:
            wrong.append((model, got))
    assert wrong == []


@pytest.mark.parametrize(
    ("text", "code", "qty"),
    [
        ("UT 2,5", "UT 2,5", None),  # a decimal comma, not "UT 2" and a quantity of 5
        ("UT 2,5,5", "UT 2,5", 5),  # CSV: the second comma separates
        ('"UT 2,5",5', "UT 2,5", 5),
        ("UT 2,5, 5", "UT 2,5", 5),
        ("UTTB 2,5 BK 5", "UTTB 2,5 BK", 5),
        ("ZB 6,LGS:1-10 x 3", "ZB 6,LGS:1-10", 3),
        ("UT 4 5", "UT 4", 5),
        ("UT 4,5", "UT 4,5", None),  # no way to tell; a comma between digits in a model is the likelier reading
        ("UT 4, 5", "UT 4", 5),
        ("WDU 2.5,5", "WDU 2.5", 5),  # a decimal point already: the comma separates
        ("LC1D09M7,5", "LC1D09M7", 5),
        ("5,LC1D09M7", "LC1D09M7", 5),
        ("1,LC1D09M7,5", "LC1D09M7", 5),
        ('GV2ME10,"1,000"', "GV2ME10", 1000),
        ("RVV 3x1.5 100m,1,000", "RVV 3x1.5 100m", None),  # 1 and 000 or one thousand: flagged, see below
    ],
)
def test_commas_inside_models_and_between_cells(text: str, code: str, qty: int | None) -> None:
    line = one(text)
    assert (line.code, line.qty) == (code, qty)


@pytest.mark.parametrize("text", ["OK 5", "Hi UT 4", "PO 12", "Thanks, BV 2", "NB 2 pcs"])
def test_capitals_in_chat_are_not_a_family(text: str) -> None:
    assert parse_order_text(text).lines == []


def test_a_hyphenated_family_stays_with_its_size() -> None:
    assert one("请发 ZR-RVV 3x0.75 50m 2卷").code == "ZR-RVV 3x0.75 50m"
    assert one("WDZ-RYY 8x1 50m 数量：4").code == "WDZ-RYY 8x1 50m"


@pytest.mark.parametrize(
    ("text", "code", "qty"),
    [
        ("ZR-BV 2.5 yelow-green 100m-PK40  53个", "ZR-BV 2.5 yelow-green 100m-PK40", 53),
        ("242. BV 35 bHack 100m-PK36 169pcs", "BV 35 bHack 100m-PK36", 169),
        ("型号: BV 2.5 wMite 100m-PK3 数量: 140", "BV 2.5 wMite 100m-PK3", 140),
        ("BV 1.5 blck 100m x 2", "BV 1.5 blck 100m", 2),
    ],
)
def test_a_misspelt_colour_stays_inside_its_cable_model(text: str, code: str, qty: int) -> None:
    """The typo search then finds the cable; cut at the colour, the line would be read as "100m-PK40"."""
    result = parse_order_text(text)
    assert [(x.code, x.qty) for x in result.lines] == [(code, qty)]


def test_a_word_like_a_colour_without_a_cable_family_is_not_an_order_line() -> None:
    result = parse_order_text("blak cable please\nRVV 3x1.5 100m 4")
    assert [x.code for x in result.lines] == ["RVV 3x1.5 100m"]
    assert [x.raw for x in result.ignored] == ["blak cable please"]


@pytest.mark.parametrize(
    ("text", "code", "qty", "per"),
    [
        # a cable's colour and length written in Chinese before the count: the count is the quantity
        ("BV 2.5 红色 100米 3卷", "BV 2.5 红色 100米", 3, 0),
        ("BV 4 蓝 100米 两卷", "BV 4 蓝 100米", 2, 0),
        ("BVR 1.5 黄绿 100米 x 4卷", "BVR 1.5 黄绿 100米", 4, 0),
        ("远东 BV2.5 红 100米/卷 x 5卷", "BV2.5 红 100米/卷", 5, 100),  # 5 rolls of 100 m
        ("RVV 3*1.5 200米 2卷", "RVV 3x1.5 200米", 2, 0),
        # the pack size said on the line: the count of packs knows it
        ("LC1D25M7 10只/盒 2盒", "LC1D25M7", 2, 10),
        ("LC1D25M7 10 pcs/box 2 boxes", "LC1D25M7", 2, 10),
        ("LC1D25M7 10pcs/box x 3 boxes", "LC1D25M7", 3, 10),
        ("XB2BA31 20个/箱 1箱", "XB2BA31", 1, 20),
        # one length alone is still the quantity of a cable cut to length
        ("RVV 3*1.5 200米", "RVV 3x1.5", 200, 0),
        ("LC1D09M7 红色 5个", "LC1D09M7", 5, 0),
    ],
)
def test_what_one_item_is_stands_before_how_many(text: str, code: str, qty: int, per: int) -> None:
    line = one(text)
    assert (line.code, line.qty, line.qty_error) == (code, qty, "")
    assert line.quantity is not None and line.quantity.per == per


def test_a_stated_pack_size_settles_packs_into_pieces_when_the_catalog_does_not_know_it() -> None:
    from b2bterm.domain.quantity import Quantity, settle

    q = one("LC1D25M7 10只/盒 2盒").quantity
    assert q is not None
    assert settle(q, "pc", 0).qty == 20  # the customer's 10 a box
    assert settle(q, "pc", 12).qty == 24  # the catalog's pack size wins where it has one
    assert Quantity.from_json(q.to_json()) == q  # kept with the draft line
    assert settle(one("LC1D25M7 2盒").quantity, "pc", 0).issue is not None  # nobody said: asked, never guessed


@pytest.mark.parametrize(
    ("text", "code", "qty"),
    [
        ("三菱 plc 32点 继电器输出 2台", "三菱 plc 32点 继电器输出", 2),
        ("施耐德 绿色按钮 常开 x 10", "施耐德 绿色按钮 常开", 10),
        ("正泰空开 两百只", "正泰空开", 200),
        ("omron proximity sensor pnp 5 pcs", "omron proximity sensor pnp", 5),
        ("德力西 接触器 3箱", "德力西 接触器", 3),
    ],
)
def test_a_product_named_by_brand_or_kind_with_a_count_is_a_line_to_look_up(text: str, code: str, qty: int) -> None:
    line = one(text)
    assert (line.code, line.qty) == (code, qty)


@pytest.mark.parametrize("text", ["一共10个", "施耐德的货什么时候到", "麻烦发5个", "谢谢 10个", "施耐德 接触器"])
def test_chat_and_products_without_a_count_stay_set_aside(text: str) -> None:
    result = parse_order_text(text)
    assert not result.lines and len(result.ignored) == 1


@pytest.mark.parametrize(("text", "qty"), [("欧姆龙 中间继电器 24VDC 两组 20只", 20), ("MY2N-GS DC24 两组 5个", 5),
                                           ("DZ47-60 C16 双极 3只", 3)])
def test_a_value_word_that_looks_like_a_count_is_what_the_product_is(text: str, qty: int) -> None:
    assert one(text).qty == qty


@pytest.mark.parametrize("text", ["LC1D09M7 半箱", "LC1D09M7 半盒", "LC1D09M7 要半箱", "LC1D09M7 半卷"])
def test_half_a_pack_is_asked_never_ordered_as_one(text: str) -> None:
    line = one(text)
    assert line.code == "LC1D09M7" and line.qty is None and line.effective_qty == 0
    assert line.qty_error and not line.qty_assumed

"""A whole paste is resolved in batches (one exact-code lookup for all its codes, one product read, near misses and
descriptions only for what is left): what each line comes to must be exactly what it comes to on its own."""

from __future__ import annotations

import random
import re
from dataclasses import replace

from b2bterm.quickorder.parser import parse_order_text
from b2bterm.quickorder.resolve import ResolvedLine, merge_repeats, resolve_lines

ACCOUNT = "C10023"
_CN = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens] if tens else "") + ("十" if tens else "") + (_CN[ones] if ones else "")


def _paste(models: list[str], rng: random.Random, lines: int) -> str:
    """A paste as customers send it: mixed layouts; models exact, sloppy (case, a space or dash, full width), with a
    slip, unknown or split across a cable's words; quantities in digits, Chinese, grouped, packs; chat between."""
    out = ["您好，麻烦报价以下型号，谢谢"]
    layouts = ("{m} {q}", "{m}\t{q}", "{m} x {q}", "{n}. {m} {q}", "{m},{q}", "型号: {m} 数量: {q}")
    for n in range(1, lines + 1):
        if rng.random() < 0.05:
            out.append(rng.choice(("电话：13812345678", "PO: 4500012345", "交期：2026-12-01", "急！！")))
        model = rng.choice(models)
        roll = rng.random()
        if roll < 0.15:  # a slip: one character changed, dropped or two swapped
            i = rng.randrange(len(model))
            model = rng.choice((model[:i] + "Q" + model[i + 1:], model[:i] + model[i + 1:],
                                model[:i] + model[i + 1:i + 2] + model[i:i + 1] + model[i + 2:]))
        elif roll < 0.2:
            model = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(rng.randint(6, 9)))
        elif roll < 0.35:
            model = rng.choice((model.lower(), "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in model),
                                model[:3] + rng.choice((" ", "-")) + model[3:]))
        qty = rng.choice(("{q}", "{q}个", "{q}pcs", "{zh}只", "{p}箱", "{k},{r:03d}", "")).format(
            q=rng.randint(1, 200), zh=_chinese(rng.randint(1, 99)), p=rng.randint(1, 5), k=rng.randint(1, 9),
            r=rng.randrange(1000))
        out.append(rng.choice(layouts).format(m=model, q=qty, n=n).rstrip())
        if n % 40 == 0:  # a product described, not named
            out.append(rng.choice(("施耐德接触器 9A 220V 5个", "正泰空开 3P 16A 十只",
                                   "schneider contactor 9a 220v x5")))
    out.append("谢谢！")
    return "\n".join(out)


def _what(line: ResolvedLine) -> ResolvedLine:
    """The line as the pad takes it: a pick list's candidates by SKU, how and score (a candidate carries its product
    only when the batch happened to read it for another line; the pick list reads the rest when it opens)."""
    return replace(line, candidates=tuple(replace(c, product=None) for c in line.candidates))


async def test_a_realistic_paste_resolves_in_batches_as_each_line_does_alone(desk) -> None:  # type: ignore[no-untyped-def]
    await desk.select_account(ACCOUNT)
    pad = desk.new_pad(ACCOUNT, title="batched")
    with desk.catalog.db.lock:
        skus = [r[0] for r in desk.catalog.db.conn.execute(  # models from all over the catalog: cables too
            "SELECT sku FROM (SELECT sku, id, row_number() OVER (ORDER BY id) AS n FROM product)"
            " WHERE n % 7 = 3 ORDER BY id LIMIT 400")]
    models = sorted({p.model for p in desk.catalog.products(skus).values()})
    rng = random.Random(18)
    parsed = parse_order_text(_paste(models, rng, 160))
    assert len(parsed.lines) >= 150 and parsed.ignored  # the greeting, the sign-off and the chat are set aside

    def resolve(lines: list, merge: bool = False) -> list:  # type: ignore[type-arg]
        return resolve_lines(pad.lookup, lines, account_id=ACCOUNT, merge=merge, candidate_products=False,
                             habits=pad.habits())

    batched = resolve(parsed.lines)
    alone = [r for line in parsed.lines for r in resolve([line])]
    assert [_what(r) for r in batched] == [_what(r) for r in alone]
    assert [_what(r) for r in resolve(parsed.lines, merge=True)] == [_what(r) for r in merge_repeats(alone)]
    # the paste had every kind of line: an exact model, one several products share, a prefix, near misses, a
    # description (a cable's words with "x 二只" after them), nothing found
    kinds = {(r.status.value, r.how.value if r.how else "") for r in batched}
    assert {("resolved", "model"), ("ambiguous", "model"), ("ambiguous", "prefix"), ("ambiguous", "fuzzy"),
            ("ambiguous", "described"), ("unknown", "")} <= kinds, kinds


async def test_a_model_the_parser_splits_resolves_by_the_whole_line(desk) -> None:  # type: ignore[no-untyped-def]
    # a cable typed in lower case or with a space slipped in ("wdz-ryy 8x2.5 x 60个", "ZR-RVV 16 x1 200m 48个"): the
    # parser takes a piece of it as the code; the line's whole text but its quantity is the model, found exactly
    await desk.select_account(ACCOUNT)
    pad = desk.new_pad(ACCOUNT, title="whole")
    with desk.catalog.db.lock:
        skus = [r[0] for r in desk.catalog.db.conn.execute("SELECT sku FROM product ORDER BY id LIMIT 4000")]
    products = desk.catalog.products(skus).values()
    cables = sorted({p.model for p in products if re.match(r"[A-Z]+(?:-[A-Z]+)? \d+x[\d.]+ ", p.model)})
    assert len(cables) >= 5
    rng = random.Random(5)
    lines, wanted = [], []
    for model in rng.sample(cables, 5):
        typed = rng.choice((model.lower(), model.replace(" ", "  ", 1).lower()))
        qty = rng.randint(2, 99)
        layout = rng.choice(("{m} x {q}个", "{m} {q}", "型号: {m} 数量: {q}", "7. {m} {q}只"))
        lines.append(layout.format(m=typed, q=qty))
        wanted.append((model, qty))
    parsed = parse_order_text("\n".join(lines)).lines
    got = resolve_lines(pad.lookup, parsed, account_id=ACCOUNT, merge=False, candidate_products=False)
    assert len(got) == len(lines)
    for line, r, (model, qty) in zip(lines, got, wanted, strict=True):
        shared = desk.catalog.match_codes([model], account_id=ACCOUNT)[model]
        assert r.how is not None and r.how.value == "model", (line, r.status, r.how, r.code)
        assert r.qty == qty and (r.sku in {m.sku for m in shared} or {c.sku for c in r.candidates} ==
                                 {m.sku for m in shared}), line


async def test_a_description_is_read_as_the_whole_search_reads_it(desk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # a line read as a description keeps only products that fit everything it states: its search stops before the
    # closest products and the "did you mean" it would discard (they took most of a paste's descriptions' time)
    from b2bterm.local import attr_search

    await desk.select_account(ACCOUNT)
    catalog = desk.catalog
    texts = ["施耐德接触器 9A 220V", "正泰空开 3P 16A", "schneider contactor 9a 220v", "施耐德接触器 9A 999V",
             "schneider contactor 7a 380v", "zr-bv 2.5 brown 100m x", "bvr 35 black 100m", "RVV 8 x0.5 100m",
             "正泰空开 3P 16A LC1D09M7", "施耐德接触器 9A 999V LC1D09M7", "绿色按钮 常开", "red pushbutton 1NO",
             "ABB 断路器 2P 63A", "relay 24VDC 2CO", "8A68T9HE", "RVVP 14x2.5 20m"]

    def kept(result) -> list[str] | None:  # type: ignore[no-untyped-def]
        """What ``resolve._described`` takes of a search result: its products, when they fit what was asked."""
        if result is None or result.understood is None or result.closest or result.did_you_mean or not result.hits:
            return None
        return [h.sku for h in result.hits]

    def whole(text: str):  # type: ignore[no-untyped-def]
        described = catalog.described(text, account_id=ACCOUNT, limit=20)
        return described if described is None else catalog.search(text, account_id=ACCOUNT, limit=20)

    outcomes = {text: kept(whole(text)) for text in texts}
    assert any(outcomes.values()) and not all(outcomes.values())
    closest = attr_search.closest_ids
    looked: list[str] = []
    monkeypatch.setattr(attr_search, "closest_ids", lambda *a, **k: (looked.append("closest"), closest(*a, **k))[1])
    for text in texts:
        assert kept(catalog.described(text, account_id=ACCOUNT, limit=20)) == outcomes[text], text
    described_looked = len(looked)  # only where a model number in the words may still be taken
    for text in texts:
        catalog.search(text, account_id=ACCOUNT, limit=20)  # the search proper still offers the closest products
    assert described_looked < len(looked) - described_looked

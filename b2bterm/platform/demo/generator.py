"""Build the demo distributor's SQLite file: catalog, customers and contracts, stock, 18 months of orders.

``build_demo_db(path, skus=20000, seed=7, anchor=None)`` writes to a temporary file beside ``path`` and renames it
into place, so a half-built file is never opened. Same seed and anchor give the same rows.

The catalog first takes the distinct items of every family (about 25,000: real model-number shapes, most common
first, families interleaved by weight so that a small catalog still spans every brand and category). A catalog
larger than that (benchmarks: 1,000,000) adds pack variants of those items (box of 10, 20, ...), each its own SKU.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from datetime import time as dtime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from b2bterm import clock
from b2bterm.domain.modelno import normalise
from b2bterm.domain.record import record
from b2bterm.platform.demo import reference as ref
from b2bterm.platform.demo.catalog import Family, Spec, families
from b2bterm.platform.demo.history import CST, HistoryBuilder, decimal_text
from b2bterm.platform.demo.schema import INDEXES, SCHEMA, SCHEMA_VERSION

PACK_VARIANTS = (10, 5, 20, 50, 100, 2, 25, 200, 12, 24, 30, 40, 60, 120, 250, 500, 1000, 3, 4, 6, 8, 15, 36, 48,
                 72, 80, 144, 150, 300, 400, 600, 800, 7, 9, 16, 18, 32, 45, 64, 90, 96, 180, 240, 360, 480, 720,
                 1200, 1500, 2000, 2500, 3000, 5000)
BREAK_SCHEDULES: dict[int, tuple[tuple[int, str], ...]] = {
    0: (),
    1: ((10, "0.97"), (50, "0.94"), (100, "0.91")),
    2: ((10, "0.96"), (50, "0.93"), (100, "0.90")),
    3: ((10, "0.97"), (50, "0.94"), (100, "0.92")),
    4: ((500, "0.95"), (1000, "0.92")),
    5: ((10, "0.98"), (50, "0.95"), (500, "0.92")),
}


@record
class DemoStats:
    path: Path
    skus: int
    distinct_items: int
    accounts: int
    warehouses: int
    orders: int
    order_lines: int
    shipments: int
    tracking_events: int
    seconds: float
    bytes: int


DEMO_TODAY_ENV = "B2BTERM_DEMO_TODAY"


def demo_today() -> date:
    """The day the demo's data is built around: ``B2BTERM_DEMO_TODAY`` (YYYY-MM-DD) when set, for a demo file that is
    the same whatever the day; otherwise today on the product's clock (b2bterm.clock), in China time."""
    raw = os.environ.get(DEMO_TODAY_ENV, "").strip()
    if not raw:
        return clock.today(CST)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"{DEMO_TODAY_ENV}={raw!r} is not a date (YYYY-MM-DD).") from None


def natural_capacity() -> int:
    """How many distinct items the families hold (before pack variants)."""
    return sum(sum(1 for _ in f.specs()) for f in families())


def ean13(body12: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body12))
    return body12 + str((10 - total % 10) % 10)


def _interleave(fams: list[Family]) -> Iterator[tuple[Spec, int, int]]:
    """(spec, weight, rank in family), families taking turns by weight until all are exhausted."""
    iters = [(f.weight, f.specs()) for f in fams]
    ranks = [0] * len(iters)
    live = list(range(len(iters)))
    while live:
        still: list[int] = []
        for i in live:
            weight, it = iters[i]
            alive = True
            for _ in range(weight):
                spec = next(it, None)
                if spec is None:
                    alive = False
                    break
                yield spec, weight, ranks[i]
                ranks[i] += 1
            if alive:
                still.append(i)
        live = still


def _sku_for(spec: Spec, taken: set[str]) -> str:
    prefix = ref.BRANDS[spec.brand][2]
    body = normalise(spec.model.replace(".", "P").replace(",", "P"))
    sku = f"{prefix}-{body}"
    n = 2
    while sku in taken:
        sku = f"{prefix}-{body}-{n}"
        n += 1
    taken.add(sku)
    return sku


def _display_names(spec: Spec) -> tuple[str, str]:
    """Names as the catalog shows them: the brand first, and the auxiliary contact where it tells items apart."""
    brand_en, brand_zh = ref.BRANDS[spec.brand][0], ref.BRANDS[spec.brand][1]
    en, zh = spec.name_en, spec.name_zh
    aux = dict(spec.attrs).get("aux_contacts", "none")
    if aux != "none":
        en, zh = f"{en}, aux {aux}", f"{zh} 辅助触点{aux}"
    if not en.startswith(brand_en):
        en = f"{brand_en} {en}"
    if not zh.startswith(brand_zh[:2]):
        zh = f"{brand_zh} {zh}"
    return en, zh




class _Builder(HistoryBuilder):
    def __init__(self, conn: sqlite3.Connection, skus: int, seed: int, anchor: date) -> None:
        self.conn = conn
        self.target = skus
        self.rng = random.Random(seed)
        self.seed = seed
        self.anchor = anchor
        self.stamp = datetime.combine(anchor, dtime(6, 0), CST).isoformat()
        # filled while building the catalog
        self.base: list[tuple[str, Spec, int]] = []  # (sku, spec, popularity) of distinct items, popular first
        self.info: dict[str, tuple[str, str, str, Decimal, int, str, str]] = {}  # base sku -> brand, category,...
        self.count = 0
        self.accounts: list[dict[str, object]] = []
        self.names: dict[str, str] = {}
        self.distinct = 0
        self.order_seq = 0

    # --- catalog ---------------------------------------------------------------------------------------------------

    def catalog(self) -> None:
        rng = self.rng
        taken: set[str] = set()
        ean_counter: dict[str, int] = {}
        classes: dict[str, list[tuple[str, str, str]]] = {}
        rows: list[tuple[object, ...]] = []
        xrefs: list[tuple[object, ...]] = []
        last_in_family: dict[tuple[str, str], str] = {}
        seq = 0

        def ean_for(brand: str) -> str:
            n = ean_counter.get(brand, 0) + 1
            ean_counter[brand] = n
            if n > 99999:
                return ""
            return ean13(ref.BRANDS[brand][3] + f"{n:05d}")

        def flush() -> None:
            self.conn.executemany(f"INSERT INTO products VALUES ({','.join('?' * 20)})", rows)
            rows.clear()
            if xrefs:
                self.conn.executemany("INSERT INTO xref VALUES (?,?,?,?,?)", xrefs)
                xrefs.clear()

        for spec, weight, rank in _interleave(families()):
            if seq >= self.target:
                break
            seq += 1
            sku = _sku_for(spec, taken)
            popularity = max(1, int(weight * 10000 / (1 + rank * 0.35)) + rng.randint(0, 50))
            status, superseded_by = "active", ""
            family_key = (spec.brand, spec.series)
            roll = rng.random()
            if rank > 8 and roll < 0.02:
                status = "discontinued"
                popularity //= 10
            elif rank > 8 and roll < 0.035 and family_key in last_in_family:
                status, superseded_by = "superseded", last_in_family[family_key]
                popularity //= 10
            last_in_family[family_key] = sku
            name_en, name_zh = _display_names(spec)
            rows.append((sku, seq, spec.model, normalise(spec.model), spec.brand, spec.category, spec.series,
                         name_en, name_zh, json.dumps(spec.attrs, ensure_ascii=False), spec.unit,
                         spec.pack, spec.moq, status, decimal_text(spec.price), popularity, ean_for(spec.brand),
                         superseded_by, spec.schedule, self.stamp))
            self.base.append((sku, spec, popularity))
            self.names[sku] = name_en
            self.info[sku] = (spec.brand, spec.category, spec.model, spec.price, spec.moq, spec.unit, status)
            for alias in spec.aliases:
                xrefs.append((sku, alias, normalise(alias), "alias", None))
            for code in spec.competitors:
                xrefs.append((sku, code, normalise(code), "competitor", None))
            if spec.equiv:
                classes.setdefault(spec.equiv, []).append((sku, spec.brand, spec.model))
            if len(rows) >= 5000:
                flush()
        flush()
        self.distinct = seq

        # pack variants beyond the distinct items (benchmarks). Each has its own ordering code, the item's model
        # with a packaging suffix, as manufacturers number their multi-packs: a catalog of 1M SKUs is then 1M
        # distinct model numbers, as a real distributor's is, not 25k models each shared by dozens of SKUs.
        for pack in PACK_VARIANTS:
            if seq >= self.target:
                break
            for sku, spec, popularity in self.base:
                if seq >= self.target:
                    break
                seq += 1
                unit_zh = "盒" if spec.unit == "pc" else "件"
                item_zh = {"pc": "个", "roll": "卷", "m": "米"}.get(spec.unit, "个")
                pack_model = f"{spec.model}-PK{pack}"
                rows.append((f"{sku}-B{pack}", seq, pack_model, normalise(pack_model), spec.brand, spec.category,
                             spec.series, f"{self.names[sku]}, box of {pack}",
                             f"{_display_names(spec)[1]}（{pack}{item_zh}/{unit_zh}）",
                             json.dumps((*spec.attrs, ("pack", str(pack))), ensure_ascii=False), "box",
                             spec.pack * pack, 1, "active", decimal_text(spec.price * pack * Decimal("0.98")),
                             max(1, popularity // (3 * pack)), ean_for(spec.brand), "", 0, self.stamp))
                if len(rows) >= 20000:
                    flush()
        flush()
        self.count = seq

        # cross-references between brands: each item lists the most popular equivalent of every other brand
        for members in classes.values():
            reps: dict[str, tuple[str, str, str]] = {}
            for m in members:
                reps.setdefault(m[1], m)
            if len(reps) < 2:
                continue
            for sku, brand, _model in members:
                partners = [r for b, r in reps.items() if b != brand][:5]
                xrefs.extend((sku, p_model, normalise(p_model), "equivalent", p_sku) for p_sku, _b, p_model in partners)
            if len(xrefs) > 20000:
                flush()
        flush()

        self.conn.executemany("INSERT INTO break_schedules VALUES (?,?,?)",
                              [(s, q, f) for s, tiers in BREAK_SCHEDULES.items() for q, f in tiers])

    # --- stock ------------------------------------------------------------------------------------------------------

    def stock(self) -> None:
        rng = self.rng
        self.conn.executemany("INSERT INTO warehouses VALUES (?,?,?)", ref.WAREHOUSES)
        shares = {"SH": 1.0, "GZ": 0.7, "BJ": 0.5, "CD": 0.3}
        rows: list[tuple[object, ...]] = []
        incoming: list[tuple[object, ...]] = []
        po = 0
        cur = self.conn.execute("SELECT sku, popularity, moq, status FROM products ORDER BY seq")
        for sku, popularity, moq, status in cur.fetchall():
            if status != "active":
                continue
            for code, share in shares.items():
                r = rng.random()
                if r > share * 0.9 + 0.05:
                    continue
                qty = int(popularity * share * rng.uniform(0.005, 0.06)) * moq
                if qty > 0:
                    rows.append((sku, code, qty))
            if rng.random() < 0.06:
                po += 1
                wh = rng.choice(("SH", "SH", "GZ", "BJ", "CD"))
                eta = self.anchor + timedelta(days=rng.randint(3, 45))
                incoming.append((sku, wh, max(moq, int(popularity * rng.uniform(0.01, 0.05)) * moq),
                                 eta.isoformat(), f"PO-{self.anchor:%y}{po:06d}"))
            if len(rows) > 50000:
                self.conn.executemany("INSERT INTO stock VALUES (?,?,?)", rows)
                rows.clear()
        self.conn.executemany("INSERT INTO stock VALUES (?,?,?)", rows)
        self.conn.executemany("INSERT INTO incoming VALUES (?,?,?,?,?)", incoming)

    # --- accounts and contracts -------------------------------------------------------------------------------------

    def _person(self) -> str:
        return self.rng.choice(ref.SURNAMES) + self.rng.choice(("工", "经理", "总", "小姐", "先生"))

    def _mobile(self) -> str:
        rng = self.rng
        return f"1{rng.choice('3589')}{rng.randint(0, 9)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"

    def accounts_and_contracts(self) -> None:
        rng = self.rng
        conn = self.conn
        conn.executemany("INSERT INTO account_groups VALUES (?,?)", [(g, v[2]) for g, v in ref.GROUPS.items()])
        group_rules = [("PANEL", "CHT", "", "0.12"), ("PANEL", "DLX", "", "0.12"), ("PANEL", "SE", "", "0.08"),
                       ("PANEL", "", "terminal", "0.10"), ("OEM", "", "", "0.05"), ("OEM", "OMR", "", "0.10"),
                       ("OEM", "", "prox", "0.08"), ("CONTRACTOR", "", "cable", "0.06"),
                       ("CONTRACTOR", "", "mcb", "0.05"), ("MRO", "", "", "0.03"), ("RETAIL", "", "cable", "0.02")]
        conn.executemany("INSERT INTO group_discounts VALUES (?,?,?,?)", group_rules)
        self.group_rules = group_rules
        groups = list(ref.GROUPS)
        popular = [sku for sku, _s, _p in self.base if self.info[sku][6] == "active"][:4000]
        self.contract_prices: dict[tuple[str, str], Decimal] = {}
        self.account_disc: dict[str, list[tuple[str, str, Decimal]]] = {}
        accounts, ship_tos, contracts, prices, discounts, parts = [], [], [], [], [], []
        for i, (zh_stem, en_stem) in enumerate(ref.COMPANY_STEMS):
            grp = groups[i % len(groups)] if i > 4 else groups[i]
            zh_kinds, en_kinds, _label = ref.GROUPS[grp]
            k = rng.randrange(len(zh_kinds))
            city, _province, _districts, _hub, area = ref.CITIES[(i * 7) % len(ref.CITIES)]
            city_en = {"上海": "Shanghai", "苏州": "Suzhou", "无锡": "Wuxi", "南京": "Nanjing", "杭州": "Hangzhou",
                       "宁波": "Ningbo", "温州": "Wenzhou", "广州": "Guangzhou", "深圳": "Shenzhen",
                       "东莞": "Dongguan", "佛山": "Foshan", "北京": "Beijing", "天津": "Tianjin", "成都": "Chengdu",
                       "重庆": "Chongqing", "武汉": "Wuhan", "西安": "Xi'an", "青岛": "Qingdao",
                       "郑州": "Zhengzhou", "长沙": "Changsha"}[city]
            code = f"C{10000 + 23 + i * 37}"
            name_zh = f"{city}{zh_stem}{zh_kinds[k]}"
            name = f"{city_en} {en_stem} {en_kinds[k]}"
            phone = f"{area}-{rng.randint(5000, 8999)} {rng.randint(1000, 9999)}"
            terms = ref.PAYMENT_TERMS[0 if grp == "RETAIL" and i % 3 else rng.choice((1, 1, 1, 2, 2, 3))]
            accounts.append((code, code, name, name_zh, grp, phone, "".join(c for c in phone if c.isdigit()), terms,
                             "CNY", "0.13"))
            for s in range(rng.choice((1, 1, 2, 3))):
                c2, p2, d2, _h2, _a2 = ref.CITIES[(i * 7 + s * 3) % len(ref.CITIES)] if s else ref.CITIES[
                    (i * 7) % len(ref.CITIES)]
                district = rng.choice(d2)
                prov = "" if p2.startswith(c2) else p2
                address = (f"{prov}{c2}市{district}{rng.choice(ref.ROADS)}{rng.randint(1, 2999)}号"
                           f"{rng.choice(('', '3号厂房', 'A栋2楼', '仓库收货处', '5号门'))}")
                label = "总部 Head office" if s == 0 else rng.choice(("工厂 Plant", "项目部 Site office",
                                                                     "仓库 Warehouse"))
                ship_tos.append((f"{code}-{s + 1}", code, s, f"{label} {c2}", address, self._person(), self._mobile()))
            favourites = rng.sample(popular[:1500], 40) + rng.sample(popular, 40)
            self.accounts.append({"id": code, "group": grp, "favourites": favourites,
                                  "size": rng.choice((1, 2, 2, 3, 3, 4, 6, 9)), "ship_tos": s + 1})
            disc: list[tuple[str, str, Decimal]] = []
            if i % 7 != 6:  # most customers have a contract
                year = self.anchor.year
                number = f"HT{year}-{1000 + i * 13:04d}"
                valid_from = self.anchor - timedelta(days=rng.randint(30, 300))
                valid_to = self.anchor + timedelta(days=rng.randint(120, 500))
                contracts.append((number, code, valid_from.isoformat(), valid_to.isoformat(),
                                  f"{year}年度框架协议 / {year} frame agreement"))
                for sku in favourites[: rng.randint(15, 40)]:
                    base = self.info[sku][3]
                    special = (base * Decimal(rng.choice(("0.62", "0.65", "0.68", "0.70", "0.72", "0.75", "0.78")))
                               ).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
                    prices.append((number, code, sku, 1, decimal_text(special)))
                    self.contract_prices[(code, sku)] = special
                    if rng.random() < 0.35:
                        prices.append((number, code, sku, 50, decimal_text(special * Decimal("0.96"))))
                        prices.append((number, code, sku, 100, decimal_text(special * Decimal("0.93"))))
                for brand in rng.sample(("SE", "SIE", "ABB", "OMR", "CHT", "DLX", "PXC"), rng.randint(1, 3)):
                    pct = Decimal(rng.choice(("0.15", "0.18", "0.20", "0.25", "0.30")))
                    discounts.append((code, number, brand, "", str(pct)))
                    disc.append((brand, "", pct))
                if rng.random() < 0.4:
                    discounts.append((code, number, "", "cable", "0.10"))
                    disc.append(("", "cable", Decimal("0.10")))
                if i % 4 == 0:  # an expired contract whose prices must no longer apply
                    old = f"HT{year - 2}-{1000 + i * 13:04d}"
                    contracts.append((old, code, (self.anchor - timedelta(days=900)).isoformat(),
                                      (self.anchor - timedelta(days=200)).isoformat(),
                                      f"{year - 2}年度框架协议（已过期）/ {year - 2} frame agreement (expired)"))
                    for sku in favourites[40:48]:
                        prices.append((old, code, sku, 1, decimal_text(self.info[sku][3] * Decimal("0.5"))))
            self.account_disc[code] = disc
            if grp in ("OEM", "PANEL", "MRO"):
                style = i % 3
                for n, sku in enumerate(favourites[:60]):
                    if style == 0:
                        head = rng.choice(("3", "4"))
                        cpn = f"{head}.{rng.randint(1, 9):02d}.{n + 10:02d}.{rng.randint(1, 9999):04d}"
                    elif style == 1:
                        cpn = f"{en_stem[:2].upper()}-E{n + 100:04d}"
                    else:
                        cpn = f"{rng.randint(10000000, 99999999)}"
                    parts.append((code, cpn, normalise(cpn), sku))
        conn.executemany("INSERT INTO accounts VALUES (?,?,?,?,?,?,?,?,?,?)", accounts)
        conn.executemany("INSERT INTO ship_tos VALUES (?,?,?,?,?,?,?)", ship_tos)
        conn.executemany("INSERT INTO contracts VALUES (?,?,?,?,?)", contracts)
        conn.executemany("INSERT INTO contract_prices VALUES (?,?,?,?,?)", prices)
        conn.executemany("INSERT INTO account_discounts VALUES (?,?,?,?,?)", discounts)
        conn.executemany("INSERT OR IGNORE INTO customer_parts VALUES (?,?,?,?)", parts)

    # (number suffix, group ('' = every customer), first day, last day (from the anchor), description)
    PROMOTIONS = (
        ("01", "", -90, -31, "春季促销 Spring sale"),
        ("02", "", -14, 16, "年终促销 Year-end sale"),
        ("03", "PANEL", -3, 45, "成套厂专享 Panel builders' offer"),
        ("04", "", -30, 0, "月度特惠 Offer of the month"),
        ("05", "CONTRACTOR", 1, 30, "工程季 Contractors' season"),
        ("06", "", 20, 60, "新春备货 New-year stock-up"),
    )

    def promotions(self) -> None:
        """Dated promotions around the anchor day: ended, running (one ends on the anchor day), and to come; for every
        customer or one group. Some of their SKUs carry contract prices with breaks too. Their own random stream,
        so the rest of the demo stays as it was."""
        rng = random.Random(self.seed * 7919 + 21)
        popular = [sku for sku, _s, _p in self.base if self.info[sku][6] == "active"][:4000]
        tiered = [r[0] for r in self.conn.execute(
            "SELECT DISTINCT sku FROM contract_prices WHERE min_qty > 1 ORDER BY sku")]
        heads, prices = [], []
        for suffix, grp, first, last, text in self.PROMOTIONS:
            number = f"CX{self.anchor:%y}-{suffix}"
            heads.append((number, grp, (self.anchor + timedelta(days=first)).isoformat(),
                          (self.anchor + timedelta(days=last)).isoformat(), text))
            chosen = dict.fromkeys(rng.sample(popular, min(len(popular), 40))
                                   + rng.sample(tiered, min(len(tiered), 12)))
            for sku in chosen:
                unit = (self.info[sku][3] * Decimal(rng.choice(("0.60", "0.64", "0.68", "0.72", "0.76")))
                        ).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
                prices.append((number, sku, 1, decimal_text(unit)))
                if rng.random() < 0.3:
                    prices.append((number, sku, 20, decimal_text((unit * Decimal("0.95")).quantize(Decimal("0.01")))))
        self.conn.executemany("INSERT INTO promotions VALUES (?,?,?,?,?)", heads)
        self.conn.executemany("INSERT INTO promotion_prices VALUES (?,?,?,?)", prices)


def build_demo_db(path: Path | str, *, skus: int = 20000, seed: int = 7, anchor: date | None = None) -> DemoStats:
    """Build the demo platform file at ``path`` (replacing it). Writes a temp file, then renames it into place."""
    if skus < 200:
        raise ValueError("the demo catalog needs at least 200 SKUs")
    capacity = natural_capacity() * (1 + len(PACK_VARIANTS))
    if skus > capacity:
        raise ValueError(f"the demo catalog holds at most {capacity} SKUs")
    started = time.perf_counter()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    anchor = anchor or demo_today()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.building")
    for leftover in (tmp, Path(f"{tmp}-journal")):
        leftover.unlink(missing_ok=True)
    conn = sqlite3.connect(str(tmp), isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-200000")
        conn.execute("BEGIN")
        for statement in SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.executemany("INSERT INTO brands VALUES (?,?,?)", [(c, v[0], v[1]) for c, v in ref.BRANDS.items()])
        conn.executemany("INSERT INTO categories VALUES (?,?,?)", [(c, v[0], v[1]) for c, v in ref.CATEGORIES.items()])
        b = _Builder(conn, skus, seed, anchor)
        b.catalog()
        b.stock()
        b.accounts_and_contracts()
        b.orders()
        b.promotions()
        meta = {"schema": str(SCHEMA_VERSION), "seed": str(seed), "anchor": anchor.isoformat(), "skus": str(b.count),
                "distinct_items": str(b.distinct), "order_seq": str(b.order_seq)}
        conn.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
        for statement in INDEXES.split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.execute("COMMIT")
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("accounts", "warehouses", "orders", "order_lines", "shipments", "tracking_events")}
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("ANALYZE")
    finally:
        conn.close()
    for side in ("-wal", "-shm"):  # a stale WAL must never be replayed into the new file
        Path(f"{path}{side}").unlink(missing_ok=True)
    os.replace(tmp, path)
    return DemoStats(path=path, skus=b.count, distinct_items=b.distinct, accounts=counts["accounts"],
                     warehouses=counts["warehouses"], orders=counts["orders"], order_lines=counts["order_lines"],
                     shipments=counts["shipments"], tracking_events=counts["tracking_events"],
                     seconds=round(time.perf_counter() - started, 2), bytes=path.stat().st_size)

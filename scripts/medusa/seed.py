"""Seed a fresh Medusa 2.21.2 store through the Admin API for b2bterm's adapter tests; write what was seeded to facts.

Run by scripts/medusa-testbed.sh against the template database. The facts file is a small SQLite database whose tables
and columns follow the demo platform's schema (the subset the contract tests query), with Medusa's ids, so the shared
contract suite can ask "an account with a contract tier" of either platform the same way.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import httpx

CNY = "cny"
NOW = datetime.now(UTC)
TODAY = NOW.date()

BRANDS = ["Schneider Electric", "Siemens", "CHINT", "Omron", "ABB"]
CATEGORIES = {
    "Contactors": "接触器",
    "Motor protection": "电动机保护断路器",
    "Miniature circuit breakers": "微型断路器",
    "Relays": "中间继电器",
    "Push buttons": "按钮",
}
# sku, model, brand, category, name_en, name_zh, list price, ean, schedule (1: base tier -3% from 10), xrefs, subst
PRODUCTS: list[tuple[str, str, str, str, str, str, str, str, int, list[str], list[str]]] = [
    ("SE-LC1D09M7", "LC1D09M7", "Schneider Electric", "Contactors", "Schneider TeSys D contactor 3P 9A 220V AC coil",
     "施耐德 TeSys D 交流接触器 3P 9A 线圈AC220V", "186.50", "3389110000017", 1, ["CJX2-0910"], ["SE-LC1D12M7"]),
    ("SE-LC1D12M7", "LC1D12M7", "Schneider Electric", "Contactors", "Schneider TeSys D contactor 3P 12A 220V AC coil",
     "施耐德 TeSys D 交流接触器 3P 12A 线圈AC220V", "214.00", "3389110000024", 1, ["CJX2-1210"], ["SE-LC1D09M7"]),
    ("SE-LC1D18M7", "LC1D18M7", "Schneider Electric", "Contactors", "Schneider TeSys D contactor 3P 18A 220V AC coil",
     "施耐德 TeSys D 交流接触器 3P 18A 线圈AC220V", "276.80", "3389110000031", 1, ["CJX2-1810"], []),
    ("SE-LC1D25M7", "LC1D25M7", "Schneider Electric", "Contactors", "Schneider TeSys D contactor 3P 25A 220V AC coil",
     "施耐德 TeSys D 交流接触器 3P 25A 线圈AC220V", "398.00", "3389110000048", 0, [], []),
    ("SE-GV2ME08", "GV2ME08", "Schneider Electric", "Motor protection", "Schneider GV2ME motor circuit breaker 2.5-4A",
     "施耐德 GV2ME 电动机保护断路器 2.5-4A", "312.40", "3389110000055", 1, ["DZ108-20/211-4A"], ["SE-GV2ME10"]),
    ("SE-GV2ME10", "GV2ME10", "Schneider Electric", "Motor protection", "Schneider GV2ME motor circuit breaker 4-6.3A",
     "施耐德 GV2ME 电动机保护断路器 4-6.3A", "318.00", "3389110000062", 1, [], ["SE-GV2ME08"]),
    ("SE-GV2ME14", "GV2ME14", "Schneider Electric", "Motor protection", "Schneider GV2ME motor circuit breaker 6-10A",
     "施耐德 GV2ME 电动机保护断路器 6-10A", "326.50", "3389110000079", 0, [], []),
    ("SE-A9F74116", "A9F74116", "Schneider Electric", "Miniature circuit breakers", "Schneider Acti9 iC65N MCB 1P C16",
     "施耐德 Acti9 iC65N 微型断路器 1P C16", "42.60", "3606480000010", 1, [], []),
    ("SE-A9F74216", "A9F74216", "Schneider Electric", "Miniature circuit breakers", "Schneider Acti9 iC65N MCB 2P C16",
     "施耐德 Acti9 iC65N 微型断路器 2P C16", "96.20", "3606480000027", 1, [], []),
    ("SE-XB2BA31C", "XB2BA31C", "Schneider Electric", "Push buttons", "Schneider XB2 push button green 1NO",
     "施耐德 XB2 按钮 绿色 1常开", "18.90", "3389110000086", 0, [], []),
    ("SIE-3RT2015-1BB41", "3RT2015-1BB41", "Siemens", "Contactors", "Siemens SIRIUS contactor 3P 7A 24V DC coil",
     "西门子 SIRIUS 接触器 3P 7A 线圈DC24V", "298.00", "4011209000019", 1, ["CJX2-0901Z"], []),
    ("SIE-3RT2016-1AN21", "3RT2016-1AN21", "Siemens", "Contactors", "Siemens SIRIUS contactor 3P 9A 220V AC coil",
     "西门子 SIRIUS 接触器 3P 9A 线圈AC220V", "265.00", "4011209000026", 1, [], []),
    ("SIE-3RT2026-1AN20", "3RT2026-1AN20", "Siemens", "Contactors", "Siemens SIRIUS contactor 3P 25A 220V AC coil",
     "西门子 SIRIUS 接触器 3P 25A 线圈AC220V", "512.00", "4011209000033", 0, [], []),
    ("SIE-3RV2011-1EA10", "3RV2011-1EA10", "Siemens", "Motor protection", "Siemens 3RV2 motor starter protector 2.8-4A",
     "西门子 3RV2 电动机保护断路器 2.8-4A", "420.00", "4011209000040", 1, [], []),
    ("SIE-3RV2011-1FA10", "3RV2011-1FA10", "Siemens", "Motor protection", "Siemens 3RV2 motor starter protector 3.5-5A",
     "西门子 3RV2 电动机保护断路器 3.5-5A", "420.00", "4011209000057", 0, [], []),
    ("SIE-5SJ6116-7CR", "5SJ6116-7CR", "Siemens", "Miniature circuit breakers", "Siemens 5SJ6 MCB 1P C16",
     "西门子 5SJ6 微型断路器 1P C16", "38.50", "4011209000064", 1, [], []),
    ("SIE-5SJ6216-7CR", "5SJ6216-7CR", "Siemens", "Miniature circuit breakers", "Siemens 5SJ6 MCB 2P C16",
     "西门子 5SJ6 微型断路器 2P C16", "84.00", "4011209000071", 0, [], []),
    ("CHNT-NXC-09", "NXC-09", "CHINT", "Contactors", "CHINT NXC contactor 3P 9A 220V AC coil",
     "正泰 NXC 交流接触器 3P 9A 线圈AC220V", "48.60", "6943774000016", 1, ["LC1D09"], []),
    ("CHNT-NXC-12", "NXC-12", "CHINT", "Contactors", "CHINT NXC contactor 3P 12A 220V AC coil",
     "正泰 NXC 交流接触器 3P 12A 线圈AC220V", "56.20", "6943774000023", 1, [], []),
    ("CHNT-NXC-25", "NXC-25", "CHINT", "Contactors", "CHINT NXC contactor 3P 25A 220V AC coil",
     "正泰 NXC 交流接触器 3P 25A 线圈AC220V", "98.40", "6943774000030", 0, [], []),
    ("CHNT-NXB-63-1P-C16", "NXB-63 1P C16", "CHINT", "Miniature circuit breakers", "CHINT NXB-63 MCB 1P C16",
     "正泰 NXB-63 微型断路器 1P C16", "12.80", "6943774000047", 1, [], []),
    ("CHNT-NXB-63-2P-C16", "NXB-63 2P C16", "CHINT", "Miniature circuit breakers", "CHINT NXB-63 MCB 2P C16",
     "正泰 NXB-63 微型断路器 2P C16", "27.60", "6943774000054", 1, [], []),
    ("CHNT-NXB-63-1P-C32", "NXB-63 1P C32", "CHINT", "Miniature circuit breakers", "CHINT NXB-63 MCB 1P C32",
     "正泰 NXB-63 微型断路器 1P C32", "14.20", "6943774000061", 0, [], []),
    ("CHNT-NS2-25-4A", "NS2-25 4A", "CHINT", "Motor protection", "CHINT NS2-25 motor protection breaker 2.5-4A",
     "正泰 NS2-25 电动机保护断路器 2.5-4A", "86.00", "6943774000078", 0, [], []),
    ("OMR-MY2N-GS-DC24", "MY2N-GS DC24", "Omron", "Relays", "Omron MY2N-GS general purpose relay 24V DC",
     "欧姆龙 MY2N-GS 中间继电器 DC24V", "32.50", "4547648000019", 1, [], []),
    ("OMR-MY4N-GS-AC220", "MY4N-GS AC220/240", "Omron", "Relays", "Omron MY4N-GS general purpose relay 220V AC",
     "欧姆龙 MY4N-GS 中间继电器 AC220V", "41.80", "4547648000026", 1, [], []),
    ("OMR-G2R-1-SN-DC24", "G2R-1-SN DC24", "Omron", "Relays", "Omron G2R-1-SN power relay 24V DC",
     "欧姆龙 G2R-1-SN 功率继电器 DC24V", "29.40", "4547648000033", 0, [], []),
    ("ABB-AF09-30-10-13", "AF09-30-10-13", "ABB", "Contactors", "ABB AF contactor 3P 9A 100-250V AC/DC coil",
     "ABB AF 接触器 3P 9A 线圈AC/DC100-250V", "305.00", "7320500000011", 1, [], []),
    ("ABB-S201-C16", "S201-C16", "ABB", "Miniature circuit breakers", "ABB S200 MCB 1P C16",
     "ABB S200 微型断路器 1P C16", "45.30", "7320500000028", 1, [], []),
    ("ABB-MS132-4.0", "MS132-4.0", "ABB", "Motor protection", "ABB MS132 manual motor starter 2.5-4A",
     "ABB MS132 电动机保护断路器 2.5-4A", "388.00", "7320500000035", 0, [], []),
]
WAREHOUSES = [("SH", "Shanghai warehouse 上海仓", "Shanghai"), ("GZ", "Guangzhou warehouse 广州仓", "Guangzhou"),
              ("BJ", "Beijing warehouse 北京仓", "Beijing")]
GROUPS = [("KA", "Key accounts 重点客户"), ("INST", "Installers 安装商")]
CITIES = ["Shanghai", "Suzhou", "Hangzhou", "Ningbo", "Wuxi", "Nanjing", "Guangzhou", "Shenzhen", "Foshan", "Tianjin"]
ZH_CITIES = ["上海", "苏州", "杭州", "宁波", "无锡", "南京", "广州", "深圳", "佛山", "天津"]
WORDS = [("Hengtong", "恒通"), ("Jiali", "嘉利"), ("Xinda", "信达"), ("Huayu", "华宇"), ("Dongfang", "东方"),
         ("Ruifeng", "瑞丰"), ("Tianhe", "天和"), ("Minghui", "明辉"), ("Yongsheng", "永盛"), ("Kaiyuan", "开元")]
TRADES = [("Electric", "电气"), ("Automation", "自动化"), ("Mechanical & Electrical", "机电"), ("Power", "电力")]
N_CUSTOMERS = 40


def money(value: str | Decimal) -> float:
    """A JSON number for Medusa (it refuses strings). Two-place amounts survive float's shortest repr exactly."""
    number = float(Decimal(value))
    assert Decimal(repr(number)) == Decimal(value), value
    return number


class Admin:
    def __init__(self, url: str, user: str, password: str) -> None:
        self.client = httpx.Client(base_url=url, timeout=60)
        r = self.client.post("/auth/user/emailpass", json={"email": user, "password": password})
        r.raise_for_status()
        self.client.headers["Authorization"] = f"Bearer {r.json()['token']}"

    def call(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        r = self.client.request(method, path, json=body, params=params or None)
        if r.status_code >= 400:
            raise SystemExit(f"{method} {path} -> {r.status_code}: {r.text[:800]}")
        return r.json() if r.content else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.call("GET", path, **params)

    def post(self, path: str, body: Any = None) -> Any:
        return self.call("POST", path, body)


FACTS_SCHEMA = """
CREATE TABLE products (sku TEXT, seq INTEGER, model TEXT, brand TEXT, category TEXT, name_en TEXT, name_zh TEXT,
    status TEXT, list_price TEXT, ean TEXT, schedule INTEGER, variant_id TEXT, product_id TEXT);
CREATE TABLE xref (sku TEXT, code TEXT, kind TEXT);
CREATE TABLE warehouses (code TEXT, name TEXT, location_id TEXT);
CREATE TABLE stock (sku TEXT, warehouse TEXT, on_hand INTEGER);
CREATE TABLE incoming (sku TEXT, warehouse TEXT, qty INTEGER, eta TEXT);
CREATE TABLE account_groups (code TEXT, label TEXT, group_id TEXT);
CREATE TABLE group_discounts (grp TEXT, brand TEXT, category TEXT, pct TEXT);
CREATE TABLE accounts (id TEXT, code TEXT, name TEXT, name_zh TEXT, grp TEXT, phone TEXT, payment_terms TEXT);
CREATE TABLE contracts (number TEXT, account_id TEXT, valid_from TEXT, valid_to TEXT, description TEXT, kind TEXT);
CREATE TABLE contract_prices (contract TEXT, account_id TEXT, sku TEXT, min_qty INTEGER, price TEXT);
CREATE TABLE customer_parts (account_id TEXT, code TEXT, sku TEXT);
CREATE TABLE orders (number TEXT, account_id TEXT, placed_at TEXT, status TEXT, po_number TEXT);
CREATE TABLE order_lines (order_number TEXT, sku TEXT, qty INTEGER, unit_price TEXT, qty_backordered INTEGER);
CREATE TABLE shipments (id TEXT, order_number TEXT, carrier TEXT, tracking_number TEXT, tracking_url TEXT,
    delivered INTEGER);
CREATE TABLE tracking_events (shipment_id TEXT, at TEXT, description TEXT, place TEXT, status TEXT);
"""


def seed(api: Admin, facts: sqlite3.Connection) -> None:
    fx = facts.execute
    store = api.get("/admin/stores")["stores"][0]
    channel = store["default_sales_channel_id"]
    region = api.post("/admin/regions", {
        "name": "China", "currency_code": CNY, "countries": ["cn"], "payment_providers": ["pp_system_default"],
        "automatic_taxes": True})["region"]
    api.post(f"/admin/stores/{store['id']}", {
        "name": "Huadong Industrial Supply", "default_region_id": region["id"],
        "supported_currencies": [{"currency_code": CNY, "is_default": True}]})
    api.post("/admin/tax-regions", {"country_code": "cn", "default_tax_rate": {
        "rate": 13, "code": "VAT13", "name": "China VAT 13%"}, "provider_id": "tp_system"})

    profile = api.get("/admin/shipping-profiles")["shipping_profiles"][0]["id"]
    locations: dict[str, str] = {}
    option_id = ""
    for code, name, city in WAREHOUSES:
        loc = api.post("/admin/stock-locations", {"name": name, "metadata": {"code": code},
                                                  "address": {"address_1": f"{city} logistics park",
                                                              "city": city, "country_code": "cn"}})["stock_location"]
        locations[code] = loc["id"]
        fx("INSERT INTO warehouses VALUES (?,?,?)", (code, name, loc["id"]))
        api.post(f"/admin/stock-locations/{loc['id']}/sales-channels", {"add": [channel]})
        api.post(f"/admin/stock-locations/{loc['id']}/fulfillment-providers", {"add": ["manual_manual"]})
        api.post(f"/admin/stock-locations/{loc['id']}/fulfillment-sets", {"name": f"{code} delivery",
                                                                          "type": "shipping"})
        fset = api.get(f"/admin/stock-locations/{loc['id']}",
                       fields="id,fulfillment_sets.id")["stock_location"]["fulfillment_sets"][0]
        api.post(f"/admin/fulfillment-sets/{fset['id']}/service-zones", {
            "name": f"{code} China", "geo_zones": [{"type": "country", "country_code": "cn"}]})
        zone_id = api.get(f"/admin/stock-locations/{loc['id']}", fields="id,fulfillment_sets.service_zones.id"
                          )["stock_location"]["fulfillment_sets"][0]["service_zones"][0]["id"]
        opt = api.post("/admin/shipping-options", {
            "name": f"{code} freight, prepaid", "service_zone_id": zone_id, "shipping_profile_id": profile,
            "provider_id": "manual_manual", "price_type": "flat",
            "type": {"label": "Freight", "description": "Distributor's own freight", "code": "freight"},
            "prices": [{"currency_code": CNY, "amount": 0}]})["shipping_option"]
        option_id = option_id or opt["id"]
    api.post(f"/admin/stores/{store['id']}", {"default_location_id": locations["SH"]})

    brands = {b: api.post("/admin/collections", {"title": b})["collection"]["id"] for b in BRANDS}
    cats = {c: api.post("/admin/product-categories", {"name": c, "is_active": True,
                                                        "metadata": {"name_zh": zh}})["product_category"]["id"]
            for c, zh in CATEGORIES.items()}
    variants: dict[str, str] = {}
    for seq, (sku, model, brand, cat, en, zh, price, ean, schedule, xrefs, subst) in enumerate(PRODUCTS):
        prices = [{"currency_code": CNY, "amount": money(price)}]
        if schedule == 1:
            tier = (Decimal(price) * Decimal("0.97")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            prices.append({"currency_code": CNY, "amount": money(tier), "min_quantity": 10})
        handle = "".join(ch for ch in model.lower() if ch.isalnum())
        product = api.post("/admin/products", {
            "title": en, "subtitle": zh, "handle": handle, "status": "published", "collection_id": brands[brand],
            "shipping_profile_id": profile,
            "categories": [{"id": cats[cat]}], "sales_channels": [{"id": channel}],
            "metadata": {"model": model, "cross_refs": xrefs, "substitutes": subst, "unit": "pc", "pack_size": 1,
                         "moq": 1, "popularity": 1000 - seq},
            "options": [{"title": "Pack", "values": ["1 pc"]}],
            "variants": [{"title": "1 pc", "sku": sku, "ean": ean, "manage_inventory": True,
                          "options": {"Pack": "1 pc"}, "prices": prices}]})["product"]
        variant = product["variants"][0]
        variants[sku] = variant["id"]
        fx("INSERT INTO products VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
           (sku, seq, model, brand, cat, en, zh, "active", price, ean, schedule, variant["id"], product["id"]))
        for code in xrefs:
            fx("INSERT INTO xref VALUES (?,?,?)", (sku, code, "competitor"))

    items = api.get("/admin/inventory-items", limit=500, fields="id,sku")["inventory_items"]
    item_of = {i["sku"]: i["id"] for i in items}
    for n, (sku, *_rest) in enumerate(PRODUCTS):
        levels = []
        for w, (code, _name, _city) in enumerate(WAREHOUSES):
            on_hand = (n * 37 + w * 53) % 400 + (500 if n == 0 and code == "SH" else 0)
            levels.append({"location_id": locations[code], "stocked_quantity": on_hand})
            fx("INSERT INTO stock VALUES (?,?,?)", (sku, code, on_hand))
        api.post(f"/admin/inventory-items/{item_of[sku]}/location-levels/batch", {"create": levels})

    groups = {code: api.post("/admin/customer-groups", {"name": label, "metadata": {"code": code}})
              ["customer_group"]["id"] for code, label in GROUPS}
    for code, label in GROUPS:
        fx("INSERT INTO account_groups VALUES (?,?,?)", (code, label, groups[code]))

    accounts: list[tuple[str, str, str]] = []  # (id, code, group)
    for n in range(N_CUSTOMERS):
        word, zh_word = WORDS[n % len(WORDS)]
        trade, zh_trade = TRADES[(n // len(WORDS)) % len(TRADES)]
        city, zh_city = CITIES[n % len(CITIES)], ZH_CITIES[n % len(ZH_CITIES)]
        code = f"C{10001 + n}"
        name = f"{city} {word} {trade} Co., Ltd."
        name_zh = f"{zh_city}{zh_word}{zh_trade}有限公司"
        phone = f"0{21 + n % 7}-{58880000 + n * 1373}"
        grp = "KA" if n % 4 == 0 else ("INST" if n % 4 == 1 else "")
        terms = ["Net 30", "Net 60", "Prepaid", "Monthly statement"][n % 4]
        part_numbers = {}
        if n < 4:
            part_numbers = {f"{code}-CT-{k:03d}": PRODUCTS[k][0] for k in range(3)}
        # the code lives in metadata only (as in a real store): never in the e-mail, where Medusa's q would find it
        cust = api.post("/admin/customers", {
            "email": f"purchasing.{trade.split()[0].lower()}@{word.lower()}-{city.lower()}-{n * 7 + 3}.example.cn",
            "company_name": name,
            "first_name": ["Wang", "Li", "Zhang", "Liu", "Chen"][n % 5], "last_name": "(purchasing)",
            "phone": phone,
            "metadata": {"code": code, "name_zh": name_zh, "payment_terms": terms, "part_numbers": part_numbers}
        })["customer"]
        cid = cust["id"]
        for pos in range(2 if n % 3 == 0 else 1):
            api.post(f"/admin/customers/{cid}/addresses", {
                "address_name": "Main warehouse" if pos == 0 else "Site office", "company": name,
                "first_name": "Receiving", "last_name": "dock", "address_1": f"{100 + n + pos * 7} Industrial Road",
                "city": city, "country_code": "cn", "postal_code": f"{200000 + n}", "phone": phone,
                "is_default_shipping": pos == 0})
        if grp:
            api.post(f"/admin/customer-groups/{groups[grp]}/customers", {"add": [cid]})
        accounts.append((cid, code, grp))
        fx("INSERT INTO accounts VALUES (?,?,?,?,?,?,?)", (cid, code, name, name_zh, grp, phone, terms))
        for pcode, sku in part_numbers.items():
            fx("INSERT INTO customer_parts VALUES (?,?,?)", (cid, pcode, sku))

    def price_list(title: str, kind: str, grp: str, start: datetime, end: datetime,
                   prices: list[tuple[str, int, str]], description: str) -> None:
        api.post("/admin/price-lists", {
            "title": title, "description": description, "type": kind, "status": "active",
            "starts_at": start.isoformat(), "ends_at": end.isoformat(), "rules": {"customer.groups.id": [groups[grp]]},
            "prices": [{"variant_id": variants[sku], "currency_code": CNY, "amount": money(p), "min_quantity": q}
                       for sku, q, p in prices]})
        for acc_id, _code, acc_grp in accounts:
            if acc_grp != grp:
                continue
            fx("INSERT INTO contracts VALUES (?,?,?,?,?,?)", (title, acc_id, start.date().isoformat(),
                                                                end.date().isoformat(), description, kind))
            for sku, q, p in prices:
                fx("INSERT INTO contract_prices VALUES (?,?,?,?,?)", (title, acc_id, sku, q, p))

    valid_to = (NOW + timedelta(days=240)).replace(hour=23, minute=59, second=59, microsecond=0)
    price_list("CT-2026-0101", "override", "KA", NOW - timedelta(days=120), valid_to, [
        ("SE-LC1D09M7", 1, "158.00"), ("SE-LC1D09M7", 50, "149.50"), ("SE-LC1D09M7", 100, "142.00"),
        ("SE-GV2ME08", 1, "268.00"), ("SE-GV2ME08", 50, "255.00"), ("SE-GV2ME08", 100, "246.80"),
        ("SIE-3RT2015-1BB41", 1, "251.00"), ("SIE-3RT2015-1BB41", 20, "243.00"),
        ("CHNT-NXC-09", 1, "41.20"), ("CHNT-NXC-09", 200, "38.60"),
        # tiers that start above the quantity a rep asks first: no contract price below 20 (the base list's break
        # from 10 is paid from 10 to 19), and one from 5 that overrides the base list's break from 10 (never paid)
        ("SE-LC1D18M7", 20, "249.00"), ("SE-LC1D18M7", 60, "241.40"),
        ("SE-A9F74216", 5, "88.00"), ("SE-A9F74216", 40, "84.50"),
    ], "Framework contract, key accounts, 2026")
    price_list("CT-2025-0042", "override", "KA", NOW - timedelta(days=500), NOW - timedelta(days=30), [
        ("SE-LC1D12M7", 1, "150.00"), ("SE-A9F74116", 1, "30.00"),
    ], "Framework contract 2025 (expired)")
    price_list("PROMO-INST-Q4", "sale", "INST", NOW - timedelta(days=10), NOW + timedelta(days=50), [
        ("CHNT-NXB-63-1P-C16", 1, "11.20"), ("CHNT-NXB-63-1P-C16", 100, "10.40"), ("OMR-MY2N-GS-DC24", 1, "28.90"),
    ], "Installer promotion, Q4")

    # a shipped order with a tracking number: draft order -> order -> fulfilment -> shipment with a label
    ka = next(a for a in accounts if a[2] == "KA")
    # the customer's own e-mail: another one would make Medusa attach the order to a new guest customer
    ka_email = api.get(f"/admin/customers/{ka[0]}", fields="email")["customer"]["email"]
    draft = api.post("/admin/draft-orders", {
        "customer_id": ka[0], "email": ka_email, "region_id": region["id"],
        "sales_channel_id": channel, "currency_code": CNY,
        # unit prices as b2bterm quotes them: Medusa's draft order prices from the base price set only
        "items": [{"variant_id": variants["SE-LC1D09M7"], "quantity": 20, "unit_price": 158.0},
                  {"variant_id": variants["CHNT-NXC-09"], "quantity": 200, "unit_price": 38.6}],
        "shipping_address": {"first_name": "Receiving", "last_name": "dock", "address_1": "1 Industrial Road",
                             "city": "Shanghai", "country_code": "cn", "postal_code": "200001"},
        "shipping_methods": [{"shipping_option_id": option_id, "name": "Freight", "amount": 0}],
        "metadata": {"po_number": "PO-2026-0815", "b2bterm_idempotency_key": "seed-order-1"}})["draft_order"]
    order = api.post(f"/admin/draft-orders/{draft['id']}/convert-to-order")["order"]
    full = api.get(f"/admin/orders/{order['id']}")["order"]
    ful = api.post(f"/admin/orders/{order['id']}/fulfillments", {
        "items": [{"id": i["id"], "quantity": i["quantity"]} for i in full["items"]],
        "location_id": locations["SH"], "metadata": {"carrier": "SF Express"}})["order"]
    fulfillments = api.get(f"/admin/orders/{order['id']}", fields="id,fulfillments.id")["order"]["fulfillments"]
    del ful
    tracking = "SF1402867593021"
    url = f"https://www.sf-express.com/chn/sc/waybill/waybill-detail/{tracking}"
    api.post(f"/admin/orders/{order['id']}/fulfillments/{fulfillments[0]['id']}/shipments", {
        "items": [{"id": i["id"], "quantity": i["quantity"]} for i in full["items"]],
        "labels": [{"tracking_number": tracking, "tracking_url": url, "label_url": url}]})
    number = str(full["display_id"])
    fx("INSERT INTO orders VALUES (?,?,?,?,?)", (number, ka[0], full["created_at"], "shipped", "PO-2026-0815"))
    for i in full["items"]:
        fx("INSERT INTO order_lines VALUES (?,?,?,?,?)", (number, i["variant_sku"], i["quantity"],
                                                          str(i["unit_price"]), 0))
    fx("INSERT INTO shipments VALUES (?,?,?,?,?,?)", (fulfillments[0]["id"], number, "SF Express", tracking, url, 0))
    # shipping took stock out of SH: the facts hold on-hand as Medusa has it after the seed
    fx("DELETE FROM stock")
    code_of = {lid: code for code, lid in locations.items()}
    for item in api.get("/admin/inventory-items", limit=500,
                        fields="id,sku,location_levels.location_id,location_levels.stocked_quantity")["inventory_items"]:
        for lv in item["location_levels"]:
            fx("INSERT INTO stock VALUES (?,?,?)", (item["sku"], code_of[lv["location_id"]], lv["stocked_quantity"]))
    fx("INSERT INTO meta_seed VALUES (?,?)", ("region_id", region["id"]))
    fx("INSERT INTO meta_seed VALUES (?,?)", ("sales_channel_id", channel))
    fx("INSERT INTO meta_seed VALUES (?,?)", ("shipping_option_id", option_id))
    fx("INSERT INTO meta_seed VALUES (?,?)", ("seeded_at", NOW.isoformat()))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--url", required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password-env", default="B2BTERM_MEDUSA_PASSWORD")
    ap.add_argument("--facts", type=Path, required=True)
    args = ap.parse_args()
    t0 = time.monotonic()
    api = Admin(args.url, args.user, os.environ[args.password_env])
    tmp = args.facts.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    facts = sqlite3.connect(tmp)
    facts.executescript(FACTS_SCHEMA + "CREATE TABLE meta_seed (key TEXT PRIMARY KEY, value TEXT);")
    seed(api, facts)
    facts.commit()
    facts.close()
    tmp.replace(args.facts)
    print(json.dumps({"seeded_in_s": round(time.monotonic() - t0, 1), "products": len(PRODUCTS),
                      "customers": N_CUSTOMERS}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The demo distributor's order history: 18 months of orders at the prices of their day, with POs, shipments and
tracking events. Mixed into the generator's builder."""

from __future__ import annotations

import random
import sqlite3
from datetime import date, datetime, timedelta, timezone
from datetime import time as dtime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from b2bterm.domain.modelno import normalise
from b2bterm.platform.demo import reference as ref

if TYPE_CHECKING:  # the families' data is the generator's: the adapter (CST) does not load it
    from b2bterm.platform.demo.catalog import Spec

CST = timezone(timedelta(hours=8), "CST")
TAX_RATE = Decimal("0.13")
HISTORY_DAYS = 548  # 18 months
CENT = Decimal("0.01")

def decimal_text(value: Decimal) -> str:
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


class HistoryBuilder:
    """Mixed into the generator's ``_Builder``: uses its connection, random generator, anchor day, accounts and
    catalog (``base``, ``info``)."""

    conn: sqlite3.Connection
    rng: random.Random
    anchor: date
    stamp: str
    base: list[tuple[str, Spec, int]]
    info: dict[str, tuple[str, str, str, Decimal, int, str, str]]
    accounts: list[dict[str, object]]
    names: dict[str, str]
    order_seq: int

    def _history_price(self, account: dict[str, object], sku: str, placed: date) -> Decimal:
        code = str(account["id"])
        brand, category, _m, base, _moq, _u, _s = self.info[sku]
        price = self.contract_prices.get((code, sku))
        if price is None:
            pct = Decimal(0)
            for b, c, p in self.account_disc.get(code, []):
                if (not b or b == brand) and (not c or c == category):
                    pct = max(pct, p)
            if not pct:
                for g, b, c, p in self.group_rules:
                    if g == account["group"] and (not b or b == brand) and (not c or c == category):
                        pct = max(pct, Decimal(p))
            price = base * (1 - pct)
        if (self.anchor - placed).days > 270:
            price = price * Decimal("0.97")  # the price rise of last year
        return price.quantize(CENT, rounding=ROUND_HALF_UP)

    # --- orders -----------------------------------------------------------------------------------------------------

    def orders(self) -> None:
        rng = self.rng
        conn = self.conn
        start = self.anchor - timedelta(days=HISTORY_DAYS)
        plan: list[tuple[datetime, dict[str, object]]] = []
        for account in self.accounts:
            rate = int(account["size"])  # orders a month  # type: ignore[call-overload]
            day = start
            while day <= self.anchor:
                day += timedelta(days=max(1, int(rng.expovariate(rate / 30.0))))
                if day > self.anchor or day.weekday() == 6:
                    continue
                at = datetime.combine(day, dtime(8, 30), CST) + timedelta(minutes=rng.randint(0, 570),
                                                                          seconds=rng.randint(0, 59))
                plan.append((at, account))
        plan.sort(key=lambda p: (p[0], str(p[1]["id"])))
        orders, lines, history, shipments, ship_lines, events = [], [], [], [], [], []
        now = datetime.combine(self.anchor, dtime(18, 0), CST)
        for n, (at, account) in enumerate(plan, start=1):
            code = str(account["id"])
            number = f"SO{at:%y%m%d}-{n:05d}"
            favourites: list[str] = account["favourites"]  # type: ignore[assignment]
            chosen = list(dict.fromkeys(rng.choice(favourites[:40]) if rng.random() < 0.7 else rng.choice(favourites)
                                        for _ in range(rng.choice((1, 2, 3, 3, 4, 5, 6, 8, 12)))))
            age = (now - at).days
            r = rng.random()
            if age > 20:
                status = "delivered" if r < 0.93 else "cancelled" if r < 0.97 else "partially_shipped"
            elif age > 7:
                status = "delivered" if r < 0.6 else "shipped" if r < 0.85 else "partially_shipped"
            elif age > 2:
                status = "shipped" if r < 0.5 else "partially_shipped" if r < 0.7 else "processing"
            else:
                status = "confirmed" if r < 0.5 else "processing" if r < 0.8 else "on_hold" if r < 0.9 else "pending"
            subtotal = Decimal(0)
            order_lines = []
            for ln, sku in enumerate(chosen, start=1):
                _b, _c, model, _p, moq, unit, _st = self.info[sku]
                if unit == "m":
                    qty = rng.choice((50, 100, 100, 200, 300, 500, 1000))
                elif unit == "roll":
                    qty = rng.choice((1, 1, 2, 3, 5, 10, 20))
                else:
                    qty = moq * rng.choice((1, 2, 2, 5, 5, 10, 10, 20, 50, 100, 120))
                price = self._history_price(account, sku, at.date())
                subtotal += price * qty
                shipped = qty if status in ("delivered", "shipped") else 0
                backordered = 0
                if status == "partially_shipped":
                    if ln == 1 or rng.random() < 0.5:
                        shipped = qty
                    else:
                        shipped = qty // 2 if qty > 1 and rng.random() < 0.5 else 0
                        backordered = qty - shipped
                    if ln == len(chosen) and all(ol[2] == ol[1] for ol in order_lines) and shipped == qty:
                        shipped, backordered = 0, qty  # at least one line is waiting
                order_lines.append((sku, qty, shipped, backordered, model, price))
                name = self.names[sku]
                lines.append((number, ln, sku, model, normalise(model), name, qty, decimal_text(price), shipped,
                              backordered))
            subtotal = subtotal.quantize(CENT, rounding=ROUND_HALF_UP)
            tax = (subtotal * TAX_RATE).quantize(CENT, rounding=ROUND_HALF_UP)
            po = self._po_number(account, at, n)
            ship_to = f"{code}-{rng.randint(1, int(account['ship_tos']))}"  # type: ignore[call-overload]
            invoice = "vat_special" if account["group"] != "RETAIL" or rng.random() < 0.3 else "normal"
            note = rng.choice(("", "", "", "请开增值税专用发票", "送货前请电话联系", "周六不收货", "急单，请尽快发货",
                               "Deliver to gate 5"))
            orders.append((number, code, at.isoformat(), status, po, ship_to, "", invoice, note,
                           (at.date() + timedelta(days=rng.choice((3, 5, 7, 14)))).isoformat()
                           if rng.random() < 0.3 else None,
                           decimal_text(subtotal), decimal_text(tax), decimal_text(subtotal + tax), "CNY", None))
            steps = ["pending", "confirmed"]
            if status in ("processing", "partially_shipped", "shipped", "delivered"):
                steps.append("processing")
            if status in ("partially_shipped", "shipped", "delivered"):
                steps.append(status if status != "delivered" else "shipped")
            if status == "delivered":
                steps.append("delivered")
            if status in ("cancelled", "on_hold"):
                steps.append(status)
            t = at
            notes = {"pending": "订单已提交 Order received", "confirmed": "订单已确认 Order confirmed",
                     "processing": "仓库拣货中 Picking in warehouse", "shipped": "已发货 Shipped",
                     "partially_shipped": "部分发货，余货待到 Partly shipped, rest on backorder",
                     "delivered": "已签收 Delivered", "cancelled": "客户取消 Cancelled at customer's request",
                     "on_hold": "信用额度待审批 Credit check"}
            stamps: dict[str, datetime] = {}
            for step in steps:
                stamps[step] = t
                history.append((number, t.isoformat(), step, notes[step]))
                t = min(now, t + timedelta(minutes=rng.randint(5, 300)))
            if status in ("shipped", "delivered", "partially_shipped"):
                split = status != "partially_shipped" and len(order_lines) > 2 and rng.random() < 0.12
                groups = [order_lines[: len(order_lines) // 2], order_lines[len(order_lines) // 2:]] if split \
                    else [order_lines]
                for g, group in enumerate(groups, start=1):
                    shipped_lines = [(ol[0], ol[2]) for ol in group if ol[2] > 0]
                    if not shipped_lines:
                        continue
                    sid = f"{number}-S{g}"
                    shipped_at = stamps.get("shipped", stamps.get("partially_shipped", at)) + timedelta(hours=g - 1)
                    delivered = status == "delivered"
                    dest = ref.CITIES[(self.accounts.index(account) * 7) % len(ref.CITIES)]
                    carrier, tracking, url, evs, eta = self._tracking(sid, shipped_at, dest, delivered, now)
                    shipments.append((sid, number, carrier, tracking, shipped_at.isoformat(), eta.isoformat(), url,
                                      int(delivered)))
                    ship_lines.extend((sid, s, q) for s, q in shipped_lines)
                    events.extend(evs)
                    if delivered and evs and "delivered" in stamps:
                        last_at = str(evs[-1][1])
                        for hi in range(len(history) - 1, -1, -1):
                            if history[hi][0] == number and history[hi][2] == "delivered":
                                history[hi] = (number, max(last_at, str(history[hi][1])), "delivered",
                                               history[hi][3])
                                break
        conn.executemany(f"INSERT INTO orders VALUES ({','.join('?' * 15)})", orders)
        conn.executemany(f"INSERT INTO order_lines VALUES ({','.join('?' * 10)})", lines)
        conn.executemany("INSERT INTO order_history VALUES (?,?,?,?)", history)
        conn.executemany("INSERT INTO shipments VALUES (?,?,?,?,?,?,?,?)", shipments)
        conn.executemany("INSERT INTO shipment_lines VALUES (?,?,?)", ship_lines)
        conn.executemany("INSERT INTO tracking_events VALUES (?,?,?,?,?)", events)
        self.order_seq = len(plan)

    def _po_number(self, account: dict[str, object], at: datetime, n: int) -> str:
        grp = account["group"]
        if grp == "RETAIL":
            return "" if self.rng.random() < 0.6 else f"微信下单-{at:%m%d}"
        if grp == "OEM":
            return f"45{self.rng.randint(10000000, 99999999)}"
        if grp == "PANEL":
            return f"CG{at:%Y%m%d}{n % 1000:03d}"
        return f"PO-{at:%Y}-{n:05d}"

    def _tracking(self, sid: str, shipped_at: datetime, dest: tuple[str, str, tuple[str, ...], str, str],
                  delivered: bool, now: datetime) -> tuple[str, str, str, list[tuple[object, ...]], date]:
        rng = self.rng
        _code, carrier, shape, url_t = rng.choice(ref.CARRIERS)
        digits = shape[shape.index("{d") + 2: shape.index("}")]
        tracking = shape.replace("{d" + digits + "}", "".join(str(rng.randint(0, 9)) for _ in range(int(digits))))
        _wh_code, wh_name, wh_city = rng.choice(ref.WAREHOUSES)
        city, _prov, districts, hub, _area = dest
        origin_hub = next((c[3] for c in ref.CITIES if c[0] == wh_city), f"{wh_city}转运中心")
        courier = (f"{rng.choice(ref.SURNAMES)}师傅 "
                   f"1{rng.choice('3589')}{rng.randint(0, 9)}****{rng.randint(1000, 9999)}")
        steps = [
            (timedelta(0), f"快件已揽收 Picked up at {wh_name}", f"{wh_city}", "picked_up"),
            (timedelta(hours=rng.randint(2, 6)), f"已到达【{origin_hub}】 Arrived at sorting hub", wh_city,
             "in_transit"),
            (timedelta(hours=rng.randint(7, 12)), f"已发往【{hub}】 Departed for {city}", wh_city, "in_transit"),
            (timedelta(hours=rng.randint(20, 40)), f"已到达【{hub}】 Arrived at destination hub", city, "in_transit"),
            (timedelta(hours=rng.randint(42, 54)), f"派送中，派送员：{courier} Out for delivery",
             f"{city}{rng.choice(districts)}", "out_for_delivery"),
            (timedelta(hours=rng.randint(55, 70)), "已签收，签收人：前台 Delivered, signed by reception",
             f"{city}{rng.choice(districts)}", "delivered"),
        ]
        if wh_city == city:
            steps = [steps[0], steps[1], steps[4], steps[5]]
        events = []
        at = shipped_at
        for offset, desc, place, state in steps:
            at = max(at, shipped_at + offset)
            if at.hour < 7 or at.hour >= 21:  # couriers work by day
                at = (at + timedelta(hours=10 if at.hour >= 21 else 0)).replace(hour=7 + at.minute % 3)
            if state == "delivered" and not delivered:
                break
            if at > now:
                break
            events.append((sid, at.isoformat(), desc, place, state))
        eta = (shipped_at + timedelta(days=2 if wh_city != city else 1)).date()
        return carrier, tracking, url_t.format(no=tracking), events, eta

"""The medusa adapter's customer index (platform/medusa/customers.py): found by code in metadata, company, names,
Chinese name and phone; filled once, then refreshed by what changed, never a scan of the store per keystroke."""

from __future__ import annotations

from typing import Any

from b2bterm.platform.medusa.customers import CustomerIndex


class Store:
    """Stands in for Medusa's /admin/customers: the list, its updated_at filter and its count."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}
        self.calls: list[dict[str, Any]] = []
        self.tick = 0

    def put(self, cid: str, code: str, company: str, **more: Any) -> None:
        self.tick += 1
        self.rows[cid] = {"id": cid, "company_name": company, "email": f"buyer{self.tick}@example.cn",
                          "phone": more.pop("phone", ""), "metadata": {"code": code, **more},
                          "updated_at": f"2026-11-24T{self.tick // 3600:02d}:{self.tick // 60 % 60:02d}:"
                                        f"{self.tick % 60:02d}.000Z"}

    async def fetch(self, call: str, path: str, **params: Any) -> Any:
        self.calls.append(params)
        return {"customers": list(self.rows.values())[:1], "count": len(self.rows)}

    async def fetch_all(self, call: str, path: str, key: str, **params: Any) -> list[Any]:
        self.calls.append(params)
        since = params.get("updated_at[$gte]")
        return [r for r in self.rows.values() if since is None or r["updated_at"] >= since]


def _index(store: Store, clock: list[float]) -> CustomerIndex:
    return CustomerIndex(store.fetch, store.fetch_all, "id,metadata", ttl=5, monotonic=lambda: clock[0])


async def test_found_by_code_name_company_chinese_name_and_phone() -> None:
    store = Store()
    store.put("cus_1", "K2071", "Ningbo Huayu Electric Co., Ltd.", name_zh="宁波华宇电气有限公司",
              phone="0574-8888 1234")
    store.put("cus_2", "K20710", "Suzhou Jiali Automation Co., Ltd.")
    store.put("cus_3", "A0007", "Wuxi K2071 Trading")
    index = _index(store, [0.0])
    assert [c["id"] for c in await index.search("K2071", 10)] == ["cus_1", "cus_2", "cus_3"]  # exact, prefix, name
    assert [c["id"] for c in await index.search("k2071", 1)] == ["cus_1"]
    assert [c["id"] for c in await index.search("huayu electric", 10)] == ["cus_1"]
    assert [c["id"] for c in await index.search("华宇", 10)] == ["cus_1"]
    assert [c["id"] for c in await index.search("88881234", 10)] == ["cus_1"]
    assert await index.search("nobody", 10) == []
    assert len(await index.search("", 10)) == 3
    assert (await index.by_code("k2071"))["id"] == "cus_1"  # type: ignore[index]
    assert await index.by_code("K207") is None


async def test_keystrokes_are_answered_locally_and_changes_come_in_after_the_ttl() -> None:
    store = Store()
    for n in range(300):
        store.put(f"cus_{n}", f"C{10000 + n}", f"Company {n}")
    clock = [0.0]
    index = _index(store, clock)
    for prefix in ("C", "C1", "C10", "C100", "C1001"):
        await index.search(prefix, 50)
    assert len(store.calls) == 1 and index.loads == 1  # one load, five keystrokes
    store.put("cus_new", "K2071", "New customer")
    assert await index.search("K2071", 5) == []  # not yet: within the ttl
    clock[0] = 6.0
    assert [c["id"] for c in await index.search("K2071", 5)] == ["cus_new"]
    assert index.loads == 1 and store.calls[-2].get("updated_at[$gte]")  # an update, not a reload
    del store.rows["cus_7"]
    clock[0] = 12.0
    assert await index.search("C10007", 5) == []
    assert index.loads == 2  # the count told of a deletion: reloaded once


async def test_a_code_written_into_the_company_or_the_name_is_a_code_when_no_customer_has_it_in_metadata() -> None:
    """A store that keeps no code in metadata writes it into the company ("K2073 Kunshan Hexin …") or a name: every
    "account id or code" takes it (search found such a customer; picking it by its code said "No customer")."""
    store = Store()
    store.put("cus_1", "K2071", "Jiangyin Ruida Electric")
    store.put("cus_2", "", "K2073 Kunshan Hexin Automation Co., Ltd.")
    store.put("cus_3", "", "Changzhou Lianhe Trading")
    store.rows["cus_3"]["first_name"] = "K2072"
    store.put("cus_4", "A0007", "Wuxi K2074 Trading")  # a code of its own: another code in its company is not it
    store.put("cus_5", "", "K2075 Foshan Electric")
    store.put("cus_6", "", "Foshan K2075 Branch")  # the same word in two companies: neither is taken
    store.put("cus_7", "", "Suzhou K2071 Depot")  # a word equal to another customer's code: the code wins
    index = _index(store, [0.0])
    assert (await index.by_code("K2073"))["id"] == "cus_2"  # type: ignore[index]
    assert (await index.by_code("k2072"))["id"] == "cus_3"  # type: ignore[index]
    assert (await index.by_code("K2071"))["id"] == "cus_1"  # type: ignore[index]
    assert await index.by_code("K2074") is None
    assert await index.by_code("K2075") is None
    assert await index.by_code("Kunshan Hexin") is None  # words of a name, not one word: not a code
    assert await index.by_code("") is None

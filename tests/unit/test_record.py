"""``@record`` makes the same class as ``@dataclass(frozen=True, slots=True)``, to everything that uses it."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import Any, ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from b2bterm.domain.models import Account, PriceQuote, Product
from b2bterm.domain.money import Money
from b2bterm.domain.record import record

BODY = '''
class {name}:
    """A row."""

    a: str
    b: int = 2
    c: tuple[str, ...] = ()
    d: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.b < 0:
            raise ValueError("b below zero")

    @property
    def twice(self) -> int:
        return 2 * self.b
'''


@record
class Kept:
    a: str
    b: tuple[int, ...] = ()


def twins() -> tuple[Any, Any]:
    """The same class body made by dataclasses and by record."""
    ns: dict[str, Any] = {}
    head = ("from __future__ import annotations\nfrom dataclasses import dataclass, field\n"
            "from b2bterm.domain.record import record\n")
    exec(head + "@dataclass(frozen=True, slots=True)" + BODY.format(name="Row") + "\n@record" +
         BODY.format(name="Row2"), ns)
    return ns["Row"], ns["Row2"]


DC, REC = twins()


def same(dc_value: Any, rec_value: Any) -> None:
    assert type(dc_value) is type(rec_value)
    assert dc_value == rec_value


def both(make: Any) -> tuple[Any, Any]:
    out = []
    for cls in (DC, REC):
        try:
            out.append(("ok", make(cls)))
        except Exception as exc:  # the same exception type and text from both
            out.append((type(exc).__name__, str(exc)))
    return out[0], out[1]


@given(a=st.text(max_size=5), b=st.integers(-3, 5), c=st.lists(st.text(max_size=3), max_size=3).map(tuple),
       other_b=st.integers(-3, 5))
def test_construction_equality_hash_and_repr_are_the_dataclass_ones(a: str, b: int, c: tuple[str, ...],
                                                                    other_b: int) -> None:
    (kind1, x1), (kind2, x2) = both(lambda cls: cls(a, b, c))
    assert kind1 == kind2
    if kind1 != "ok":
        assert x1 == x2  # __post_init__ said the same
        return
    y1, y2 = DC(a=a, b=other_b if other_b >= 0 else b, c=c), REC(a=a, b=other_b if other_b >= 0 else b, c=c)
    assert repr(x1).removeprefix("Row") == repr(x2).removeprefix("Row2")
    assert (x1 == y1) == (x2 == y2) and (x1 != y1) == (x2 != y2)
    assert x2 == REC(a, b, c, []) and x2 != DC(a, b, c) and x2 != (a, b, c, [])
    assert x2.twice == 2 * b
    assert x2.d == [] and x2.d is not REC(a).d  # a fresh list from the factory each time
    assert dataclasses.astuple(x1) == dataclasses.astuple(x2) and dataclasses.asdict(x1) == dataclasses.asdict(x2)
    assert [f.name for f in dataclasses.fields(x2)] == [f.name for f in dataclasses.fields(x1)] == ["a", "b", "c", "d"]
    assert dataclasses.replace(x2, b=4) == REC(a, 4, c) and dataclasses.replace(x2, b=4).d == []


def test_frozen_slotted_hashable_and_picklable_like_a_dataclass() -> None:
    row = REC("x", 1, ("y",), None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.a = "z"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del row.b
    with pytest.raises((AttributeError, TypeError)):
        row.other = 1  # type: ignore[attr-defined]
    assert not hasattr(row, "__dict__") and REC.__slots__ == DC.__slots__
    assert REC.__match_args__ == DC.__match_args__
    assert hash(row) == hash(REC("x", 1, ("y",), None)) and {row, REC("x", 1, ("y",), None)} == {row}
    with pytest.raises(TypeError):
        hash(REC("x"))  # a list field: unhashable, as the dataclass is
    for again in (copy.copy(row), copy.deepcopy(row)):
        assert again == row and type(again) is REC
    kept = Kept("x", (1, 2))
    assert pickle.loads(pickle.dumps(kept)) == kept and copy.deepcopy(kept) == kept
    assert dataclasses.is_dataclass(row) and dataclasses.is_dataclass(REC)
    match row:
        case REC(a, b):
            assert (a, b) == ("x", 1)
    with pytest.raises(TypeError):
        REC()  # the required field


def test_the_domain_nouns_are_records_with_their_rules() -> None:
    product = Product("S1", "LC1D09", "Schneider", "contactor", "Contactor 9A", list_price=Money.of("12.5", "CNY"))
    assert product == dataclasses.replace(product) and hash(product) == hash(dataclasses.replace(product))
    assert pickle.loads(pickle.dumps(product)) == product
    with pytest.raises(ValueError):  # Product.__post_init__ still checks the price
        Product("S1", "M", "B", "C", "n", list_price=Money.of("-1", "CNY"))
    quote = PriceQuote("S1", "A1", 1, Money.of("10", "CNY"), Money.of("9", "CNY"))
    assert quote.source == PriceQuote("S1", "A1", 1, Money.of("10", "CNY"), Money.of("9", "CNY")).source  # factory
    assert "Account(" in repr(Account("A1", "C1", "Acme"))


def test_what_a_record_cannot_be_is_refused() -> None:
    with pytest.raises(TypeError, match="non-default"):
        @record
        class Bad:
            a: int = 1
            b: int  # type: ignore[misc]
    with pytest.raises(ValueError, match="mutable default"):
        @record
        class Mutable:
            a: list[int] = []
    with pytest.raises(TypeError, match="only a default"):
        @record
        class Hidden:
            a: int = dataclasses.field(default=1, repr=False)


def test_class_variables_are_no_fields() -> None:
    @record
    class Kinded:
        KIND: ClassVar[str] = "row"
        a: str = ""

    assert Kinded.KIND == "row" and Kinded.__match_args__ == ("a",) and Kinded("x").a == "x"


def test_methods_the_class_writes_are_kept() -> None:
    @record
    class Loose:
        a: str

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Loose) and self.a.lower() == other.a.lower()

        def __repr__(self) -> str:
            return f"<{self.a}>"

    assert Loose("A") == Loose("a") and repr(Loose("A")) == "<A>"
    hash(Loose("A"))  # frozen with __eq__ written: hashed by its fields, as a dataclass is

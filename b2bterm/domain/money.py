"""Money: an exact Decimal amount with its currency. Never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from b2bterm.domain.record import record

CURRENCY_SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "HKD": "HK$", "JPY": "¥"}
CENT = Decimal("0.01")
# ISO 4217 currencies whose minor unit is not the cent (the rest have two decimals)
MINOR_DIGITS = {"JPY": 0, "KRW": 0, "VND": 0, "CLP": 0, "ISK": 0, "HUF": 2, "TWD": 2, "BHD": 3, "KWD": 3, "OMR": 3,
                "JOD": 3, "TND": 3, "IQD": 3, "LYD": 3}


def minor_unit(currency: str) -> Decimal:
    """The smallest amount the currency has: 0.01 for CNY, 1 for JPY, 0.001 for KWD."""
    return Decimal(1).scaleb(-MINOR_DIGITS.get(currency.upper(), 2))


MAX_DIGITS = 15  # whole-number digits an amount may have (totals included): far above any order, far below 28
MAX_UNIT_PRICE = Decimal(10) ** 9  # a price per unit above this is a platform's mistake, not a price


def check_price(value: Money | None, what: str) -> None:
    """A price from outside must be non-negative and bounded; ValueError names it otherwise."""
    if value is None:
        return
    if value.amount < 0:
        raise ValueError(f"{what} is negative ({value.amount})")
    if value.amount > MAX_UNIT_PRICE:
        raise ValueError(f"{what} is not a believable price ({value.amount:.3E} {value.currency})")


def to_decimal(value: object) -> Decimal:
    """Decimal from str/int/Decimal. Floats are refused: they are not exact."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"money must not be a {type(value).__name__}: {value!r}")
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"not an amount: {value!r}") from exc


@record
class Money:
    amount: Decimal
    currency: str = "CNY"

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", to_decimal(self.amount))
        if not self.amount.is_finite():
            raise ValueError(f"amount is not finite: {self.amount}")
        if self.amount and self.amount.adjusted() >= MAX_DIGITS:  # 10**30 would break rounding (28 digits)
            raise ValueError(f"amount is out of range: {self.amount:.3E}")
        if not (isinstance(self.currency, str) and len(self.currency) == 3 and self.currency.isascii()
                and self.currency.isalpha()):
            raise ValueError(f"not a currency code: {self.currency!r}")

    @classmethod
    def of(cls, amount: object, currency: str = "CNY") -> Money:
        return cls(to_decimal(amount), currency)

    @classmethod
    def zero(cls, currency: str = "CNY") -> Money:
        return cls(Decimal(0), currency)

    def _same(self, other: Money) -> None:
        if self.currency != other.currency:
            raise ValueError(f"cannot mix {self.currency} and {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, factor: int | Decimal) -> Money:
        if isinstance(factor, float):
            raise TypeError("multiply money by int or Decimal, not float")
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def rounded(self, places: Decimal = CENT) -> Money:
        return Money(self.amount.quantize(places, rounding=ROUND_HALF_UP), self.currency)

    def to_minor_unit(self) -> Money:
        """Rounded half-up to the currency's minor unit (an order total of 37427.634 CNY is 37427.63)."""
        return self.rounded(minor_unit(self.currency))

    @property
    def symbol(self) -> str:
        return CURRENCY_SYMBOLS.get(self.currency, self.currency + " ")

    def format(self, places: int = 2) -> str:
        q = Decimal(1).scaleb(-places)
        value = self.amount.quantize(q, rounding=ROUND_HALF_UP)
        sign = "-" if value < 0 else ""
        return f"{sign}{self.symbol}{abs(value):,.{places}f}"

    def __str__(self) -> str:
        return self.format()

    def to_json(self) -> dict[str, str]:
        return {"amount": str(self.amount), "currency": self.currency}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Money:
        return cls(to_decimal(data["amount"]), str(data["currency"]))


def sum_money(items: list[Money] | tuple[Money, ...], currency: str = "CNY") -> Money:
    total = Money.zero(items[0].currency if items else currency)
    for item in items:
        total = total + item
    return total

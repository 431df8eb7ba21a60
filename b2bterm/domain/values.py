"""Attribute values in every way they are written, as typed values: "9A" "9 A" "9安"; "AC220V" "220VAC" "交流220V";
"3P" "三极"; "C16"; "2.5mm²" "2.5平方"; "3*1.5"; "M12"; "1NO" "常开"; colours in English and Chinese.

One parser serves both sides: a query's words (``b2bterm.domain.understand``) and a product's attribute values
(``product_facts``), so that "220V" asked meets "AC220V" held. Values become *facts*: short alphanumeric tokens
("v220", "vac220", "a9", "p3") that the local catalog indexes in its own FTS column and a query asks for.
Pure; the unit and value words come from the vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache, partial

from b2bterm.domain.lazy_re import compiled, lazy
from b2bterm.domain.record import record
from b2bterm.domain.vocabulary import Vocabulary, default_vocabulary, norm_phrase

FACTS_RULES = 6  # bump when a change to these rules changes the facts of a product (the cache is then rebuilt)
NUM = r"\d+(?:\.\d+|,\d(?!\d))?"
_LEFT = r"(?<![a-z0-9.,\-/_])"  # a value does not start inside a code ("lc1-d09", "6es7214-1ag40")
_RIGHT = r"(?![a-z])"
# nominal voltages a wide-range coil ("100-250V AC/DC") is listed under
THREAD_SIZES = (3, 4, 5, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 27, 30, 36)  # metric housings: "M7" is a coil code
NOMINAL_VOLTS = (12, 24, 36, 42, 48, 110, 115, 120, 127, 220, 230, 240, 380, 400, 415, 440, 480, 500)


@record
class Value:
    """One value found in a text. ``kind``: current, voltage, poles, curve, residual, breaking, power, section,
    cable, distance, length, seconds, minutes, hours, thread, contact, points, count, number, or a value-word kind
    from the vocabulary (colour, output, shield...). ``facts`` hold it as held by a product (every fact it
    satisfies); ``asks`` as asked in a query (any of them satisfies it)."""

    kind: str
    text: str  # as written
    facts: tuple[str, ...]
    asks: tuple[str, ...]
    start: int = 0
    end: int = 0


def num_token(value: str) -> str:
    """'2.5' -> '2p5', '09' -> '9', '4.0' -> '4', '2,5' -> '2p5': a number as an FTS-safe token part."""
    try:
        d = Decimal(value.replace(",", "."))
    except InvalidOperation:
        return value
    text = format(d.normalize(), "f") if d != d.to_integral() else str(int(d))
    return text.replace(".", "p")


def _num(value: str) -> Decimal:
    return Decimal(value.replace(",", "."))


class ValueParser:
    """Regular expressions built once from a vocabulary's unit, current-kind, numeral and value words (compiled, or
    kept from an earlier run: domain/lazy_re.compiled)."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        units = sorted(vocab.units, key=len, reverse=True)
        unit_alt = "|".join(re.escape(u).replace(r"\ ", r"\s*") for u in units)
        ac = [w for w, k in vocab.current_kind.items() if k == "ac" and not w.startswith("v")]
        dc = [w for w, k in vocab.current_kind.items() if k == "dc" and not w.startswith("v")]
        # longest first, then by spelling: the same expression in every run (a set's order is not: the kept programs
        # are found by their source), and words of one length never both match at one place
        acdc = "|".join(re.escape(w) for w in sorted({*ac, *dc}, key=lambda w: (-len(w), w))) or "ac|dc"
        numerals = "".join(re.escape(c) for c in vocab.numerals)
        n_or_cn = f"(?:{NUM}|[{numerals}])" if numerals else NUM
        volt_units = sorted((u for u, k in vocab.units.items() if k == "voltage"), key=len, reverse=True)
        volt = "|".join(re.escape(u) for u in volt_units) or "v"
        self.rules: list[tuple[re.Pattern[str], str]] = [
            (compiled(rf"(?<![\d.])(\d+)\s*(?:[x*×]|芯)\s*({NUM})(?:\s*\+\s*(\d+)\s*[x*×]\s*({NUM}))?"
                      rf"(?:\s*(?:mm²|mm2|平方毫米|平方|平|sqmm|mm))?{_RIGHT}"), "cable"),
            (compiled(rf"{_LEFT}({NUM})\s*(?:[-~～至到]|to\b)\s*({NUM})\s*({unit_alt}){_RIGHT}"), "range"),
            (compiled(rf"{_LEFT}(?:({acdc})\s*)?({NUM})\s*({volt})(?:\s*({acdc})(?![a-z]))?{_RIGHT}"), "voltage"),
            (compiled(rf"{_LEFT}({acdc})\s*({NUM})(?![\d.a-z])"), "voltage_bare"),
            (compiled(rf"{_LEFT}({n_or_cn})\s*(p|(?:-\s*)?poles?|极|级)(?:\s*\+\s*n)?{_RIGHT}"), "poles"),
            (compiled(rf"{_LEFT}([bcd])\s?([1-9]\d{{0,2}})(?:\s*a)?(?![a-z0-9.])"), "curve_current"),
            (compiled(rf"{_LEFT}([bcd])\s*(?:型|曲线|-?curve|特性)"), "curve"),
            (compiled(r"(?:curve|曲线)\s*([bcd])(?![a-z0-9])"), "curve"),
            (compiled(rf"{_LEFT}m(\d{{1,2}})(?![a-z0-9.])"), "thread"),
            (compiled(rf"{_LEFT}({n_or_cn})\s*(no|nc|co|c/o|常开|常闭|开|闭)(?![a-z])"), "contact"),
            (compiled(rf"{_LEFT}({NUM})\s*({unit_alt}){_RIGHT}"), "unit"),
            (compiled(rf"{_LEFT}({NUM})(?![a-z0-9]|[.,]\d)"), "number"),
        ]
        words = sorted(vocab.values, key=len, reverse=True)
        ascii_words = [w for w in words if w.isascii()]
        self.word_rule = self._word_rule(ascii_words)
        # value words written with a digit ("2-wire") are read before the numbers in them are
        self.digit_word_rule = self._word_rule([w for w in ascii_words if any(c.isdigit() for c in w)])
        self.cjk_words = [w for w in words if not w.isascii()]
        kinds: dict[str, list[str]] = {}
        for kind, value in vocab.values.values():
            if kind not in ("contact", "contacts", "poles") and value not in kinds.setdefault(kind, []):
                kinds[kind].append(value)
        # value-word kinds an attribute may be named after ("output": "relay", "npn", ...)
        self.kind_values: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in kinds.items()}

    @staticmethod
    def _word_rule(words: list[str]) -> re.Pattern[str] | None:
        alternatives = "|".join(re.escape(w).replace(r"\ ", r"[\s\-]+") for w in words)
        return compiled(r"(?<![a-z0-9])(" + alternatives + r")(?![a-z0-9])") if words else None

    def expressions(self) -> list[re.Pattern[str]]:
        """Every expression the parser compiled (all with flags 0): what b2bterm.local.vocab_cache keeps."""
        return [rule for rule, _ in self.rules] + [r for r in (self.word_rule, self.digit_word_rule) if r is not None]

    def numeral(self, text: str) -> str:
        return str(self.vocab.numerals[text]) if text in self.vocab.numerals else text

    def find(self, text: str, *, words: bool = True) -> list[Value]:
        """Every value in ``text`` (lower case, width-folded), left to right; overlapping matches are not repeated:
        a span taken by an earlier rule is blanked before the next rule runs."""
        work = text
        found: list[Value] = []
        if words and self.digit_word_rule is not None:
            for m in self.digit_word_rule.finditer(work):
                found.append(self._word(m.group(1), m.start(), m.end()))
                work = work[: m.start()] + " " * (m.end() - m.start()) + work[m.end():]
        for rule, kind in self.rules:
            for m in rule.finditer(work):
                values = self._values(kind, m)
                if values is None:
                    continue
                found.extend(values)
                work = work[: m.start()] + " " * (m.end() - m.start()) + work[m.end():]
        if words and self.word_rule is not None:
            for m in self.word_rule.finditer(work):
                found.append(self._word(m.group(1), m.start(), m.end()))
                work = work[: m.start()] + " " * (m.end() - m.start()) + work[m.end():]
        if words:
            for w in self.cjk_words:
                pos = work.find(w)
                while pos >= 0:
                    found.append(self._word(w, pos, pos + len(w)))
                    work = work[:pos] + " " * len(w) + work[pos + len(w):]
                    pos = work.find(w)
        found.sort(key=lambda v: v.start)
        return found

    def has_value(self, text: str) -> bool:
        """``bool(self.find(text))``, told at the first value found: before any value is found nothing is blanked,
        so each rule is tried on ``text`` itself, in ``find``'s order (a pasted line's words are asked this)."""
        if self.digit_word_rule is not None and self.digit_word_rule.search(text):
            return True
        for rule, kind in self.rules:
            if any(self._values(kind, m) is not None for m in rule.finditer(text)):
                return True
        if self.word_rule is not None and self.word_rule.search(text):
            return True
        return any(w in text for w in self.cjk_words)

    def _word(self, word: str, start: int, end: int) -> Value:
        key = norm_phrase(word)
        if key not in self.vocab.values:  # the rule takes "4-pole" for "4 pole": a space may be written as a hyphen
            key = re.sub(r"[\s\-]+", " ", key)
        kind, value = self.vocab.values.get(key, ("", ""))
        if kind == "contacts":  # "dpdt", "两组": a contact count
            return Value("contact", word, (value, value[:2]), (value,), start, end)
        if kind == "contact":
            return Value("contact", word, (value,), (value,), start, end)
        if kind == "poles":  # "double pole", "双极"
            return _poles(word, value, start, end)
        fact = "w" + re.sub(r"[^a-z0-9]", "", kind + value)
        return Value(kind, word, (fact,), (fact,), start, end)

    def _values(self, kind: str, m: re.Match[str]) -> list[Value] | None:
        s, e, text = m.start(), m.end(), m.group(0).strip()

        def one(k: str, facts: Iterable[str], asks: Iterable[str]) -> list[Value]:
            return [Value(k, text, tuple(dict.fromkeys(facts)), tuple(dict.fromkeys(asks)), s, e)]

        if kind == "cable":
            cores, sec, cores2, sec2 = m.groups()
            key = f"k{cores}x{num_token(sec)}" + (f"a{cores2}x{num_token(sec2)}" if cores2 else "")
            return one("cable", (key,), (key,))
        if kind == "range":
            lo, hi, unit = m.groups()
            ukind = self.vocab.units.get(norm_phrase(unit), "")
            if ukind == "current":
                tok = f"ar{num_token(lo)}t{num_token(hi)}"
                return one("current", (tok, f"a{num_token(lo)}", f"a{num_token(hi)}"), (tok,))
            if ukind == "voltage":
                asked = f"vr{num_token(lo)}t{num_token(hi)}"
                return one("voltage", _volt_range_facts(_num(lo), _num(hi), ""), (asked,))
            if ukind in _TIME_FACT:  # a timer's range ("0-30s", "0.1~30秒") is sold by its full scale: 30 s
                return _unit_value(ukind, num_token(hi), text, s, e)
            return None
        if kind in ("voltage", "voltage_bare"):
            if kind == "voltage":
                pre, n, unit, post = m.groups()
            else:
                pre, n = m.groups()
                unit = post = ""
            cur = self.vocab.current_kind.get(pre or "", "") or self.vocab.current_kind.get(post or "", "") \
                or self.vocab.current_kind.get(unit, "")
            if not cur and unit.startswith("v") and len(unit) == 3:
                cur = unit[1:]
            t = num_token(n)
            facts = [f"v{t}", f"v{cur}{t}" if cur else f"vu{t}", f"n{t}"]
            asks = [f"v{cur}{t}", f"vu{t}"] if cur else [f"v{t}"]
            return one("voltage", facts, asks)
        if kind == "poles":
            n = self.numeral(m.group(1))
            if not n.isdigit() or not 1 <= int(n) <= 8:
                return None
            return [_poles(text, n + ("n" if "+" in m.group(0) else ""), s, e)]
        if kind == "curve_current":
            c, n = m.groups()
            return [Value("curve", text, (f"cv{c}",), (f"cv{c}",), s, e),
                    Value("current", text, (f"a{n}",), (f"a{int(n)}",), s, e)]
        if kind == "curve":
            return one("curve", (f"cv{m.group(1)}",), (f"cv{m.group(1)}",))
        if kind == "thread":
            if int(m.group(1)) not in THREAD_SIZES:
                return None
            return one("thread", (f"th{int(m.group(1))}",), (f"th{int(m.group(1))}",))
        if kind == "contact":
            n, what = m.groups()
            n = self.numeral(n)
            if not n.isdigit():
                return None
            base = {"no": "no", "常开": "no", "开": "no", "nc": "nc", "常闭": "nc", "闭": "nc"}.get(what, "co")
            return one("contact", (f"{base}{n}", base), (f"{base}{n}",))
        if kind == "unit":
            n, unit = m.groups()
            ukind = self.vocab.units.get(norm_phrase(unit), "") or self.vocab.units.get(re.sub(r"\s+", " ", unit), "")
            t = num_token(n)
            return _unit_value(ukind, t, text, s, e)
        if kind == "number":
            t = num_token(m.group(1))
            return one("number", (f"n{t}",), (f"n{t}",))
        return None


_UNIT_FACT = {"current": "a", "residual": "ma", "breaking": "ka", "power": "kw", "section": "sq", "distance": "mm",
              "length": "len", "seconds": "sec", "minutes": "min", "hours": "hr", "points": "io", "cores": "core"}


_TIME_FACT = {"seconds": "sec", "minutes": "min", "hours": "hr"}
# a plug-in relay's pins tell its changeover contacts (8 pins: 2 C/O, as MY2 or CDZ9-52P; 14 pins: 4 C/O)
PIN_CONTACTS = {5: 1, 8: 2, 11: 3, 14: 4}


def _poles(text: str, n: str, s: int, e: int) -> Value:
    """Poles ("3P", "double pole", "4-pole"; "1P+N" is ``n`` "1n"). A relay's poles are its changeover contacts (a
    "4 pole relay" is a 4PDT, 4 C/O): any product with as many changeovers answers too."""
    asks = (f"p{n}", f"co{n}") if n.isdigit() and int(n) <= 4 else (f"p{n}",)
    return Value("poles", text, (f"p{n}",), asks, s, e)


def _unit_value(ukind: str, t: str, text: str, s: int, e: int) -> list[Value] | None:
    if ukind == "pins":
        changeovers = PIN_CONTACTS.get(int(t)) if t.isdigit() else None
        if changeovers is None:
            return None
        co = f"co{changeovers}"
        return [Value("contact", text, (co, "co"), (co,), s, e)]
    if ukind in ("count", "frequency"):  # a quantity, or 50 Hz (every coil here is 50/60 Hz): nothing to match
        return [Value("count", text, (), (), s, e)]
    if ukind == "voltage":
        return [Value("voltage", text, (f"v{t}", f"vu{t}", f"n{t}"), (f"v{t}",), s, e)]
    if ukind == "poles":
        return [_poles(text, t, s, e)]
    prefix = _UNIT_FACT.get(ukind)
    if prefix is None:
        return None
    facts = (f"{prefix}{t}", f"n{t}")
    asks: tuple[str, ...] = (f"{prefix}{t}",)
    if ukind == "distance":  # "2.5mm" is often a cross-section written loosely
        asks = (f"mm{t}", f"sq{t}")
    elif ukind == "length":  # "3m" on a timer is minutes
        asks = (f"len{t}", f"min{t}")
    return [Value(ukind, text, facts, asks, s, e)]


def _volt_range_facts(lo: Decimal, hi: Decimal, cur: str) -> list[str]:
    facts = [f"vr{num_token(str(lo))}t{num_token(str(hi))}"]
    kinds = ["ac", "dc"] if cur in ("", "acdc") else [cur]
    for v in NOMINAL_VOLTS:
        if lo <= v <= hi:
            facts.append(f"v{v}")
            facts.extend(f"v{k}{v}" for k in kinds)
    return facts


_ACDC_RANGE = lazy(rf"({NUM})\s*-\s*({NUM})\s*v\s*(ac\s*/\s*dc|ac|dc)?")


@lru_cache(maxsize=4)
def value_parser(vocab: Vocabulary | None = None) -> ValueParser:
    return ValueParser(vocab or default_vocabulary())


def attribute_values(name: str, value: str, parser: ValueParser | None = None) -> list[Value]:
    """The values one product attribute holds. Its name tells the kind of a value written without a unit
    ("poles" = "3", "curve" = "C", "time_range" = "3M", "cores" = "3")."""
    parser = parser or value_parser()
    text = norm_phrase(value)
    kind = parser.vocab.attribute_kind(name)
    bare = re.fullmatch(rf"({NUM})\s*([a-z]?)", text)
    if kind == "curve" and re.fullmatch(r"[a-z]", text):
        return [Value("curve", value, (f"cv{text}",), (f"cv{text}",))]
    if kind == "time" and bare:
        t, unit = num_token(bare.group(1)), bare.group(2)
        prefix = {"s": "sec", "m": "min", "h": "hr"}.get(unit, "sec")
        return [Value({"sec": "seconds", "min": "minutes", "hr": "hours"}[prefix], value, (f"{prefix}{t}", f"n{t}"),
                      (f"{prefix}{t}",))]
    if bare and not bare.group(2):
        t = num_token(bare.group(1))
        simple = {"voltage": f"v{t}", "poles": f"p{t}", "cores": f"core{t}"}.get(kind)
        if simple is None and kind in _UNIT_FACT:  # a bare number under a named kind: rated_current "9", io_points "32"
            simple = f"{_UNIT_FACT[kind]}{t}"
        if simple:
            facts = (simple, f"vu{t}", f"n{t}") if kind == "voltage" else (simple, f"n{t}")
            return [Value(kind, value, facts, (simple,))]
    wide = _ACDC_RANGE.search(text)
    found = parser.find(text)
    if kind == "connection":  # "M12 connector" is not an M12 housing
        found = [v for v in found if v.kind != "thread"]
    named = parser.kind_values.get(norm_phrase(name).replace(" ", "_"), ())
    if named:  # output "relay", "transistor (sink)": the attribute names the kind its words are values of
        held = {f for v in found for f in v.facts}
        for word in named:
            fact = "w" + re.sub(r"[^a-z0-9]", "", norm_phrase(name) + word)
            if fact not in held and re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", text):
                found.append(Value(norm_phrase(name), value, (fact,), (fact,)))
    if wide and kind == "voltage":
        cur = (wide.group(3) or "").replace(" ", "").replace("/", "")
        facts = _volt_range_facts(_num(wide.group(1)), _num(wide.group(2)), cur)
        found.append(Value("voltage", value, tuple(facts), ()))
    return found


@lru_cache(maxsize=65536)
def _default_values(name: str, value: str) -> tuple[Value, ...]:
    """``attribute_values`` with the default parser, cached: a catalog repeats its attribute values a lot (a full
    build of a million products parses a few thousand distinct ones)."""
    return tuple(attribute_values(name, value))


def product_facts(attributes: Sequence[tuple[str, str]], parser: ValueParser | None = None) -> list[str]:
    """Every fact a product's attributes hold, deduplicated, for its index row. Cores and cross-section held as two
    attributes (a cable: cores "3", cross_section "1.5 mm²") also make the cable fact "k3x1p5"."""
    values = _default_values if parser is None else partial(attribute_values, parser=parser)
    parser = parser or value_parser()
    out: dict[str, None] = {}
    cores = section = ""
    for name, value in attributes:
        for v in values(name, value):
            out.update(dict.fromkeys(v.facts))
            if v.kind == "cores":
                cores = v.facts[0][4:]
            elif v.kind == "section" and v.facts and v.facts[0].startswith("sq"):
                section = v.facts[0][2:]
            elif v.kind == "number" and parser.vocab.attribute_kind(name) == "cores":
                cores = v.facts[0][1:]
    if cores and section and not any(re.match(r"k\d", f) for f in out):
        out[f"k{cores}x{section}"] = None
    return list(out) + contact_sets(out)


def contact_sets(facts: Iterable[str]) -> list[str]:
    """Contacts held together: "1NO+1NC" also holds "no1nc1"; a changeover ("2CO") holds two of each, "no2nc2"."""
    facts = list(facts)
    nos = [f[2:] for f in facts if re.fullmatch(r"no\d+", f)]
    ncs = [f[2:] for f in facts if re.fullmatch(r"nc\d+", f)]
    out = [f"no{a}nc{b}" for a in nos for b in ncs]
    out += [f"no{f[2:]}nc{f[2:]}" for f in facts if re.fullmatch(r"co\d+", f)]
    return [f for f in dict.fromkeys(out) if f not in facts]

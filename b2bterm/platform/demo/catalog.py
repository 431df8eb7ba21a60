"""The demo catalog's product families: real brands, their own model-number shapes, bilingual names.

Each ``Family`` is a set of option lists and a ``make`` function that turns one choice from each list into a ``Spec``
(or None for a combination the maker does not build). Options are listed most common first, and ``Family.specs``
yields combinations in that order (by the sum of option ranks), so a small catalog holds the popular items
(LC1D09M7 comes before LC1D95Q7).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from itertools import product
from typing import Any

from b2bterm.domain.record import record

D = Decimal


@record
class Spec:
    brand: str
    category: str
    series: str
    model: str
    name_en: str
    name_zh: str
    attrs: tuple[tuple[str, str], ...]
    price: Decimal
    unit: str = "pc"
    pack: int = 1
    moq: int = 1
    equiv: str = ""  # items with the same key (from different brands) are cross-references of each other
    aliases: tuple[str, ...] = ()  # the maker's other code for the same item (order number, article number)
    competitors: tuple[str, ...] = ()  # equivalent codes of makers the distributor does not carry
    schedule: int = 1  # quantity-break schedule, see generator.BREAK_SCHEDULES


def money(value: Decimal | int) -> Decimal:
    """A list price that looks like one: whole yuan above 100, one decimal above 10, cents below."""
    value = D(value)
    if value >= 100:
        return value.quantize(D(1), rounding=ROUND_HALF_UP)
    if value >= 10:
        return value.quantize(D("0.1"), rounding=ROUND_HALF_UP).quantize(D("0.01"))
    return value.quantize(D("0.01"), rounding=ROUND_HALF_UP)


class Family:
    def __init__(self, weight: int, options: Sequence[Sequence[Any]], make: Callable[..., Spec | None]) -> None:
        self.weight = weight
        self.options = [list(o) for o in options]
        self.make = make

    def size(self) -> int:
        n = 1
        for o in self.options:
            n *= len(o)
        return n

    def specs(self) -> Iterator[Spec]:
        ranks = sorted(product(*(range(len(o)) for o in self.options)), key=lambda t: (sum(t), t))
        for idx in ranks:
            spec = self.make(*(o[i] for o, i in zip(self.options, idx, strict=True)))
            if spec is not None:
                yield spec


# --- shared option lists ------------------------------------------------------------------------------------------

# coil label, class for cross-references, price factor
COILS = [("AC220V", "AC220"), ("AC380V", "AC380"), ("DC24V", "DC24"), ("AC110V", "AC110"), ("AC24V", "AC24"),
         ("AC230V", "AC220"), ("AC48V", "AC48"), ("DC110V", "DC110"), ("DC220V", "DC220"), ("AC36V", "AC36"),
         ("AC415V", "AC380"), ("DC12V", "DC12"), ("DC48V", "DC48"), ("AC240V", "AC220"), ("AC400V", "AC380")]
SE_COIL = {"AC220V": "M7", "AC380V": "Q7", "DC24V": "BD", "AC110V": "F7", "AC24V": "B7", "AC230V": "P7",
           "AC48V": "E7", "DC110V": "FD", "DC220V": "MD", "AC36V": "C7", "AC415V": "N7", "DC12V": "JD",
           "DC48V": "ED", "AC240V": "U7", "AC400V": "V7"}
SIE_COIL = {"AC220V": "AN2", "AC230V": "AP0", "DC24V": "BB4", "AC110V": "AG2", "AC24V": "AC2", "AC380V": "AQ2",
            "AC48V": "AH2", "DC110V": "BF4", "DC220V": "BM4", "AC400V": "AV0", "DC12V": "BA4", "DC48V": "BW4",
            "AC240V": "AU0", "AC36V": "AD2", "AC415V": "AR6"}
MCB_RATINGS = [16, 10, 20, 32, 25, 6, 40, 63, 50, 4, 2, 3, 1]
CONTACTOR_RATINGS = [9, 12, 18, 25, 32, 38, 40, 50, 65, 80, 95]  # AC-3 amps, most sold first
COLOURS = [("green", "绿色"), ("red", "红色"), ("black", "黑色"), ("yellow", "黄色"), ("blue", "蓝色"),
           ("white", "白色")]


def coil_zh(coil: str) -> str:
    return f"线圈{coil}"


def contactor_class(amps: int) -> int:
    for c in CONTACTOR_RATINGS:
        if amps <= c:
            return c
    return amps


def contactor_equiv(amps: int, coil_class: str) -> str:
    return f"CT3|{contactor_class(amps)}|{coil_class}"


def fuji_contactor(amps: int, coil: str) -> tuple[str, ...]:
    codes = {9: "SC-E02", 12: "SC-E03", 18: "SC-E04", 25: "SC-E05", 32: "SC-E1", 38: "SC-E2", 40: "SC-E2S",
             50: "SC-E3", 65: "SC-E4", 80: "SC-E5", 95: "SC-E6"}
    code = codes.get(contactor_class(amps))
    return (f"{code} {coil}",) if code else ()


def contactor_price(amps: int, base: int, per_amp: Decimal, coil: str) -> Decimal:
    extra = D("1.12") if coil.startswith("DC") else D(1)
    return money((base + per_amp * amps) * extra)


def contactor_names(series_en: str, series_zh: str, amps: int, poles: str, coil: str) -> tuple[str, str]:
    kind_zh = "直流线圈接触器" if coil.startswith("DC") else "交流接触器"
    return (f"{series_en} contactor {amps}A {poles} {coil} coil",
            f"{series_zh}{kind_zh} {amps}A {poles} {coil_zh(coil)}")


def contactor_attrs(amps: int, poles: str, coil: str, aux: str) -> tuple[tuple[str, str], ...]:
    return (("rated_current", f"{amps} A"), ("poles", poles), ("coil_voltage", coil), ("aux_contacts", aux))


# --- contactors ---------------------------------------------------------------------------------------------------

def _se_lc1d(amps: int, coil: tuple[str, str], version: str) -> Spec:
    code = f"{amps:02d}" if amps < 40 else f"{amps}A" if amps in (40, 50, 65) else f"{amps}"
    model = f"LC1D{code}{SE_COIL[coil[0]]}{version}"
    en, zh = contactor_names("TeSys D", "TeSys D ", amps, "3P", coil[0])
    if version:
        en += " (China made)"
        zh += "（国产）"
    return Spec("SE", "contactor", "TeSys D", model, en, zh, contactor_attrs(amps, "3P", coil[0], "1NO+1NC"),
                contactor_price(amps, 120, D("7.5"), coil[0]), equiv=contactor_equiv(amps, coil[1]),
                competitors=fuji_contactor(amps, coil[0]))


def _se_lc1f(amps: int, coil: tuple[str, str]) -> Spec:
    model = f"LC1F{amps}{SE_COIL[coil[0]]}"
    en, zh = contactor_names("TeSys F", "TeSys F ", amps, "3P", coil[0])
    return Spec("SE", "contactor", "TeSys F", model, en, zh, contactor_attrs(amps, "3P", coil[0], "none"),
                contactor_price(amps, 900, D("9.8"), coil[0]), schedule=0)


def _se_lc1dt(amps: int, coil: tuple[str, str]) -> Spec:
    model = f"LC1DT{amps}{SE_COIL[coil[0]]}"
    en, zh = contactor_names("TeSys D", "TeSys D ", amps, "4P", coil[0])
    return Spec("SE", "contactor", "TeSys D", model, en, zh, contactor_attrs(amps, "4P (4NO)", coil[0], "none"),
                contactor_price(amps, 220, D("9"), coil[0]))


_SIE_SIZES = [("15", 7, "S00"), ("16", 9, "S00"), ("17", 12, "S00"), ("18", 16, "S00"), ("23", 9, "S0"),
              ("24", 12, "S0"), ("25", 17, "S0"), ("26", 25, "S0"), ("27", 32, "S0"), ("28", 38, "S0"),
              ("35", 40, "S2"), ("36", 50, "S2"), ("37", 65, "S2"), ("38", 80, "S2")]


def _sie_3rt(size: tuple[str, int, str], coil: tuple[str, str], terminal: str, aux: str) -> Spec | None:
    code, amps, frame = size
    if frame != "S00" and aux == "2":
        return None
    model = f"3RT20{code}-{terminal}{SIE_COIL[coil[0]]}{aux if frame == 'S00' else '0'}"
    en, zh = contactor_names("SIRIUS 3RT2", "SIRIUS 3RT2 ", amps, "3P", coil[0])
    conn = {"1": "screw", "2": "spring"}[terminal]
    en += f", {frame}, {conn} terminals"
    zh += f" {frame} {'螺钉端子' if terminal == '1' else '弹簧端子'}"
    aux_label = {"1": "1NO", "2": "1NC"}[aux] if frame == "S00" else "none"
    return Spec("SIE", "contactor", "SIRIUS 3RT2", model, en, zh,
                (*contactor_attrs(amps, "3P", coil[0], aux_label), ("size", frame), ("terminals", conn)),
                contactor_price(amps, 160, D("8.5"), coil[0]) + (D(18) if terminal == "2" else D(0)),
                equiv=contactor_equiv(amps, coil[1]) if terminal == "1" and aux == "1" else "")


_ABB_AF = [9, 12, 16, 26, 30, 38, 40, 52, 65, 80, 96]
_ABB_COIL = [("13", "100-250V AC/DC", "AC220"), ("11", "24-60V AC/20-60V DC", "DC24"),
             ("12", "48-130V AC/DC", "AC110"), ("14", "250-500V AC/DC", "AC380")]


def _abb_af(amps: int, coil: tuple[str, str, str], aux: str) -> Spec:
    model = f"AF{amps:02d}-30-{aux}-{coil[0]}"
    alias = f"1SBL{137 + _ABB_AF.index(amps) * 20:03d}{'0' if aux == '10' else '1'}01R{coil[0]}{aux}"
    en = f"AF contactor {amps}A 3P {coil[1]} coil"
    zh = f"AF系列交流接触器 {amps}A 3P 线圈{coil[1]}"
    return Spec("ABB", "contactor", "AF", model, en, zh,
                contactor_attrs(amps, "3P", coil[1], "1NO" if aux == "10" else "1NC"),
                contactor_price(amps, 150, D("8"), "AC"), equiv=contactor_equiv(amps, coil[2]) if aux == "10" else "",
                aliases=(alias,))


_CHT_NXC = [9, 12, 18, 25, 32, 38, 40, 50, 65, 75, 85, 100, 120]
_VOLTS = [("220V", "AC220V", "AC220"), ("380V", "AC380V", "AC380"), ("24V", "AC24V", "AC24"),
          ("110V", "AC110V", "AC110"), ("36V", "AC36V", "AC36"), ("127V", "AC127V", "AC127")]


def _cht_nxc(amps: int, volt: tuple[str, str, str]) -> Spec:
    model = f"NXC-{amps:02d} {volt[0]}"
    en, zh = contactor_names("CHINT NXC", "正泰NXC ", amps, "3P", volt[1])
    return Spec("CHT", "contactor", "NXC", model, en, zh, contactor_attrs(amps, "3P", volt[1], "1NO"),
                contactor_price(amps, 22, D("2.1"), volt[1]), equiv=contactor_equiv(amps, volt[2]),
                competitors=fuji_contactor(amps, volt[1]))


_CJX2 = [(9, "0910"), (12, "1210"), (18, "1810"), (25, "2510"), (32, "3210"), (40, "4011"), (50, "5011"),
         (65, "6511"), (80, "8011"), (95, "9511")]


def _dlx_cjx2(rating: tuple[int, str], volt: tuple[str, str, str], aux: str) -> Spec | None:
    amps, code = rating
    if aux == "01" and amps > 32:
        return None
    code = code if aux == "10" else code[:2] + "01"
    model = f"CJX2-{code} {volt[0]}"
    en, zh = contactor_names("DELIXI CJX2", "德力西CJX2 ", amps, "3P", volt[1])
    return Spec("DLX", "contactor", "CJX2", model, en, zh,
                contactor_attrs(amps, "3P", volt[1], "1NO" if aux == "10" else "1NC"),
                contactor_price(amps, 18, D("1.9"), volt[1]), equiv=contactor_equiv(amps, volt[2]) if aux == "10"
                else "")


_LS_MC = [(9, "9b"), (12, "12b"), (18, "18b"), (22, "22b"), (32, "32a"), (40, "40a"), (50, "50a"), (65, "65a"),
          (75, "75a"), (85, "85a"), (100, "100a")]


def _ls_mc(rating: tuple[int, str], coil: tuple[str, str]) -> Spec:
    amps, code = rating
    model = f"MC-{code} {coil[0]}"
    en, zh = contactor_names("Metasol MC", "Metasol MC ", amps, "3P", coil[0])
    return Spec("LS", "contactor", "Metasol", model, en, zh, contactor_attrs(amps, "3P", coil[0], "1NO+1NC"),
                contactor_price(amps, 60, D("4"), coil[0]), equiv=contactor_equiv(amps, coil[1]))


_ETN_DILM = [7, 9, 12, 15, 17, 25, 32, 38, 40, 50, 65, 80, 95]
_ETN_COIL = {"AC220V": "220V50HZ", "AC380V": "380V50HZ", "DC24V": "RDC24", "AC110V": "110V50HZ", "AC24V": "24V50HZ",
             "AC230V": "230V50HZ", "AC48V": "48V50HZ", "DC110V": "RDC110", "DC220V": "RDC240", "AC36V": "42V50HZ",
             "AC415V": "415V50HZ", "DC12V": "RDC12", "DC48V": "RDC48", "AC240V": "240V50HZ", "AC400V": "400V50HZ"}


def _etn_dilm(amps: int, coil: tuple[str, str], aux: str) -> Spec | None:
    if amps > 32 and aux != "10":
        return None
    model = f"DILM{amps}-{aux}({_ETN_COIL[coil[0]]})" if amps <= 32 else f"DILM{amps}({_ETN_COIL[coil[0]]})"
    en, zh = contactor_names("xStart DILM", "xStart DILM ", amps, "3P", coil[0])
    return Spec("ETN", "contactor", "DILM", model, en, zh,
                contactor_attrs(amps, "3P", coil[0], {"10": "1NO", "01": "1NC"}[aux]),
                contactor_price(amps, 110, D("7"), coil[0]), equiv=contactor_equiv(amps, coil[1]) if aux == "10"
                else "")


def _mit_st(rating: tuple[str, int], coil: tuple[str, str]) -> Spec:
    code, amps = rating
    dc = coil[0].startswith("DC")
    model = f"{'SD' if dc else 'S'}-{code} {coil[0]}"
    en, zh = contactor_names("MS-T", "MS-T ", amps, "3P", coil[0])
    return Spec("MIT", "contactor", "MS-T", model, en, zh, contactor_attrs(amps, "3P", coil[0], "1NO"),
                contactor_price(amps, 95, D("6"), coil[0]), equiv=contactor_equiv(amps, coil[1]))


# --- miniature circuit breakers ----------------------------------------------------------------------------------

_CURVES = ["C", "D", "B"]
_POLES = [1, 2, 3, 4]
_HAGER_CURVE = {"C": "MCN", "B": "MBN", "D": "MDN"}


def mcb_spec(brand: str, series: str, series_zh: str, model: str, poles: int, curve: str, amps: int, ka: str,
             base: Decimal, alias: str = "") -> Spec:
    poles_label = f"{poles}P"
    en = f"{series} miniature circuit breaker {poles_label} {curve}{amps} {ka}"
    zh = f"{series_zh}微型断路器 {poles_label} {curve}{amps} {ka}"
    price = money(base * poles * (1 + D(amps) / 200) * (D("1.15") if curve == "D" else 1))
    competitors = (f"{_HAGER_CURVE[curve]}{poles}{amps:02d}",) if amps >= 6 else ()
    return Spec(brand, "mcb", series, model, en, zh,
                (("poles", poles_label), ("curve", curve), ("rated_current", f"{amps} A"), ("breaking_capacity", ka)),
                price, equiv=f"MCB|{poles}|{curve}|{amps}", aliases=(alias,) if alias else (), competitors=competitors,
                schedule=2)


def _se_ic65(line: tuple[str, str], curve: str, poles: int, amps: int) -> Spec:
    digit = {"B": "3", "C": "4", "D": "5"}[curve]
    model = f"A9F{line[0]}{digit}{poles}{amps:02d}"
    return mcb_spec("SE", f"Acti9 {line[1]}", f"Acti9 {line[1]} ", model, poles, curve, amps,
                    {"iC65N": "6kA", "iC65H": "10kA", "iC65L": "15kA"}[line[1]],
                    {"iC65N": D(48), "iC65H": D(66), "iC65L": D(88)}[line[1]],
                    alias=f"{line[1]} {poles}P {curve}{amps}A")


def _se_ea9(curve: str, poles: int, amps: int) -> Spec:
    return mcb_spec("SE", "Easy9", "Easy9 ", f"EA9AN{poles}{curve}{amps}", poles, curve, amps, "4.5kA", D(16))


def _sie_5sy(bc: tuple[str, str], curve: str, poles: int, amps: int) -> Spec:
    digit = {"B": "6", "C": "7", "D": "8"}[curve]
    model = f"5SY{bc[0]}{poles}{amps:02d}-{digit}"
    return mcb_spec("SIE", "5SY", "5SY ", model, poles, curve, amps, bc[1],
                    {"6": D(40), "4": D(52), "7": D(68), "8": D(95)}[bc[0]])


def _abb_s200(line: str, curve: str, poles: int, amps: int) -> Spec:
    model = f"{line}{poles}-{curve}{amps}" if line != "S200M" else f"S20{poles}M-{curve}{amps}"
    if line == "S20":
        model = f"S20{poles}-{curve}{amps}"
    ka = {"SH20": "4.5kA", "S20": "6kA", "S200M": "10kA"}[line]
    series = {"SH20": "SH200", "S20": "S200", "S200M": "S200M"}[line]
    return mcb_spec("ABB", series, f"{series} ", model, poles, curve, amps, ka,
                    {"SH20": D(22), "S20": D(38), "S200M": D(58)}[line])


def _cht_dz47(line: str, curve: str, poles: int, amps: int) -> Spec:
    if line == "DZ47-60":
        model = f"DZ47-60 {poles}P {curve}{amps}" if poles > 1 else f"DZ47-60 {curve}{amps}"
        return mcb_spec("CHT", "DZ47-60", "正泰DZ47-60 ", model, poles, curve, amps, "6kA", D("6.5"))
    model = f"NXB-63 {poles}P {curve}{amps}"
    return mcb_spec("CHT", "NXB-63", "正泰昆仑NXB-63 ", model, poles, curve, amps, "6kA", D("9.8"))


def _dlx_dz47s(curve: str, poles: int, amps: int) -> Spec:
    model = f"DZ47s {poles}P {curve}{amps}" if poles > 1 else f"DZ47s {curve}{amps}"
    return mcb_spec("DLX", "DZ47s", "德力西DZ47s ", model, poles, curve, amps, "6kA", D("6.2"))


def _ls_bkn(curve: str, poles: int, amps: int) -> Spec:
    return mcb_spec("LS", "BKN", "BKN ", f"BKN {poles}P {curve}{amps}A", poles, curve, amps, "6kA", D(18))


def _leg_tx3(curve: str, poles: int, amps: int) -> Spec:
    return mcb_spec("LEG", "TX3", "TX3 ", f"TX3 {curve}{amps} {poles}P", poles, curve, amps, "6kA", D(15))


def _cht_rcbo(poles: str, amps: int, ma: str) -> Spec:
    model = f"NXBLE-63 {poles} C{amps} {ma}"
    en = f"NXBLE-63 residual current breaker with overcurrent protection {poles} C{amps} {ma}"
    zh = f"正泰NXBLE-63 漏电保护断路器 {poles} C{amps} {ma}"
    return Spec("CHT", "rcbo", "NXBLE-63", model, en, zh,
                (("poles", poles), ("rated_current", f"{amps} A"), ("residual_current", ma)),
                money(D(48) * (1 + D(amps) / 100) * (2 if "3P" in poles else 1)), schedule=2)


# --- MCCBs, motor protection, overloads --------------------------------------------------------------------------

_NF_FRAMES = [("NF63-CV", [20, 32, 40, 50, 63, 16, 10, 25], 320), ("NF125-CV", [100, 125, 80, 63, 50], 520),
              ("NF250-CV", [200, 250, 160, 125], 980), ("NF125-SV", [100, 125, 80, 63], 680),
              ("NF250-SV", [225, 250, 200, 160], 1280), ("NF400-CW", [400, 350, 300, 250], 2450),
              ("NF630-CW", [630, 500], 3900)]


def _mit_nf(frame: int, poles: str, rating: int) -> Spec | None:
    name, ratings, base = _NF_FRAMES[frame]
    if rating >= len(ratings):
        return None
    amps = ratings[rating]
    model = f"{name} {poles} {amps}A"
    price = money(D(base) * (D("1.3") if poles == "4P" else 1))
    return Spec("MIT", "mccb", "NF", model, f"NF moulded case circuit breaker {name} {poles} {amps}A",
                f"三菱NF塑壳断路器 {name} {poles} {amps}A", (("frame", name), ("poles", poles),
                                                          ("rated_current", f"{amps} A")), price, schedule=0)


_CHT_NXM = [("NXM-63S", [32, 63, 40, 50, 25, 20, 16], 260), ("NXM-125S", [100, 125, 80, 63], 380),
            ("NXM-250S", [250, 200, 225, 160], 720), ("NXM-400S", [400, 350, 315], 1650),
            ("NXM-630S", [630, 500], 2600), ("NXM-125H", [100, 125, 80], 520), ("NXM-250H", [250, 200], 980)]


def _cht_nxm(frame: int, poles: str, rating: int) -> Spec | None:
    name, ratings, base = _CHT_NXM[frame]
    if rating >= len(ratings):
        return None
    amps = ratings[rating]
    model = f"{name}/{poles[0]}300 {amps}A"
    return Spec("CHT", "mccb", "NXM", model, f"NXM moulded case circuit breaker {name} {poles} {amps}A",
                f"正泰昆仑NXM塑壳断路器 {name} {poles} {amps}A",
                (("frame", name), ("poles", poles), ("rated_current", f"{amps} A")),
                money(D(base) * (D("1.3") if poles == "4P" else 1)), schedule=0)


_SE_CVS = [("CVS100F", [100, 63, 80, 50, 40, 32, 25, 16], 980), ("CVS160F", [160, 125, 100], 1380),
           ("CVS250F", [250, 200, 160], 1980), ("CVS400F", [400, 320, 250], 4200), ("CVS630F", [630, 500], 6100)]


def _se_cvs(frame: int, poles: str, rating: int) -> Spec | None:
    name, ratings, base = _SE_CVS[frame]
    if rating >= len(ratings):
        return None
    amps = ratings[rating]
    trip = "TM" if amps <= 250 else "ETS2.3"
    model = f"{name} {trip}{amps}D {poles}{poles[0]}D"
    return Spec("SE", "mccb", "EasyPact CVS", model, f"EasyPact CVS MCCB {name} {amps}A {poles}",
                f"EasyPact CVS塑壳断路器 {name} {amps}A {poles}",
                (("frame", name), ("poles", poles), ("rated_current", f"{amps} A"), ("trip_unit", trip)),
                money(D(base) * (D("1.25") if poles == "4P" else 1)), schedule=0)


# (code, range low, range high)
_GV2 = [("08", "2.5", "4"), ("10", "4", "6.3"), ("14", "6", "10"), ("07", "1.6", "2.5"), ("16", "9", "14"),
        ("06", "1", "1.6"), ("20", "13", "18"), ("21", "17", "23"), ("22", "20", "25"), ("05", "0.63", "1"),
        ("32", "24", "32"), ("04", "0.4", "0.63"), ("03", "0.25", "0.4"), ("02", "0.16", "0.25"),
        ("01", "0.1", "0.16")]


def mpcb_spec(brand: str, series: str, series_zh: str, model: str, low: str, high: str, base: Decimal,
              equiv: bool = True) -> Spec:
    return Spec(brand, "mpcb", series, model, f"{series} motor protection circuit breaker {low}-{high}A",
                f"{series_zh}电动机保护断路器 {low}-{high}A", (("setting_range", f"{low}-{high} A"), ("poles", "3P")),
                money(base + D(high) * 6), equiv=f"MPCB|{high}" if equiv else "")


def _se_gv2(variant: str, rng: tuple[str, str, str]) -> Spec:
    series = {"ME": "TeSys GV2ME", "P": "TeSys GV2P"}[variant]
    return mpcb_spec("SE", series, f"{series} ", f"GV2{variant}{rng[0]}", rng[1], rng[2],
                     D(260) if variant == "ME" else D(340), equiv=variant == "ME")


_SIE_3RV = [("1A", "1.1", "1.6"), ("1B", "1.4", "2"), ("1C", "1.8", "2.5"), ("1D", "2.2", "3.2"),
            ("1E", "2.8", "4"), ("1F", "3.5", "5"), ("1G", "4.5", "6.3"), ("1H", "5.5", "8"), ("1J", "7", "10"),
            ("1K", "9", "12.5"), ("4A", "10", "16"), ("4B", "14", "20"), ("0A", "0.11", "0.16"),
            ("0C", "0.18", "0.25"), ("0E", "0.28", "0.4"), ("0G", "0.45", "0.63"), ("0J", "0.7", "1")]


def _sie_3rv(size: str, rng: tuple[str, str, str], terminal: str) -> Spec | None:
    if size == "11" and rng[0] in ("4A", "4B"):
        return None
    model = f"3RV20{size}-{rng[0]}{terminal}10"
    spec = mpcb_spec("SIE", "SIRIUS 3RV2", "SIRIUS 3RV2 ", model, rng[1], rng[2],
                     D(290) + (D(30) if terminal == "B" else 0), equiv=terminal == "A" and size == "11")
    frame = "S00" if size == "11" else "S0"
    conn_en, conn_zh = ("screw", "螺钉端子") if terminal == "A" else ("spring", "弹簧端子")
    return replace(spec, name_en=f"{spec.name_en}, {frame}, {conn_en} terminals",
                   name_zh=f"{spec.name_zh} {frame} {conn_zh}", attrs=(*spec.attrs, ("size", frame)))


_ABB_MS = ["4.0", "6.3", "10", "2.5", "1.6", "12", "16", "1.0", "0.63", "20", "25", "0.4", "32", "0.25", "0.16"]
_ABB_LOW = {"0.16": "0.1", "0.25": "0.16", "0.4": "0.25", "0.63": "0.4", "1.0": "0.63", "1.6": "1.0", "2.5": "1.6",
            "4.0": "2.5", "6.3": "4.0", "10": "6.3", "12": "8.0", "16": "10", "20": "16", "25": "20", "32": "25"}


def _abb_ms(series: str, high: str) -> Spec | None:
    if series == "MS116" and high == "32":
        return None
    return mpcb_spec("ABB", series, f"{series} ", f"{series}-{high}", _ABB_LOW[high], high,
                     D(210) if series == "MS116" else D(300), equiv=series == "MS116")


def _cht_nxr(rng: tuple[str, str, str]) -> Spec:
    model = f"NXR-25 {rng[1]}-{rng[2]}A"
    return Spec("CHT", "overload", "NXR", model, f"NXR thermal overload relay {rng[1]}-{rng[2]}A",
                f"正泰NXR热过载继电器 {rng[1]}-{rng[2]}A", (("setting_range", f"{rng[1]}-{rng[2]} A"),),
                money(D(38) + D(rng[2]) * 1))


_LRD = [("08", "2.5", "4"), ("10", "4", "6"), ("12", "5.5", "8"), ("14", "7", "10"), ("16", "9", "13"),
        ("21", "12", "18"), ("22", "16", "24"), ("32", "23", "32"), ("07", "1.6", "2.5"), ("06", "1", "1.7"),
        ("05", "0.63", "1"), ("35", "30", "38")]


def _se_lrd(rng: tuple[str, str, str], version: str) -> Spec:
    model = f"LRD{rng[0]}{version}"
    return Spec("SE", "overload", "TeSys LRD", model, f"TeSys LRD thermal overload relay {rng[1]}-{rng[2]}A",
                f"TeSys LRD热过载继电器 {rng[1]}-{rng[2]}A", (("setting_range", f"{rng[1]}-{rng[2]} A"),),
                money(D(150) + D(rng[2]) * 3 - (D(20) if version else 0)))


# --- relays and timers -------------------------------------------------------------------------------------------

_RXM_COIL = [("BD", "DC24V"), ("P7", "AC230V"), ("M7", "AC220V"), ("JD", "DC12V"), ("F7", "AC120V"),
             ("B7", "AC24V"), ("ED", "DC48V"), ("FD", "DC110V")]


def relay_spec(brand: str, series: str, series_zh: str, model: str, contacts: str, amps: int, coil: str,
               extra_en: str, extra_zh: str, base: Decimal) -> Spec:
    return Spec(brand, "relay", series, model,
                f"{series} plug-in relay {contacts} {amps}A {coil} coil{extra_en}",
                f"{series_zh}中间继电器 {contacts} {amps}A {coil_zh(coil)}{extra_zh}",
                (("contacts", contacts), ("contact_rating", f"{amps} A"), ("coil_voltage", coil)), money(base),
                equiv=f"RLY|{contacts}|{coil.replace('AC230V', 'AC220V').replace('AC240V', 'AC220V')}",
                schedule=3)


def _se_rxm(contacts: tuple[str, str, int], led: str, coil: tuple[str, str]) -> Spec:
    model = f"RXM{contacts[0]}AB{led}{coil[0]}"
    return relay_spec("SE", "Zelio RXM", "Zelio RXM ", model, contacts[1], contacts[2], coil[1],
                      " with LED" if led == "2" else "", "带LED" if led == "2" else "",
                      D(38) + (D(6) if led == "2" else 0) + (D(14) if contacts[0] == "4" else 0))


_MY_COILS = [("DC24", "DC24V"), ("AC220/240", "AC220V"), ("DC12", "DC12V"), ("AC110/120", "AC110V"),
             ("AC24", "AC24V"), ("DC48", "DC48V"), ("DC110", "DC110V")]


def _omr_my(poles: str, variant: str, coil: tuple[str, str]) -> Spec:
    model = f"MY{poles}{variant} {coil[0]}"
    contacts = f"{poles}CO"
    led = "N" in variant
    return relay_spec("OMR", "MY", "欧姆龙MY ", model, contacts, 5 if poles == "4" else 10, coil[1],
                      " with LED" if led else "", " 带指示灯" if led else "",
                      D(32) + (D(10) if poles == "4" else 0) + (D(4) if led else 0))


def _omr_ly(poles: str, coil: tuple[str, str]) -> Spec:
    return relay_spec("OMR", "LY", "欧姆龙LY ", f"LY{poles}N-J {coil[0]}", f"{poles}CO", 10, coil[1], " with LED",
                      " 带指示灯", D(45) + D(int(poles) * 8))


def _omr_g2r(variant: str, coil: tuple[str, str]) -> Spec:
    poles = "2" if variant.startswith("2") else "1"
    model = f"G2R-{variant} {coil[0]}"
    return relay_spec("OMR", "G2R", "欧姆龙G2R ", model, f"{poles}CO", 5 if poles == "2" else 10, coil[1],
                      " PCB relay", " PCB继电器", D(18) + (D(4) if poles == "2" else 0))


def _cht_nxj(contacts: tuple[str, str], coil: tuple[str, str]) -> Spec:
    model = f"NXJ/{contacts[0]}Z1 {coil[0]}"
    return relay_spec("CHT", "NXJ", "正泰NXJ ", model, contacts[1], 10 if contacts[0] == "2" else 5, coil[1], "",
                      "", D("9.5") + (D(3) if contacts[0] == "4" else 0))


def _dlx_cdz9(contacts: tuple[str, str], coil: tuple[str, str]) -> Spec:
    model = f"CDZ9-{contacts[0]}2P {coil[0]}"
    return relay_spec("DLX", "CDZ9", "德力西CDZ9 ", model, contacts[1], 10 if contacts[0] == "5" else 5, coil[1], "",
                      "", D("8.8") + (D(3) if contacts[0] == "6" else 0))


_H3Y_RANGES = ["10S", "30S", "60S", "5S", "1S", "3M", "10M", "30M", "60M"]


def timer_spec(brand: str, series: str, series_zh: str, model: str, coil: str, rng: str, base: Decimal) -> Spec:
    return Spec(brand, "timer", series, model, f"{series} on-delay timer {coil} {rng}",
                f"{series_zh}通电延时时间继电器 {coil} {rng}", (("supply_voltage", coil), ("time_range", rng)),
                money(base), schedule=3)


def _omr_h3y(poles: str, coil: tuple[str, str], rng: str) -> Spec:
    return timer_spec("OMR", "H3Y", "欧姆龙H3Y ", f"H3Y-{poles} {coil[0]} {rng}", coil[1], rng,
                      D(68) + (D(12) if poles == "4" else 0))


def _cht_jsz3(variant: str, coil: tuple[str, str], rng: str) -> Spec:
    return timer_spec("CHT", "JSZ3", "正泰JSZ3", f"JSZ3{variant} {rng} {coil[0]}", coil[1], rng, D(26))


_H3Y_COILS = [("AC220", "AC220V"), ("DC24", "DC24V"), ("AC110", "AC110V"), ("DC12", "DC12V"), ("AC24", "AC24V")]

# --- PLCs --------------------------------------------------------------------------------------------------------

_SIEMENS_PLC = [
    ("6ES7214-1AG40-0XB0", "CPU 1214C DC/DC/DC", "S7-1200 CPU 1214C DC/DC/DC", 2680),
    ("6ES7214-1BG40-0XB0", "CPU 1214C AC/DC/RLY", "S7-1200 CPU 1214C AC/DC/继电器", 2580),
    ("6ES7214-1HG40-0XB0", "CPU 1214C DC/DC/RLY", "S7-1200 CPU 1214C DC/DC/继电器", 2620),
    ("6ES7211-1AE40-0XB0", "CPU 1211C DC/DC/DC", "S7-1200 CPU 1211C DC/DC/DC", 1580),
    ("6ES7212-1AE40-0XB0", "CPU 1212C DC/DC/DC", "S7-1200 CPU 1212C DC/DC/DC", 1980),
    ("6ES7215-1AG40-0XB0", "CPU 1215C DC/DC/DC", "S7-1200 CPU 1215C DC/DC/DC", 3980),
    ("6ES7217-1AG40-0XB0", "CPU 1217C DC/DC/DC", "S7-1200 CPU 1217C DC/DC/DC", 5680),
    ("6ES7221-1BF32-0XB0", "SM 1221 DI 8x24V DC", "SM 1221 数字量输入模块 8DI", 760),
    ("6ES7221-1BH32-0XB0", "SM 1221 DI 16x24V DC", "SM 1221 数字量输入模块 16DI", 1080),
    ("6ES7222-1BF32-0XB0", "SM 1222 DQ 8x24V DC", "SM 1222 数字量输出模块 8DQ", 820),
    ("6ES7222-1HF32-0XB0", "SM 1222 DQ 8xRelay", "SM 1222 继电器输出模块 8DQ", 860),
    ("6ES7223-1BL32-0XB0", "SM 1223 DI 16/DQ 16", "SM 1223 数字量输入输出模块 16DI/16DQ", 1960),
    ("6ES7231-4HD32-0XB0", "SM 1231 AI 4x13bit", "SM 1231 模拟量输入模块 4AI", 1580),
    ("6ES7232-4HD32-0XB0", "SM 1232 AQ 4x14bit", "SM 1232 模拟量输出模块 4AQ", 2160),
    ("6ES7288-1SR40-0AA1", "S7-200 SMART CPU SR40", "S7-200 SMART CPU SR40 继电器输出", 1680),
    ("6ES7288-1ST40-0AA1", "S7-200 SMART CPU ST40", "S7-200 SMART CPU ST40 晶体管输出", 1720),
    ("6ES7288-1SR20-0AA1", "S7-200 SMART CPU SR20", "S7-200 SMART CPU SR20 继电器输出", 1180),
    ("6ES7288-1ST30-0AA1", "S7-200 SMART CPU ST30", "S7-200 SMART CPU ST30 晶体管输出", 1450),
    ("6ES7288-2DE08-0AA0", "S7-200 SMART EM DE08", "S7-200 SMART 数字量输入模块 EM DE08", 420),
    ("6ES7288-3AE04-0AA0", "S7-200 SMART EM AE04", "S7-200 SMART 模拟量输入模块 EM AE04", 980),
    ("6ES7972-0BA12-0XA0", "PROFIBUS connector", "PROFIBUS 总线连接器", 260),
    ("6ES7954-8LE03-0AA0", "SIMATIC memory card 12 MB", "SIMATIC 存储卡 12MB", 720),
]


def _sie_plc(item: tuple[str, str, str, int]) -> Spec:
    model, en, zh, price = item
    return Spec("SIE", "plc", "SIMATIC", model, f"SIMATIC {en}", f"西门子 {zh}", (("series", en.split()[0]),),
                money(price), schedule=0)


_FX = [("FX3U", [16, 32, 48, 64, 80, 128], "ES-A", 1650), ("FX5U", [32, 64, 80], "ES", 2450),
       ("FX3G", [24, 40, 60, 14], "ES-A", 1150), ("FX3SA", [20, 30, 10, 14], "ES-A", 820)]


def _mit_fx(series: int, points: int, output: str) -> Spec | None:
    name, sizes, suffix, base = _FX[series]
    if points >= len(sizes):
        return None
    n = sizes[points]
    model = f"{name}-{n}M{output}/{suffix}"
    out_en = {"R": "relay", "T": "transistor (sink)"}[output]
    out_zh = {"R": "继电器输出", "T": "晶体管输出"}[output]
    return Spec("MIT", "plc", name, model, f"MELSEC {name} PLC {n} I/O {out_en} output",
                f"三菱 {name} PLC {n}点 {out_zh}", (("io_points", str(n)), ("output", out_en)),
                money(D(base) + D(n) * 26 + (D(60) if output == "T" else 0)), schedule=0)


_FX_MODULES = [("FX3U-4AD", "analog input module 4ch", "模拟量输入模块 4通道", 1380),
               ("FX3U-4DA", "analog output module 4ch", "模拟量输出模块 4通道", 1580),
               ("FX3U-485-BD", "RS-485 communication board", "RS-485 通讯板", 320),
               ("FX3U-232-BD", "RS-232C communication board", "RS-232C 通讯板", 300),
               ("FX3U-ENET-L", "Ethernet module", "以太网模块", 2280),
               ("FX2N-16EX-ES/UL", "input extension 16DI", "输入扩展模块 16点", 780),
               ("FX2N-16EYR-ES/UL", "relay output extension 16DO", "继电器输出扩展模块 16点", 860)]


def _mit_fxmod(item: tuple[str, str, str, int]) -> Spec:
    model, en, zh, price = item
    return Spec("MIT", "plc", "FX", model, f"MELSEC FX {en}", f"三菱FX {zh}", (), money(price), schedule=0)


# --- sensors -----------------------------------------------------------------------------------------------------

_E2E_RANGES = [("5", "M18", "5 mm", True), ("10", "M30", "10 mm", True), ("2", "M12", "2 mm", True),
               ("1R5", "M8", "1.5 mm", True), ("8", "M18", "8 mm", False), ("18", "M30", "18 mm", False),
               ("5M", "M12", "5 mm", False), ("2M", "M8", "2 mm", False)]
_E2E_OUT = [("E1", "NPN NO"), ("F1", "PNP NO"), ("E2", "NPN NC"), ("F2", "PNP NC")]
_CABLES = [("2M", "2 m cable", "2米线"), ("5M", "5 m cable", "5米线"), ("M1", "M12 connector", "M12接插件")]


def prox_spec(brand: str, series: str, series_zh: str, model: str, size: str, rng: str, shielded: bool, out: str,
              cable: tuple[str, str, str], base: Decimal) -> Spec:
    shield_en = "shielded" if shielded else "unshielded"
    shield_zh = "齐平" if shielded else "非齐平"
    return Spec(brand, "prox", series, model,
                f"{series} inductive proximity sensor {size} {rng} {shield_en} {out} {cable[1]}",
                f"{series_zh}电感式接近开关 {size} 检测距离{rng} {shield_zh} {out} {cable[2]}",
                (("size", size), ("sensing_distance", rng), ("mounting", shield_en), ("output", out),
                 ("connection", cable[1])), money(base + (D(15) if cable[0] == "5M" else 0)),
                equiv=f"PROX|{size}|{rng}|{out}|{cable[0]}", schedule=3)


def _omr_e2e(rng: tuple[str, str, str, bool], out: tuple[str, str], cable: tuple[str, str, str]) -> Spec:
    head = rng[0] if rng[3] else rng[0].rstrip("M")
    model = f"E2E-X{head}M{out[0]}" if rng[3] else f"E2E-X{head}M{out[0]}-N"
    model = f"{model}-M1" if cable[0] == "M1" else f"{model} {cable[0]}"
    return prox_spec("OMR", "E2E", "欧姆龙E2E ", model, rng[1], rng[2], rng[3], out[1], cable,
                     D(180) + D(int(rng[1][1:]) * 2))


_XS_OUT = [("PA", "PNP NO"), ("NA", "NPN NO"), ("PB", "PNP NC"), ("NB", "NPN NC")]


def _se_xs(rng: tuple[str, str, str, bool], out: tuple[str, str], cable: tuple[str, str, str]) -> Spec | None:
    if not rng[3]:
        return None
    conn = {"2M": "L2", "5M": "L5", "M1": "M12"}[cable[0]]
    model = f"XS6{rng[1][1:]:0>2}B1{out[0]}{conn}"
    return prox_spec("SE", "OsiSense XS", "OsiSense XS ", model, rng[1], rng[2], True, out[1], cable,
                     D(210) + D(int(rng[1][1:]) * 2))


def _cht_lj(size: tuple[str, str, str], out: tuple[str, str]) -> Spec:
    model = f"{size[0]}-{size[2].split()[0]}/{out[0]}"
    outs = {"N1": "NPN NO", "P1": "PNP NO", "N2": "NPN NC", "P2": "PNP NC", "E1": "2-wire AC NO"}
    return prox_spec("CHT", "YBLX-LJ", "正泰LJ ", model, size[1], size[2], True, outs[out[0]],
                     ("2M", "2 m cable", "2米线"), D(16) + D(int(size[1][1:])))


_E3Z = [("D61", "diffuse 100 mm", "漫反射 100mm", "NPN"), ("D81", "diffuse 100 mm", "漫反射 100mm", "PNP"),
        ("R61", "retro-reflective 4 m", "回归反射 4m", "NPN"), ("R81", "retro-reflective 4 m", "回归反射 4m", "PNP"),
        ("T61", "through-beam 15 m", "对射 15m", "NPN"), ("T81", "through-beam 15 m", "对射 15m", "PNP"),
        ("D62", "diffuse 1 m", "漫反射 1m", "NPN"), ("D82", "diffuse 1 m", "漫反射 1m", "PNP"),
        ("LS61", "background suppression 20-200 mm", "背景抑制 20-200mm", "NPN"),
        ("LS81", "background suppression 20-200 mm", "背景抑制 20-200mm", "PNP"),
        ("B61", "polarised retro-reflective 4 m", "偏振回归反射 4m", "NPN")]


def _omr_e3z(kind: tuple[str, str, str, str], cable: tuple[str, str, str]) -> Spec:
    model = f"E3Z-{kind[0]}-M1J" if cable[0] == "M1" else f"E3Z-{kind[0]} {cable[0]}"
    return Spec("OMR", "photo", "E3Z", model, f"E3Z photoelectric sensor {kind[1]} {kind[3]} {cable[1]}",
                f"欧姆龙E3Z光电开关 {kind[2]} {kind[3]} {cable[2]}",
                (("sensing_method", kind[1]), ("output", kind[3]), ("connection", cable[1])),
                money(D(260) + (D(120) if kind[0].startswith("T") else 0) + (D(60) if "LS" in kind[0] else 0)),
                equiv=f"PHOTO|{kind[1]}|{kind[3]}|{cable[0]}", schedule=3)


_XUB = [("XUB4", "diffuse 0.8 m", "漫反射 0.8m"), ("XUB9", "retro-reflective 4 m", "回归反射 4m"),
        ("XUB2", "through-beam 15 m", "对射 15m"), ("XUB1", "polarised retro-reflective 2 m", "偏振回归反射 2m")]


def _se_xub(kind: tuple[str, str, str], out: tuple[str, str], cable: tuple[str, str, str]) -> Spec:
    conn = {"2M": "L2", "5M": "L5", "M1": "M12"}[cable[0]]
    model = f"{kind[0]}{'A' if out[0][0] == 'P' else 'B'}{'P' if out[0][0] == 'P' else 'N'}S{conn}"
    return Spec("SE", "photo", "OsiSense XU", model,
                f"OsiSense XU photoelectric sensor M18 {kind[1]} {out[1]} {cable[1]}",
                f"OsiSense XU光电开关 M18 {kind[2]} {out[1]} {cable[2]}",
                (("sensing_method", kind[1]), ("output", out[1]), ("connection", cable[1]), ("size", "M18")),
                money(D(320) + (D(90) if kind[0] == "XUB2" else 0)), schedule=3)


# --- pushbuttons and pilot lights --------------------------------------------------------------------------------

_PB_SERIES = [("XB2B", "XB2", "XB2 ", D(18)), ("XB5A", "XB5", "XB5 ", D(26)), ("XB4B", "XB4", "XB4 ", D(58))]
_PB_TYPES = [("A", "flush pushbutton", "平头按钮"), ("L", "projecting pushbutton", "凸头按钮"),
             ("C", "mushroom pushbutton", "蘑菇头按钮"), ("H", "booted pushbutton", "防尘罩按钮")]
_SE_COLOUR = {"green": "3", "red": "4", "black": "2", "yellow": "5", "blue": "6", "white": "1"}


def pushbutton_spec(brand: str, series: str, series_zh: str, model: str, kind: tuple[str, str, str],
                    colour: tuple[str, str], contact: str, base: Decimal) -> Spec:
    contact_zh = {"1NO": "1常开", "1NC": "1常闭", "1NO+1NC": "1开1闭"}[contact]
    return Spec(brand, "pushbutton", series, model, f"{series} {kind[1]} 22 mm {colour[0]} {contact}",
                f"{series_zh}{kind[2]} 22mm {colour[1]} {contact_zh}",
                (("diameter", "22 mm"), ("colour", colour[0]), ("contacts", contact), ("operator", kind[1])),
                money(base), equiv=f"PB|{kind[0]}|{colour[0]}|{contact}", schedule=3)


def _se_pb(series: tuple[str, str, str, Decimal], kind: tuple[str, str, str], colour: tuple[str, str],
           contact: str) -> Spec | None:
    if kind[0] == "C" and contact == "1NO":
        return None
    digit = _SE_COLOUR[colour[0]]
    model = f"{series[0]}{kind[0]}{digit}{'1' if contact == '1NO' else '2'}"
    return pushbutton_spec("SE", series[1], series[2], model, kind, colour, contact,
                           series[3] + (D(8) if kind[0] in "CH" else 0))


def _se_pilot(series: tuple[str, str, str, Decimal], volt: tuple[str, str], colour: tuple[str, str]) -> Spec:
    model = f"{series[0]}V{volt[0]}{_SE_COLOUR[colour[0]]}LC"
    return Spec("SE", "pushbutton", series[1], model, f"{series[1]} LED pilot light 22 mm {colour[0]} {volt[1]}",
                f"{series[2]}LED指示灯 22mm {colour[1]} {volt[1]}",
                (("diameter", "22 mm"), ("colour", colour[0]), ("supply_voltage", volt[1])),
                money(series[3] * D("1.4")), equiv=f"PL|{colour[0]}|{volt[1]}", schedule=3)


_SIE_COLOUR = {"green": "20", "red": "10", "black": "00", "yellow": "30", "blue": "50", "white": "60"}


def _sie_3su(material: tuple[str, str], colour: tuple[str, str], contact: str) -> Spec:
    code = {"1NO": "1BA0", "1NC": "1CA0", "1NO+1NC": "1FA0"}[contact]
    model = f"3SU1{material[0]}00-0AB{_SIE_COLOUR[colour[0]]}-{code}"
    kind = ("A", f"flush pushbutton ({material[1]})", "平头按钮")
    return pushbutton_spec("SIE", "SIRIUS ACT 3SU1", "SIRIUS ACT 3SU1 ", model, kind, colour, contact,
                           D(42) if material[0] == "0" else D(88))


_CHT_COLOUR = {"green": "G", "red": "R", "black": "B", "yellow": "Y", "blue": "L", "white": "W"}


def _cht_np2(kind: tuple[str, str, str, str], colour: tuple[str, str], contact: str) -> Spec:
    model = f"NP2-{kind[3]}{_CHT_COLOUR[colour[0]]}{'1' if contact == '1NO' else '2'}"
    return pushbutton_spec("CHT", "NP2", "正泰NP2 ", model, kind[:3], colour, contact, D("6.8"))


def _dlx_lay5(kind: tuple[str, str, str, str], colour: tuple[str, str], contact: str) -> Spec:
    code = {"green": "3", "red": "4", "black": "2", "yellow": "5", "blue": "6", "white": "1"}[colour[0]]
    model = f"LAY5s-{kind[3]}{code}{'1' if contact == '1NO' else '2'}"
    return pushbutton_spec("DLX", "LAY5s", "德力西LAY5s ", model, kind[:3], colour, contact, D("6.2"))


_CN_PB_TYPES = [("A", "flush pushbutton", "平头按钮", "BA"), ("L", "projecting pushbutton", "凸头按钮", "BL"),
                ("C", "mushroom pushbutton", "蘑菇头按钮", "BC")]

# --- terminals ---------------------------------------------------------------------------------------------------

_PXC_SIZES = [("2,5", "2.5", 3044076), ("4", "4", 3044103), ("6", "6", 3044131), ("10", "10", 3044160),
              ("1,5", "1.5", 3044050), ("16", "16", 3044199), ("35", "35", 3044225), ("2,5", "2.5", 3209510)]
_PXC_TYPES = [("UT", "feed-through terminal block", "直通式接线端子", 0, D("4.2")),
              ("UT-PE", "ground terminal block", "接地端子", 31, D("12.8")),
              ("UT-TWIN", "feed-through terminal block, 3 connections", "一进二出接线端子", 61, D("6.8")),
              ("UT-QUATTRO", "feed-through terminal block, 4 connections", "二进二出接线端子", 91, D("8.6")),
              ("UTTB", "double-level terminal block", "双层接线端子", 121, D("11.5")),
              ("PT", "push-in feed-through terminal block", "直插式直通端子", 211, D("4.8")),
              ("PT-PE", "push-in ground terminal block", "直插式接地端子", 241, D("13.6")),
              ("PT-TWIN", "push-in terminal block, 3 connections", "直插式一进二出端子", 271, D("7.4"))]
_TB_COLOURS = [("", "grey", "灰色", 0), (" BU", "blue", "蓝色", 1), (" OG", "orange", "橙色", 3),
               (" RD", "red", "红色", 5), (" BK", "black", "黑色", 7)]


def _pxc_terminal(kind: tuple[str, str, str, int, Decimal], size: tuple[str, str, int],
                  colour: tuple[str, str, str, int]) -> Spec | None:
    if kind[0].endswith("PE") and colour[0]:
        return None
    if kind[0].startswith("PT") and size[1] in ("35",):
        return None
    if size[2] == 3209510 and not kind[0].startswith("PT"):
        return None
    if size[2] != 3209510 and kind[0].startswith("PT"):
        return None
    label = "PT 2,5" if size[2] == 3209510 and kind[0] == "PT" else f"{kind[0]} {size[0]}"
    model = f"{label}{colour[0]}"
    article = size[2] + kind[3] * 1000 + colour[3] * 3 if size[2] != 3209510 or kind[0] != "PT" else 3209510
    if size[2] == 3209510 and kind[0] != "PT":
        article = 3209510 + kind[3] * 100 + colour[3] * 3
    section = D(size[1])
    return Spec("PXC", "terminal", kind[0], model, f"Phoenix Contact {model} {kind[1]} {size[1]} mm² {colour[1]}",
                f"菲尼克斯 {model} {kind[2]} {size[1]}mm² {colour[2]}",
                (("cross_section", f"{size[1]} mm²"), ("colour", colour[1]), ("article_no", str(article))),
                money(kind[4] * (1 + section / 8)), unit="pc", pack=50, moq=50, aliases=(str(article),),
                equiv=f"TB|{kind[0].replace('UT', 'T').replace('PT', 'T')}|{size[1]}|{colour[1]}", schedule=4)


_WM_SIZES = [("2.5", 1020000000), ("4", 1020100000), ("6", 1020200000), ("10", 1020300000), ("1.5", 1031400000),
             ("16", 1020400000), ("35", 1020500000)]
_WM_TYPES = [("WDU", "feed-through terminal", "直通端子", 0, D("4.6")),
             ("WPE", "PE terminal", "接地端子", 100, D("14")),
             ("WDK", "double-tier terminal", "双层端子", 200, D("12"))]


def _wm_terminal(kind: tuple[str, str, str, int, Decimal], size: tuple[str, int],
                 colour: tuple[str, str, str, int]) -> Spec | None:
    if kind[0] == "WPE" and colour[0]:
        return None
    if colour[0] and colour[1] not in ("grey", "blue"):
        return None
    model = f"{kind[0]} {size[0]}{colour[0]}"
    article = size[1] + kind[3] * 10000 + colour[3] * 10000 * 3
    section = D(size[0])
    return Spec("WM", "terminal", kind[0], model, f"Weidmüller {model} {kind[1]} {size[0]} mm² {colour[1]}",
                f"魏德米勒 {model} {kind[2]} {size[0]}mm² {colour[2]}",
                (("cross_section", f"{size[0]} mm²"), ("colour", colour[1]), ("article_no", f"{article:010d}")),
                money(kind[4] * (1 + section / 8)), pack=50, moq=50, aliases=(f"{article:010d}",),
                equiv=f"TB|{kind[0].replace('WDU', 'T').replace('WPE', 'T-PE')}|{size[0]}|{colour[1]}", schedule=4)


def _pxc_fbs(poles: int, pitch: str) -> Spec:
    model = f"FBS {poles}-{pitch}"
    return Spec("PXC", "terminal", "FBS", model, f"Phoenix Contact {model} plug-in bridge {poles}-pos, pitch {pitch}",
                f"菲尼克斯 {model} 插入式桥接件 {poles}位", (("positions", str(poles)), ("pitch", pitch)),
                money(D("2.2") + D(poles) * D("0.6")), pack=10, moq=10, schedule=4)


def _pxc_markers(width: int, start: int) -> Spec:
    model = f"ZB {width},LGS:{start}-{start + 9}"
    return Spec("PXC", "terminal", "ZB", model, f"Phoenix Contact {model} marker strip, printed {start}-{start + 9}",
                f"菲尼克斯 {model} 端子标记条 印字{start}-{start + 9}",
                (("width", f"{width} mm"), ("print", f"{start}-{start + 9}")), money(D("3.8")), pack=10, moq=10,
                schedule=4)


# --- cable -------------------------------------------------------------------------------------------------------

_CABLE_TYPES = [("RVV", "PVC sheathed flexible control cable", "聚氯乙烯护套软电缆", D("1.0")),
                ("RVVP", "shielded flexible control cable", "屏蔽软电缆", D("1.3")),
                ("KVV", "control cable", "控制电缆", D("0.95")),
                ("KVVP", "shielded control cable", "屏蔽控制电缆", D("1.25")),
                ("ZR-RVV", "flame-retardant flexible cable", "阻燃软电缆", D("1.12")),
                ("TRVV", "drag-chain flexible cable", "拖链软电缆", D("1.6")),
                ("RVSP", "shielded twisted pair cable", "屏蔽双绞线", D("1.35")),
                ("WDZ-RYY", "low-smoke halogen-free flexible cable", "低烟无卤软电缆", D("1.4"))]
_CORES = [3, 2, 4, 5, 6, 8, 10, 12, 16, 7, 19, 24, 14, 20, 30, 37]
_SECTIONS = ["1.5", "1", "2.5", "0.75", "0.5", "4", "6", "0.3", "10"]
_CABLE_MAKERS = ["FEC", "QF", "PDA", "BSC", "HTG"]
_MAKER_FACTOR = {"FEC": D("1.08"), "QF": D(1), "PDA": D("0.96"), "BSC": D("1.05"), "HTG": D("1.03")}
_LENGTHS = [(100, "roll", "卷"), (200, "roll", "卷"), (1, "m", "米"), (50, "roll", "卷")]


def _cable(maker: str, kind: tuple[str, str, str, Decimal], cores: int, section: str,
           length: tuple[int, str, str]) -> Spec | None:
    if kind[0] == "RVSP" and cores not in (2, 4):
        return None
    if D(section) >= 4 and cores > 5:
        return None
    spec = f"{cores}x{section}"
    copper = D(cores) * D(section)
    per_m = (D("0.9") + copper * D("0.78")) * kind[3] * _MAKER_FACTOR[maker]
    if length[1] == "m":
        model = f"{kind[0]} {spec}"
        en = f"{kind[0]} {spec} mm² {kind[1]}, cut to length"
        zh = f"{kind[0]} {spec}平方 {kind[2]} 按米剪切"
        price, unit, moq = money(per_m * D("1.1")), "m", 10
    else:
        model = f"{kind[0]} {spec} {length[0]}m"
        en = f"{kind[0]} {spec} mm² {kind[1]}, {length[0]} m roll"
        zh = f"{kind[0]} {spec}平方 {kind[2]} {length[0]}米/卷"
        price, unit, moq = money(per_m * length[0]), "roll", 1
    return Spec(maker, "cable", kind[0], model, en, zh,
                (("type", kind[0]), ("cores", str(cores)), ("cross_section", f"{section} mm²"),
                 ("length", "per metre" if length[1] == "m" else f"{length[0]} m"), ("conductor", "copper")),
                price, unit=unit, moq=moq, equiv=f"CBL|{kind[0]}|{spec}|{length[0]}", schedule=5)


_BV_COLOURS = [("red", "红色"), ("yellow", "黄色"), ("green", "绿色"), ("blue", "蓝色"), ("yellow-green", "黄绿双色"),
               ("black", "黑色"), ("brown", "棕色"), ("white", "白色")]
_BV_SECTIONS = ["2.5", "4", "1.5", "6", "1", "10", "16", "0.75", "25", "35", "50"]


def _bv(maker: str, kind: str, section: str, colour: tuple[str, str]) -> Spec | None:
    if kind == "BVR" and D(section) < 1:
        return None
    en_kind = {"BV": "single-core PVC building wire (solid)", "BVR": "single-core PVC building wire (stranded)",
               "ZR-BV": "flame-retardant building wire (solid)"}[kind]
    zh_kind = {"BV": "单芯硬线", "BVR": "多股软线", "ZR-BV": "阻燃单芯硬线"}[kind]
    model = f"{kind} {section} {colour[0]} 100m"
    price = money((D("0.35") + D(section) * D("0.72")) * 100 * _MAKER_FACTOR[maker])
    return Spec(maker, "cable", kind, model, f"{kind} {section} mm² {en_kind}, {colour[0]}, 100 m roll",
                f"{kind} {section}平方 {zh_kind} {colour[1]} 100米/卷",
                (("type", kind), ("cross_section", f"{section} mm²"), ("colour", colour[0]), ("length", "100 m")),
                price, unit="roll", equiv=f"BV|{kind}|{section}|{colour[0]}", schedule=5)


_YJV_CORES = ["3+1", "4+1", "3+2", "4", "5", "3", "2", "1"]
_YJV_SECTIONS = ["4", "6", "10", "16", "25", "35", "50", "70", "95", "120", "150", "185", "240", "2.5"]
_YJV_TYPES = [("YJV", "XLPE power cable", "交联聚乙烯电力电缆", D(1)),
              ("YJV22", "armoured XLPE power cable", "铠装交联电力电缆", D("1.22")),
              ("ZR-YJV", "flame-retardant XLPE power cable", "阻燃交联电力电缆", D("1.08")),
              ("VV", "PVC power cable", "聚氯乙烯电力电缆", D("0.94")),
              ("WDZ-YJY", "low-smoke halogen-free power cable", "低烟无卤电力电缆", D("1.25"))]


def _yjv(maker: str, kind: tuple[str, str, str, Decimal], cores: str, section: str) -> Spec | None:
    s = D(section)
    if "+" in cores:
        main, aux = (int(c) for c in cores.split("+"))
        small = {D("2.5"): "1.5", D(4): "2.5", D(6): "4", D(10): "6", D(16): "10", D(25): "16", D(35): "16",
                 D(50): "25", D(70): "35", D(95): "50", D(120): "70", D(150): "70", D(185): "95", D(240): "120"}[s]
        spec = f"{main}x{section}+{aux}x{small}"
        copper = main * s + aux * D(small)
    else:
        spec = f"{cores}x{section}"
        copper = int(cores) * s
    model = f"{kind[0]}-0.6/1kV {spec}"
    per_m = (D(2) + copper * D("0.75")) * kind[3] * _MAKER_FACTOR[maker]
    return Spec(maker, "cable", kind[0], model, f"{kind[0]} 0.6/1kV {spec} mm² {kind[1]}, per metre",
                f"{kind[0]} 0.6/1kV {spec}平方 {kind[2]} 按米", (("type", kind[0]), ("cores", cores),
                                                            ("cross_section", f"{spec} mm²"), ("voltage", "0.6/1 kV")),
                money(per_m), unit="m", moq=50, equiv=f"YJV|{kind[0]}|{spec}", schedule=5)


def families() -> list[Family]:
    """Every family, with its weight in the catalog mix."""
    c3 = COILS
    return [
        Family(6, [CONTACTOR_RATINGS, c3, ["", "C"]], _se_lc1d),
        Family(1, [[115, 150, 185, 225, 265, 330, 400, 500, 630], c3[:8]], _se_lc1f),
        Family(1, [[20, 25, 40, 32, 60, 80], c3[:10]], _se_lc1dt),
        Family(5, [_SIE_SIZES, c3, ["1", "2"], ["1", "2"]], _sie_3rt),
        Family(3, [_ABB_AF, _ABB_COIL, ["10", "01"]], _abb_af),
        Family(5, [_CHT_NXC, _VOLTS], _cht_nxc),
        Family(5, [_CJX2, _VOLTS, ["10", "01"]], _dlx_cjx2),
        Family(2, [_LS_MC, c3[:8]], _ls_mc),
        Family(2, [_ETN_DILM, c3, ["10", "01"]], _etn_dilm),
        Family(2, [[("T10", 11), ("T12", 13), ("T20", 20), ("T21", 20), ("T25", 26), ("T32", 32), ("T35", 40),
                    ("T50", 50), ("T65", 65), ("T80", 80), ("T100", 100)], c3[:6]], _mit_st),
        Family(6, [[("7", "iC65N"), ("8", "iC65H"), ("9", "iC65L")], _CURVES, _POLES, MCB_RATINGS], _se_ic65),
        Family(4, [_CURVES, _POLES, MCB_RATINGS], _se_ea9),
        Family(5, [[("6", "6kA"), ("4", "10kA"), ("7", "15kA"), ("8", "25kA")], _CURVES, _POLES, MCB_RATINGS],
               _sie_5sy),
        Family(5, [["S20", "SH20", "S200M"], _CURVES, _POLES, MCB_RATINGS], _abb_s200),
        Family(6, [["DZ47-60", "NXB-63"], _CURVES, _POLES, MCB_RATINGS], _cht_dz47),
        Family(5, [_CURVES, _POLES, MCB_RATINGS], _dlx_dz47s),
        Family(2, [_CURVES, _POLES, MCB_RATINGS], _ls_bkn),
        Family(2, [_CURVES, _POLES, MCB_RATINGS], _leg_tx3),
        Family(2, [["1P+N", "2P", "3P+N", "4P"], MCB_RATINGS, ["30mA", "100mA", "300mA"]], _cht_rcbo),
        Family(2, [range(len(_NF_FRAMES)), ["3P", "4P"], range(8)], _mit_nf),
        Family(2, [range(len(_CHT_NXM)), ["3P", "4P"], range(7)], _cht_nxm),
        Family(2, [range(len(_SE_CVS)), ["3P", "4P"], range(8)], _se_cvs),
        Family(3, [["ME", "P"], _GV2], _se_gv2),
        Family(3, [["11", "21"], _SIE_3RV, ["A", "B"]], _sie_3rv),
        Family(2, [["MS116", "MS132"], _ABB_MS], _abb_ms),
        Family(1, [_GV2], _cht_nxr),
        Family(2, [_LRD, ["C", ""]], _se_lrd),
        Family(4, [[("2", "2CO", 12), ("4", "4CO", 6)], ["2", "1"], _RXM_COIL], _se_rxm),
        Family(4, [["2", "4"], ["N-GS", "-GS", "N-D2-GS"], _MY_COILS], _omr_my),
        Family(2, [["2", "4", "3", "1"], _MY_COILS], _omr_ly),
        Family(2, [["1-E", "2", "1", "1-SN", "2-SN"], _MY_COILS[:4]], _omr_g2r),
        Family(3, [[("2", "2CO"), ("4", "4CO")], _MY_COILS], _cht_nxj),
        Family(3, [[("5", "2CO"), ("6", "4CO")], _MY_COILS], _dlx_cdz9),
        Family(3, [["2", "4"], _H3Y_COILS, _H3Y_RANGES], _omr_h3y),
        Family(2, [["-1", "-A", "-2"], _H3Y_COILS, _H3Y_RANGES], _cht_jsz3),
        Family(2, [_SIEMENS_PLC], _sie_plc),
        Family(1, [range(len(_FX)), range(6), ["R", "T"]], _mit_fx),
        Family(1, [_FX_MODULES], _mit_fxmod),
        Family(4, [_E2E_RANGES, _E2E_OUT, _CABLES], _omr_e2e),
        Family(3, [_E2E_RANGES, _XS_OUT, _CABLES], _se_xs),
        Family(3, [[("LJ12A3-4-Z", "M12", "4 mm"), ("LJ18A3-8-Z", "M18", "8 mm"), ("LJ8A3-2-Z", "M8", "2 mm"),
                    ("LJ30A3-15-Z", "M30", "15 mm")], [("N1",), ("P1",), ("N2",), ("P2",), ("E1",)]], _cht_lj),
        Family(3, [_E3Z, _CABLES], _omr_e3z),
        Family(2, [_XUB, _XS_OUT, _CABLES], _se_xub),
        Family(5, [_PB_SERIES, _PB_TYPES, COLOURS, ["1NO", "1NC"]], _se_pb),
        Family(2, [_PB_SERIES, [("B", "DC24V"), ("M", "AC220V"), ("G", "AC110V"), ("Q", "AC380V")], COLOURS],
               _se_pilot),
        Family(3, [[("0", "plastic"), ("1", "metal")], COLOURS, ["1NO", "1NC", "1NO+1NC"]], _sie_3su),
        Family(3, [_CN_PB_TYPES, COLOURS, ["1NO", "1NC"]], _cht_np2),
        Family(3, [_CN_PB_TYPES, COLOURS, ["1NO", "1NC"]], _dlx_lay5),
        Family(5, [_PXC_TYPES, _PXC_SIZES, _TB_COLOURS], _pxc_terminal),
        Family(3, [_WM_TYPES, _WM_SIZES, _TB_COLOURS], _wm_terminal),
        Family(2, [[2, 3, 10, 4, 5, 6, 7, 8, 9, 20, 50], ["5", "6", "8", "10"]], _pxc_fbs),
        Family(2, [[5, 6, 8, 10], list(range(1, 500, 10))], _pxc_markers),
        Family(8, [_CABLE_MAKERS, _CABLE_TYPES, _CORES, _SECTIONS, _LENGTHS], _cable),
        Family(6, [_CABLE_MAKERS, ["BV", "BVR", "ZR-BV"], _BV_SECTIONS, _BV_COLOURS], _bv),
        Family(6, [_CABLE_MAKERS, _YJV_TYPES, _YJV_CORES, _YJV_SECTIONS], _yjv),
    ]

"""Read and write gettext catalogs with the standard library only.

Used at run time (compile a .po in memory when no .mo is installed), by scripts/i18n.py (write .pot and .po) and
by the build hook (hatch_build.py loads this file by path, without importing b2bterm, and writes .mo files).
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    msgid: str
    msgstr: str = ""
    comments: list[str] = field(default_factory=list)  # "#: file:line" references and "#," flags, as written
    fuzzy: bool = False
    msgid_plural: str = ""  # a counted message (ngettext): its plural msgid, and one msgstr a plural form
    msgstr_plural: list[str] = field(default_factory=list)

    @property
    def translated(self) -> bool:
        """Every form has a translation (and it is not fuzzy)."""
        if self.fuzzy:
            return False
        if self.msgid_plural:
            return bool(self.msgstr_plural) and all(s.strip() for s in self.msgstr_plural)
        return bool(self.msgstr.strip())

    def forms(self) -> str:
        """The msgstr as a .mo file holds it: the plural forms joined by NUL."""
        return "\0".join(self.msgstr_plural) if self.msgid_plural else self.msgstr


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_ESCAPE = re.compile(r'\\(.)')


def _unquote(text: str) -> str:
    """A PO string's text: a C string in double quotes, with the escapes ``_quote`` writes (read at every start of
    an editable install, so no ``ast`` here: a plain scan is ten times faster)."""
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"not a quoted string: {text!r}")
    body = text[1:-1]
    if "\\" not in body:
        return body
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(0)), body)


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def parse_po(text: str) -> dict[str, Entry]:
    """msgid (``msgid NUL msgid_plural`` for a counted message) -> Entry, in file order. The header (msgid "") is
    kept under "". A counted message has its ``msgid_plural`` and its ``msgstr[n]`` forms."""
    entries: dict[str, Entry] = {}
    comments: list[str] = []
    current: Entry | None = None
    target = ""

    def finish() -> None:
        nonlocal current
        if current is not None:
            entries[mo_key(current)] = current
        current = None

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            finish()
            comments = []
            continue
        if line.startswith("#"):
            if current is not None and target == "msgstr":
                finish()
            comments.append(line)
            continue
        if line.startswith("msgid "):
            finish()
            current = Entry(msgid=_unquote(line[6:]), comments=comments, fuzzy=any(
                c.startswith("#,") and "fuzzy" in c for c in comments))
            comments = []
            target = "msgid"
        elif line.startswith("msgid_plural "):
            if current is None:
                raise ValueError(f"msgid_plural without msgid: {raw!r}")
            current.msgid_plural = _unquote(line[13:])
            target = "msgid_plural"
        elif line.startswith("msgstr[") and "]" in line:
            if current is None:
                raise ValueError(f"msgstr without msgid: {raw!r}")
            index, _sep, rest = line[7:].partition("]")
            forms = current.msgstr_plural
            forms.extend([""] * (int(index) + 1 - len(forms)))
            forms[int(index)] = _unquote(rest.strip())
            target = f"msgstr[{int(index)}]"
        elif line.startswith("msgstr "):
            if current is None:
                raise ValueError(f"msgstr without msgid: {raw!r}")
            current.msgstr = _unquote(line[7:])
            target = "msgstr"
        elif line.startswith('"') and current is not None:
            if target == "msgid":
                current.msgid += _unquote(line)
            elif target == "msgid_plural":
                current.msgid_plural += _unquote(line)
            elif target.startswith("msgstr["):
                current.msgstr_plural[int(target[7:-1])] += _unquote(line)
            else:
                current.msgstr += _unquote(line)
        else:
            raise ValueError(f"cannot read this line of the catalog: {raw!r}")
    finish()
    return entries


def read_po(path: Path) -> dict[str, Entry]:
    return parse_po(path.read_text(encoding="utf-8"))


def translations(entries: Mapping[str, Entry]) -> dict[str, str]:
    """The usable translations: not the header, not fuzzy, not empty. A counted message is keyed as a .mo file
    keys it (``singular NUL plural``) and holds its forms joined by NUL."""
    return {k: e.forms() for k, e in entries.items() if k and e.translated}


def mo_key(entry: Entry) -> str:
    return f"{entry.msgid}\0{entry.msgid_plural}" if entry.msgid_plural else entry.msgid


def plural_forms(header: str) -> tuple[int, str]:
    """``nplurals`` and the ``plural`` expression of a catalog header (English's rule when it has none)."""
    for line in header.splitlines():
        name, _sep, value = line.partition(":")
        if name.strip().lower() == "plural-forms":
            parts = dict(p.strip().partition("=")[::2] for p in value.split(";") if "=" in p)
            return int(parts.get("nplurals", "2")), parts.get("plural", "n != 1")
    return 2, "n != 1"


def _string_lines(keyword: str, text: str) -> list[str]:
    if "\n" in text[:-1]:
        parts = text.splitlines(keepends=True)
        return [f'{keyword} ""', *(_quote(p) for p in parts)]
    return [f"{keyword} {_quote(text)}"]


def format_po(header: str, entries: Iterable[Entry]) -> str:
    out = ['msgid ""', 'msgstr ""', *(_quote(line) for line in header.splitlines(keepends=True)), ""]
    for entry in entries:
        if not entry.msgid:
            continue
        out.extend(entry.comments)
        if entry.fuzzy and not any(c.startswith("#,") for c in entry.comments):
            out.append("#, fuzzy")
        out.extend(_string_lines("msgid", entry.msgid))
        if entry.msgid_plural:
            out.extend(_string_lines("msgid_plural", entry.msgid_plural))
            for index, form in enumerate(entry.msgstr_plural or [""]):
                out.extend(_string_lines(f"msgstr[{index}]", form))
        else:
            out.extend(_string_lines("msgstr", entry.msgstr))
        out.append("")
    return "\n".join(out)


def mo_bytes(messages: Mapping[str, str], header: str = "Content-Type: text/plain; charset=UTF-8\n") -> bytes:
    """A GNU .mo file (what msgfmt writes) for ``messages`` (msgid -> msgstr)."""
    catalog = {"": header, **{k: v for k, v in messages.items() if k}}
    keys = sorted(catalog)
    ids = b""
    strs = b""
    offsets: list[tuple[int, int, int, int]] = []
    for key in keys:
        kb, vb = key.encode("utf-8"), catalog[key].encode("utf-8")
        offsets.append((len(ids), len(kb), len(strs), len(vb)))
        ids += kb + b"\0"
        strs += vb + b"\0"
    count = len(keys)
    key_table = 7 * 4
    value_table = key_table + count * 8
    ids_start = value_table + count * 8
    strs_start = ids_start + len(ids)
    koffsets: list[int] = []
    voffsets: list[int] = []
    for id_off, id_len, str_off, str_len in offsets:
        koffsets += [id_len, ids_start + id_off]
        voffsets += [str_len, strs_start + str_off]
    head = struct.pack("<7I", 0x950412DE, 0, count, key_table, value_table, 0, 0)
    return head + struct.pack(f"<{len(koffsets)}I", *koffsets) + struct.pack(f"<{len(voffsets)}I", *voffsets) \
        + ids + strs


def compile_po(po_path: Path, mo_path: Path) -> int:
    """Write ``mo_path`` from ``po_path``; returns how many translations it holds."""
    entries = read_po(po_path)
    messages = translations(entries)
    header = entries[""].msgstr if "" in entries else "Content-Type: text/plain; charset=UTF-8\n"
    mo_path.parent.mkdir(parents=True, exist_ok=True)
    mo_path.write_bytes(mo_bytes(messages, header))
    return len(messages)

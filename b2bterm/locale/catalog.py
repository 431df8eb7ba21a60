"""Read and write gettext catalogs with the standard library only.

Used at run time (compile a .po in memory when no .mo is installed), by scripts/i18n.py (write .pot and .po) and
by the build hook (hatch_build.py loads this file by path, without importing b2bterm, and writes .mo files).
"""

from __future__ import annotations

import ast
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


def _unquote(text: str) -> str:
    return ast.literal_eval(text)  # a PO string is a C string; Python's literal rules cover what we write


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def parse_po(text: str) -> dict[str, Entry]:
    """msgid -> Entry, in file order. The header (msgid "") is kept under "". Plural forms are not used."""
    entries: dict[str, Entry] = {}
    comments: list[str] = []
    current: Entry | None = None
    target = ""

    def finish() -> None:
        nonlocal current
        if current is not None:
            entries[current.msgid] = current
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
        elif line.startswith("msgstr "):
            if current is None:
                raise ValueError(f"msgstr without msgid: {raw!r}")
            current.msgstr = _unquote(line[7:])
            target = "msgstr"
        elif line.startswith('"') and current is not None:
            if target == "msgid":
                current.msgid += _unquote(line)
            else:
                current.msgstr += _unquote(line)
        else:
            raise ValueError(f"cannot read this line of the catalog: {raw!r}")
    finish()
    return entries


def read_po(path: Path) -> dict[str, Entry]:
    return parse_po(path.read_text(encoding="utf-8"))


def translations(entries: Mapping[str, Entry]) -> dict[str, str]:
    """The usable translations: not the header, not fuzzy, not empty."""
    return {k: e.msgstr for k, e in entries.items() if k and e.msgstr and not e.fuzzy}


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

#!/usr/bin/env python3
"""Extract every _("...") string from b2bterm/ into b2bterm/locale/b2bterm.pot and merge it into each
<lang>/LC_MESSAGES/b2bterm.po (new strings get an empty msgstr; strings no longer used are dropped).

    .venv/bin/python scripts/i18n.py            # update the catalogs
    .venv/bin/python scripts/i18n.py --check    # exit 1 when a string lacks a translation (what the tests check)
    .venv/bin/python scripts/i18n.py --mo       # also compile .mo files next to the .po (for a quick local try)

Translate by filling the msgstr lines of b2bterm/locale/zh_CN/LC_MESSAGES/b2bterm.po.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from b2bterm.locale.catalog import Entry, compile_po, format_po, read_po  # noqa: E402
from b2bterm.locale.extract import Message, extract  # noqa: E402

LOCALE = ROOT / "b2bterm" / "locale"
LANGUAGES = ("zh_CN",)
PLURAL_FORMS = {"zh_CN": "nplurals=1; plural=0;"}  # Chinese has one form for every count
POT_HEADER = ("Project-Id-Version: b2bterm\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
              "Content-Transfer-Encoding: 8bit\n")


def merged(m: Message, old: dict[str, Entry], nplurals: int) -> Entry:
    """The catalog entry for ``m`` with the translation it had (a counted message that was two plain ones takes
    the plural's translation for every form)."""
    where = [f"#: {' '.join(m.where)}"]
    previous = old.get(m.key)
    if not m.msgid_plural:
        return Entry(m.msgid, previous.msgstr if previous else "", where, fuzzy=previous.fuzzy if previous else False)
    if previous is not None:
        forms = (previous.msgstr_plural + [""] * nplurals)[:nplurals]
        return Entry(m.msgid, "", where, previous.fuzzy, m.msgid_plural, forms)
    before = old.get(m.msgid_plural)
    form = before.msgstr if before is not None and not before.fuzzy else ""
    return Entry(m.msgid, "", where, False, m.msgid_plural, [form] * nplurals)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report missing translations")
    parser.add_argument("--mo", action="store_true", help="also write .mo files")
    args = parser.parse_args(argv)
    messages, problems = extract(ROOT / "b2bterm", ROOT)
    for problem in problems:
        print(f"{problem.where}: {problem.text}", file=sys.stderr)
    missing = 0
    if not args.check:
        template = [Entry(m.msgid, "", [f"#: {' '.join(m.where)}"], msgid_plural=m.msgid_plural,
                          msgstr_plural=["", ""] if m.msgid_plural else []) for m in messages]
        (LOCALE / "b2bterm.pot").write_text(format_po(POT_HEADER, template), encoding="utf-8")
    for language in LANGUAGES:
        po_path = LOCALE / language / "LC_MESSAGES" / "b2bterm.po"
        old = read_po(po_path) if po_path.exists() else {}
        nplurals = int(PLURAL_FORMS[language].split(";")[0].partition("=")[2])
        entries = []
        for m in messages:
            entries.append(merged(m, old, nplurals))
            if not entries[-1].translated:
                missing += 1
                if args.check:
                    print(f"{language}: no translation for {m.msgid!r} ({m.where[0]})", file=sys.stderr)
        if not args.check:
            header = POT_HEADER + f"Language: {language}\nPlural-Forms: {PLURAL_FORMS[language]}\n"
            po_path.parent.mkdir(parents=True, exist_ok=True)
            po_path.write_text(format_po(header, entries), encoding="utf-8")
            if args.mo:
                compile_po(po_path, po_path.with_suffix(".mo"))
        print(f"{language}: {len(messages)} strings, {missing} without a translation", file=sys.stderr)
    return 1 if (args.check and missing) or problems else 0


if __name__ == "__main__":
    raise SystemExit(main())

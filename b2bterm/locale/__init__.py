"""gettext catalogs: b2bterm.pot (extracted by scripts/i18n.py) and <lang>/LC_MESSAGES/b2bterm.po.

The .mo files are compiled when the wheel is built (hatch_build.py); an editable install reads the .po once and
keeps it compiled (compiled.py).
"""

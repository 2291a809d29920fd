#!/usr/bin/env python3
"""Export the addon's .pot with Odoo's own exporter and merge it into id.po.

Usage (from the repository root, with the venv's python):
    .venv/bin/python tools/i18n.py export DB   # DB has surat_menyurat installed
    .venv/bin/python tools/i18n.py check [POT] # every msgid of POT translated in id.po

`export` rewrites surat_menyurat/i18n/surat_menyurat.pot, then merges it into
id.po: translations are kept, new strings are added untranslated, strings gone
from the .pot are dropped. `check` exits 1 listing what id.po lacks.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "surat_menyurat" / "i18n"
POT = I18N / "surat_menyurat.pot"
PO = I18N / "id.po"
ODOO_SRC = Path(os.environ.get("ODOO_SRC", "/opt/odoo"))


def export_pot(db, target):
    cmd = [
        sys.executable,
        str(ODOO_SRC / "odoo-bin"),
        f"--addons-path={ODOO_SRC / 'addons'},{ROOT}",
        "-d",
        db,
        f"--i18n-export={target}",
        "--modules=surat_menyurat",
        "--stop-after-init",
        "--log-level=warn",
    ]
    subprocess.run(cmd, check=True, cwd=ROOT)


def merge(pot_path, po_path):
    pot = polib.pofile(str(pot_path))
    old = polib.pofile(str(po_path)) if po_path.exists() else polib.POFile()
    known = {(e.msgctxt, e.msgid): e for e in old if not e.obsolete}
    by_id = {e.msgid: e for e in old if not e.obsolete and e.msgstr}
    po = polib.POFile(wrapwidth=78)
    po.metadata = {
        "Project-Id-Version": "Odoo Server 18.0",
        "Language": "id",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    for entry in pot:
        previous = known.get((entry.msgctxt, entry.msgid)) or by_id.get(entry.msgid)
        po.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgctxt=entry.msgctxt,
                msgstr=previous.msgstr if previous else "",
                occurrences=entry.occurrences,
                comment=entry.comment,
                tcomment=entry.tcomment,
                flags=entry.flags,
            )
        )
    po.save(str(po_path))
    return [e.msgid for e in po if not e.msgstr]


def missing(pot_path, po_path):
    pot = polib.pofile(str(pot_path))
    po = polib.pofile(str(po_path))
    translated = {e.msgid for e in po if e.msgstr and not e.obsolete}
    return [e.msgid for e in pot if e.msgid not in translated]


def main(argv):
    if len(argv) >= 2 and argv[0] == "export":
        export_pot(argv[1], POT)
        todo = merge(POT, PO)
        print(f"{POT.relative_to(ROOT)} exported; id.po lacks {len(todo)} translations")
        return 0
    if argv and argv[0] == "check":
        pot_path = Path(argv[1]) if len(argv) > 1 else POT
        todo = missing(pot_path, PO)
        for msgid in todo:
            print(f"untranslated: {msgid!r}")
        print(f"id.po: {len(todo)} of the .pot's strings untranslated")
        return 1 if todo else 0
    if argv and argv[0] == "fresh-pot":
        # Export into a temporary file and compare with the committed .pot.
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / "surat_menyurat.pot"
            export_pot(argv[1], target)
            fresh = {(e.msgctxt, e.msgid) for e in polib.pofile(str(target))}
            committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(POT))}
            new = sorted(m for _c, m in fresh - committed)
            for msgid in new:
                print(f"not in the committed .pot: {msgid!r}")
            todo = missing(target, PO)
            for msgid in todo:
                print(f"untranslated in id.po: {msgid!r}")
            print(f"i18n: {len(new)} strings missing from the .pot, {len(todo)} untranslated")
            return 1 if new or todo else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

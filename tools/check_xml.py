#!/usr/bin/env python3
"""Check that every *.xml file of the repository is well-formed (lxml).

Usage: check_xml.py [ROOT]   (default: the repository root)
Skips .git, .venv, .odoo-data, logs and node_modules. Exits 1 on any error.
"""

import os
import sys
from pathlib import Path

from lxml import etree

SKIP = {".git", ".venv", ".odoo-data", "logs", "node_modules", "__pycache__"}


def xml_files(root):
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP)
        for name in sorted(files):
            if name.endswith(".xml") and not name.startswith("junit"):
                yield Path(folder, name)


def main(argv):
    root = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent
    errors = checked = 0
    for path in xml_files(root):
        checked += 1
        try:
            etree.parse(str(path))
        except etree.XMLSyntaxError as exc:
            errors += 1
            print(f"{path.relative_to(root)}: {exc}")
    print(f"check_xml: {checked} XML file(s), {errors} not well-formed")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

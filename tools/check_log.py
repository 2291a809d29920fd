#!/usr/bin/env python3
"""Fail when an Odoo log holds a WARNING, ERROR or CRITICAL record.

Usage: check_log.py LOGFILE [--allow-unpatched-qt]

Like the OCA test runners: any such record fails the build. One exception,
only with --allow-unpatched-qt (tools/test.sh passes it when the wkhtmltopdf
binary is Debian's build without patched Qt): the warning "The switch
--header-spacing, is not support using unpatched qt" that every report with a
header logs there. Prints the offending records (with their traceback lines)
and exits 1; exits 0 with a one-line summary when the log is clean.
"""

import re
import sys

RECORD = re.compile(
    r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} \d+ "
    r"(?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL|\S+) (?P<db>\S+) "
    r"(?P<logger>\S+): (?P<msg>.*)$"
)
UNPATCHED_QT = "The switch --header-spacing, is not support using unpatched qt"
BAD_LEVELS = {"WARNING", "ERROR", "CRITICAL"}


def check(path, allow_unpatched_qt=False):
    """Return (number of records, list of offending records as line lists)."""
    records = 0
    bad = []
    current = None  # lines of the offending record being read, if any
    with open(path, encoding="utf-8", errors="replace") as log:
        for raw in log:
            line = raw.rstrip("\n")
            match = RECORD.match(line)
            if not match:
                # continuation (traceback...) of the previous record
                if current is not None:
                    current.append(line)
                continue
            records += 1
            current = None
            level, msg = match["level"], match["msg"]
            if level not in BAD_LEVELS:
                continue
            if allow_unpatched_qt and level == "WARNING" and UNPATCHED_QT in msg:
                continue
            current = [line]
            bad.append(current)
    return records, bad


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 1:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    path = args[0]
    try:
        records, bad = check(path, "--allow-unpatched-qt" in argv)
    except OSError as exc:
        print(f"check_log: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 1
    if records == 0:
        print(f"check_log: {path} holds no Odoo log record: did Odoo start?")
        return 1
    if not bad:
        print(f"check_log: {path}: clean ({records} records, no WARNING/ERROR)")
        return 0
    print(f"check_log: {path}: {len(bad)} unexpected WARNING/ERROR record(s):")
    for lines in bad:
        for line in lines[:40]:
            print(f"  {line}")
        if len(lines) > 40:
            print(f"  ... ({len(lines) - 40} more lines)")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

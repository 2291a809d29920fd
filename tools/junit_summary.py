#!/usr/bin/env python3
"""Combine junit XML reports into one closing line: `N passed, N failed[, N skipped]`.

Usage: junit_summary.py REPORT.xml [REPORT.xml ...]

- a failure or an error counts as failed;
- a skip whose message mentions Chromium, a browser, websocket or DevTools
  counts as failed: an HttpCase tour that could not drive a browser tested
  nothing (Odoo skips it instead of failing);
- a report that is missing or unreadable counts as one failure (its run
  crashed before writing it).

Lists what failed, then prints the closing line alone as the last line.
Exits 1 when anything failed or when no test ran at all, else 0.
"""

import re
import sys
import xml.etree.ElementTree as ET

BROWSER_SKIP = re.compile(r"chrom|browser|websocket|devtools", re.IGNORECASE)


def first_line(text):
    return (text or "").strip().splitlines()[0][:200] if (text or "").strip() else ""


def summarize(paths):
    passed = skipped = 0
    failures = []  # (test id, reason)
    for path in paths:
        try:
            root = ET.parse(path).getroot()
        except (OSError, ET.ParseError) as exc:
            failures.append((path, f"no readable report ({exc}): the run crashed"))
            continue
        for case in root.iter("testcase"):
            test_id = f"{case.get('classname', '')}::{case.get('name', '')}"
            bad = case.find("failure")
            if bad is None:
                bad = case.find("error")
            skip = case.find("skipped")
            if bad is not None:
                reason = bad.get("message") or first_line(bad.text)
                failures.append((test_id, first_line(reason)))
            elif skip is not None:
                reason = skip.get("message") or first_line(skip.text)
                if BROWSER_SKIP.search(reason):
                    failures.append((test_id, f"skipped without a browser: {reason}"))
                else:
                    skipped += 1
            else:
                passed += 1
    return passed, failures, skipped


def main(paths):
    if not paths:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    passed, failures, skipped = summarize(paths)
    if failures:
        print(f"FAILED ({len(failures)}):")
        for test_id, reason in failures:
            print(f"  {test_id}: {reason}")
    if passed + len(failures) == 0:
        print("No test ran.")
    line = f"{passed} passed, {len(failures)} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)
    return 1 if failures or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Fail when the Dutch catalogue has untranslated or fuzzy entries (CI meta-test)."""

from __future__ import annotations

import re
import subprocess
import sys


def main(path: str) -> int:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", path],
        capture_output=True,
        text=True,
    )
    report = (result.stderr or result.stdout).strip()
    if result.returncode != 0:
        print(report)
        return result.returncode
    untranslated = re.search(r"(\d+) untranslated", report)
    fuzzy = re.search(r"(\d+) fuzzy", report)
    print(f"{path}: {report}")
    if untranslated or fuzzy:
        print("Translate every message (and clear fuzzy flags) before committing.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

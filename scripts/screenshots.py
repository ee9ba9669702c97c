"""Full-page screenshots of the key pages at 1,280 and 390 px, with each page's size.

Usage (against a running demo server, e.g. `make run`):

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 /tmp/shots/after

Writes one PNG per page and width into the output directory and `sizes.tsv` (page, width
of the window, scrollWidth, scrollHeight), and prints the same table. Pages that need a
signed-in user are read as the demo wijkmanager (demo sign-in must be on). Keep the
screenshots out of git; docs/design.md describes them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = (1280, 390)
DEMO_USER = ("wijkmanager", "wendbaar-demo")

# (name, path, signed in?)
KEY_PAGES = [
    ("home", "/", False),
    ("monitor-gemeente", "/monitor/GM0344/", False),
    ("wijk", "/gebied/WK034403/", False),
    ("buurt", "/gebied/BU03440311/", False),
    ("indicator", "/monitor/indicator/crimes_per_1000/?area=WK034403", False),
    ("wijkaanpak", "/wijkaanpak/1/", True),
    ("wijkaanpak-geld", "/wijkaanpak/1/geld/", True),
    ("project", "/wijkaanpak/1/projecten/1/", True),
    ("verhalen", "/verhalen/gemeente/GM0344/", False),
    ("verhaal-vertellen", "/verhalen/gemeente/GM0344/vertel/", False),
]


def sign_in(page, username: str, password: str) -> None:
    page.goto("/accounts/inloggen/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url", help="e.g. http://127.0.0.1:8000")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--locale", default="nl-NL")
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width in WIDTHS:
            contexts = {}
            for signed_in in (False, True):
                context = browser.new_context(
                    base_url=args.base_url.rstrip("/"),
                    locale=args.locale,
                    viewport={"width": width, "height": 900},
                )
                page = context.new_page()
                if signed_in:
                    sign_in(page, *DEMO_USER)
                contexts[signed_in] = (context, page)
            for name, path, signed_in in KEY_PAGES:
                page = contexts[signed_in][1]
                response = page.goto(path)
                page.wait_for_load_state("load")
                size = page.evaluate(
                    "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
                )
                page.screenshot(path=str(args.out_dir / f"{name}-{width}.png"), full_page=True)
                status = response.status if response else 0
                rows.append((name, width, size[0], size[1], status))
            for context, _page in contexts.values():
                context.close()
        browser.close()
    lines = ["page\twindow\tscrollWidth\tscrollHeight\tstatus"]
    lines += ["\t".join(str(v) for v in row) for row in rows]
    (args.out_dir / "sizes.tsv").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

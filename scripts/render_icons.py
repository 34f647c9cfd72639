"""Render static/icons/icon.svg into the PNG icons the manifest lists, with Debian's Chromium.

Run from the repository root after changing the SVG: `python scripts/render_icons.py`; commit the PNGs.
"""

from __future__ import annotations

import base64
from pathlib import Path

from playwright.sync_api import sync_playwright

ICONS = Path(__file__).resolve().parent.parent / "static" / "icons"
# (size, file, maskable): a maskable icon keeps its drawing inside the central 80 % safe zone.
SIZES = ((192, "icon-192.png", False), (512, "icon-512.png", False), (512, "icon-maskable-512.png", True))


def main() -> None:
    """Draw each size from the SVG."""
    svg = base64.b64encode((ICONS / "icon.svg").read_bytes()).decode()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for size, name, maskable in SIZES:
            page = browser.new_page(viewport={"width": size, "height": size})
            inner = int(size * 0.8) if maskable else size
            background = "#17324d" if maskable else "transparent"
            page.set_content(
                f'<body style="margin:0;background:{background};display:flex;align-items:center;'
                f'justify-content:center;width:{size}px;height:{size}px">'
                f'<img src="data:image/svg+xml;base64,{svg}" width="{inner}" height="{inner}"></body>')
            page.screenshot(path=str(ICONS / name), omit_background=not maskable)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()

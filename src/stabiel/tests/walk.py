"""Helpers for walking an issue's "done when" in headless Chromium, as a new user would.

Every page is measured at 390 px wide (a phone) through the DevTools protocol, because Chromium's
window cannot be made that narrow: the page may not scroll sideways. With ``STABIEL_SHOTS`` set to
a folder, each page is also saved as a screenshot at 1280 and at 390 px for a person to look at.
"""

import base64
import os
from pathlib import Path

PHONE = 390
DESK = 1280

# Which element sticks out furthest to the right, for a helpful failure message.
WIDEST = """
let worst = null, right = 0;
for (const el of document.querySelectorAll('body *')) {
  const r = el.getBoundingClientRect();
  if (r.right > right + 0.5) { right = r.right; worst = el; }
}
return [document.documentElement.scrollWidth,
        worst ? worst.tagName + '.' + worst.className + ' ' + (worst.textContent || '').slice(0, 60) : ''];
"""


def _metrics(driver, width: int, height: int) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500},
    )


class Walk:
    """Checks the page in the browser at phone width; saves screenshots when asked."""

    def __init__(self, driver, folder: str | None = None):
        self.driver = driver
        folder = folder if folder is not None else os.environ.get("STABIEL_SHOTS", "")
        self.folder = Path(folder) if folder else None
        if self.folder:
            self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0
        self.pages: list[str] = []

    def _save(self, name: str, width: int) -> None:
        assert self.folder is not None
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        _metrics(self.driver, width, min(max(int(height), 600), 6000))
        shot = self.driver.execute_cdp_cmd(
            "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}
        )
        path = self.folder / f"{self.count:02d}-{name}-{width}.png"
        path.write_bytes(base64.b64decode(shot["data"]))

    def page(self, name: str) -> None:
        """Measures the page at 390 px (fails on sideways scroll) and saves the screenshots."""
        self.count += 1
        self.pages.append(name)
        try:
            _metrics(self.driver, PHONE, 900)
            width, widest = self.driver.execute_script(WIDEST)
            assert width <= PHONE, (
                f"{name}: the page is {width} px wide at {PHONE} px and scrolls sideways; "
                f"widest element: {widest}"
            )
            if self.folder:
                self._save(name, PHONE)
                self._save(name, DESK)
        finally:
            self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    def save_file(self, name: str, content: bytes) -> None:
        if self.folder:
            (self.folder / name).write_bytes(content)


FETCH = """
const done = arguments[arguments.length - 1];
fetch(arguments[0], {credentials: 'same-origin'}).then(async (r) => {
  const bytes = new Uint8Array(await r.arrayBuffer());
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  done([r.status, r.headers.get('content-type') || '', btoa(text)]);
}).catch((e) => done([0, String(e), '']));
"""


def download(driver, url: str) -> tuple[int, str, bytes]:
    """A file as the logged-in browser gets it: (status, content type, bytes)."""
    status, kind, data = driver.execute_async_script(FETCH, url)
    return status, kind, base64.b64decode(data)

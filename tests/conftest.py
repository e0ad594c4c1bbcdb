"""Browser fixtures: headless Debian Chromium via Playwright, with the network blocked.

Browser tests are marked ``browser``. Without /usr/bin/chromium (or Playwright) they
are skipped, except when the environment variable CI is set: then they fail, so CI
cannot go green without running them.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field

import pytest

CHROMIUM = os.environ.get("ROUTES_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"browser tests must run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium():
    """A headless Chromium (Playwright Browser), shared by the session."""
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        _missing(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install playwright)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class OpenedPage:
    page: object
    errors: list = field(default_factory=list)  # console errors and uncaught exceptions
    blocked: list = field(default_factory=list)  # URLs the page tried to fetch
    dialogs: list = field(default_factory=list)  # alert()/confirm() messages: injected script ran


@pytest.fixture
def open_offline(chromium):
    """Return ``open(path, **context_options) -> OpenedPage`` loading a file with no network."""
    contexts = []

    def _open(path, wait_markers=True, **options):
        options.setdefault("viewport", {"width": 1100, "height": 700})
        context = chromium.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        opened = OpenedPage(page)

        def route(r):
            if r.request.url.startswith(("file:", "data:", "about:")):
                r.continue_()
            else:
                opened.blocked.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: opened.errors.append(str(e)))

        def dialog(d):
            opened.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        page.goto(f"file://{os.path.abspath(path)}")
        if wait_markers:  # a page that only embeds a map in an iframe has none of its own
            page.wait_for_function("document.querySelectorAll('.routes-marker').length > 0")
        return opened

    yield _open
    for context in contexts:
        context.close()

"""Fixtures: the app on SQLite (default) or PostgreSQL (TEST_DATABASE_URL / DATABASE_URL).

The schema is built once per run by the real migrations; each test starts from empty tables
(plus the reference lists), so tests never see each other's rows. pytest-socket (configured in
pyproject's addopts, checked below) fails any test that connects beyond 127.0.0.1/localhost.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from incidents import create_app, demo, migrations
from incidents.auth import services as auth_services
from incidents.auth import tokens
from incidents.auth.models import User
from incidents.auth.services import create_user
from incidents.config import ConfigError
from incidents.db import Database
from incidents.models import Base, Event
from tests import appcache, seedcopy

PASSWORD = "correct horse battery"  # test accounts only
# The suite's own accounts hash at scrypt N=2**10 (about 3 ms) instead of the product's 2**15 (about
# 0.1 s): it hashes and checks thousands of passwords, a fifth of its CPU time at full cost. Servers the
# tests start in another process hash at full cost; tests/auth/test_accounts.py checks the product's.
PRODUCT_PASSWORD_METHOD = auth_services.PASSWORD_METHOD
auth_services.PASSWORD_METHOD = "scrypt:1024:8:1"
appcache.share()


def pytest_addoption(parser: pytest.Parser) -> None:
    """--database-tests-only: what .ci/run's second (PostgreSQL) run asks for."""
    parser.addoption("--database-tests-only", action="store_true",
                     help="run only the tests whose answer depends on the database (those using db_url, "
                          "browser tests aside); the others give the same on any database, and CI runs them once, "
                          "on SQLite")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With --database-tests-only, deselect the tests whose answer does not depend on the database under test."""
    if not config.getoption("--database-tests-only"):
        return
    # The backup round trips and the fault tests start databases of their own, on SQLite and on the
    # PostgreSQL server alike, whichever database the run is given: running them twice proves nothing more.
    # A browser test adds the page and its script to what the test client's tests check of the same
    # requests, which do run on both: 64 tests, a quarter of the suite's time (488 of 2,104 s, 2 December).
    # A browser test is one that drives Chromium, whether or not its module carries the mark (two did not, and
    # ran on both: tests/briefs/test_empty_links_browser.py, 49 s a call at load 10, 6 December).
    # A module marked any_database checks what is made the same way from whatever the database gives: a brief's
    # PDF, DOCX or English wording laid out from content whose figures the content tests check on both databases,
    # the docs' examples. On PostgreSQL they were ~3 min of a loaded run's worker time (6 December, night).
    kept = [item for item in items if "db_url" in getattr(item, "fixturenames", ())
            and item.get_closest_marker("browser") is None and "browser" not in getattr(item, "fixturenames", ())
            and item.get_closest_marker("any_database") is None]
    config.hook.pytest_deselected(items=[item for item in items if item not in kept])
    items[:] = kept


def pytest_configure(config: pytest.Config) -> None:
    """Refuse to run without the socket guard (no test may reach beyond this machine), or on no database."""
    if not config.pluginmanager.hasplugin("socket") or not config.getoption("--allow-hosts"):
        raise pytest.UsageError("the socket guard is off: install pytest-socket (pip install -e '.[test]') "
                                "and keep --allow-hosts in pyproject's addopts")
    given = given_database_url()
    if given and given.startswith("postgresql") and not os.environ.get("PYTEST_XDIST_WORKER"):
        # Once, before any worker starts: a database that does not exist failed every test that uses one, thousands
        # of errors each with its traceback; said once instead, as `incidents serve` says it, createdb line and all.
        database = Database(given)
        try:
            database.check()
        except ConfigError as exc:
            raise pytest.UsageError(f"the test {exc}") from None
        finally:
            database.engine.dispose()


def given_database_url() -> str | None:
    """The database the run is given (TEST_DATABASE_URL, else DATABASE_URL), PostgreSQL's through psycopg 3."""
    url = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if url and url.startswith(("postgres://", "postgresql://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url or None


def database_url(tmp_root: Path) -> str:
    """The database under test: PostgreSQL when asked for, else a SQLite file."""
    url = given_database_url()
    if url:
        worker = os.environ.get("PYTEST_XDIST_WORKER")
        return worker_database(url, worker) if worker and url.startswith("postgresql") else url
    return f"sqlite:///{tmp_root / 'test.sqlite3'}"


def worker_database(url: str, worker: str) -> str:
    """A database of its own for each pytest-xdist worker, beside the one given (created if missing)."""
    given = sa.make_url(url)
    name = f"{given.database}_{worker}"
    engine = sa.create_engine(given, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}) is None:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
            # No wait for the disk at each commit: the suite never crashes this server (the fault tests
            # start a cluster of their own), and its tests commit thousands of times.
            conn.exec_driver_sql(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    engine.dispose()
    return given.set(database=name).render_as_string(hide_password=False)


def drop_worker_database(url: str) -> None:
    """Drop a worker's database at the end of the run (the given one stays: CI drops it)."""
    own = sa.make_url(url)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker or own.get_backend_name() != "postgresql" or not (own.database or "").endswith("_" + worker):
        return
    engine = sa.create_engine(own.set(database=own.database[: -len(worker) - 1]), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{own.database}" WITH (FORCE)')
    engine.dispose()


def reset_schema(engine: sa.Engine) -> None:
    """Drop everything, then migrate from empty: the schema under test is the migrated one."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
        else:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            for (name,) in conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'").all():
                conn.exec_driver_sql(f'DROP TABLE "{name}"')
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
    migrations.upgrade(engine)


def empty_tables(engine: sa.Engine) -> None:
    """Delete every row (keeping the schema) and restart ids."""
    # cache_generation keeps its one row (the triggers raise it as events and areas are emptied).
    tables = [t.name for t in reversed(Base.metadata.sorted_tables) if t.name != "cache_generation"]
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # DELETE, not TRUNCATE: a test leaves a few hundred rows, and TRUNCATE of every table gives each
            # a new file to create and sync (80-350 ms a test against 25 ms, 1 December). All in one round trip
            # (no parameters, so psycopg sends them as one simple query): one statement a table was 23-25 ms a
            # test, 5 ms of it the client's CPU; 6-21 ms and 0.8 ms so (6 December, load 10-12).
            # Triggers off while emptying (session_replication_role, a superuser's setting, as the suite's server
            # gives): every table goes, so no foreign key needs checking, and the keys' checks were most of each
            # DELETE's time (0.5-2 ms a table, 18-23 ms a test); the generation is raised by hand instead.
            conn.exec_driver_sql("; ".join(["SET LOCAL session_replication_role = replica",
                                            *(f'DELETE FROM "{t}"' for t in tables),
                                            "UPDATE cache_generation SET n = n + 1",
                                            "SELECT setval(c.oid, 1, false) FROM pg_class c WHERE c.relkind = 'S' "
                                            "AND c.relnamespace = 'public'::regnamespace"]))
        else:
            conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")  # areas refer to areas
            for t in tables:
                conn.exec_driver_sql(f'DELETE FROM "{t}"')
            conn.exec_driver_sql("DELETE FROM sqlite_sequence") if conn.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE name='sqlite_sequence'").first() else None


@pytest.fixture(scope="session")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Migrated once per run."""
    url = database_url(tmp_path_factory.mktemp("db"))
    engine = Database(url).engine
    reset_schema(engine)
    engine.dispose()
    yield url
    drop_worker_database(url)


@pytest.fixture
def app(db_url: str, tmp_path: Path):
    """A fresh app on empty tables, CSRF on."""
    application = create_app({"DATABASE_URL": db_url, "INSTANCE_PATH": str(tmp_path / "instance"),
                              "SECRET_KEY": "test-" + os.urandom(8).hex()})
    application.jinja_env.bytecode_cache = appcache.TEMPLATE_CODE
    database: Database = application.extensions["incidents.db"]
    empty_tables(database.engine)
    seedcopy.reference(database)
    yield application
    database.engine.dispose()


@pytest.fixture
def database(app) -> Database:
    """The app's Database."""
    return app.extensions["incidents.db"]


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    """A session for arranging and asserting (deferred BEGIN, so it never holds the write lock idle)."""
    with database.read_session() as s:
        yield s


@pytest.fixture
def seeded(database: Database) -> demo.LoadSummary:
    """The Wenfeng demo scenario loaded (copied from the worker's first load: tests/seedcopy.py)."""
    return seedcopy.load(database)


@pytest.fixture
def live(seeded, database: Database):
    """A running event over the seeded district, begun two days ago (its period is open now)."""
    from datetime import timedelta

    from incidents.db import now_utc
    from incidents.events.services import create_event

    with database.transaction() as s:
        district = demo._area_by_path(s, "文峰区")
        event = create_event(s, code="live-storm", name="在途暴雨", kind="rainstorm",
                             starts_at=now_utc() - timedelta(days=2), timezone="Asia/Shanghai",
                             area_id=district.id)
        s.expunge(event)
        return event


@pytest.fixture
def ended(live, database: Database):
    """The running event, ended an hour ago (a late report about it is still taken)."""
    from datetime import timedelta

    from incidents.db import now_utc
    from incidents.events.models import Event
    from incidents.events.services import close_event

    with database.transaction() as s:
        event = s.get(Event, live.id)
        close_event(s, event, now_utc() - timedelta(hours=1), None)
        s.expunge(event)
        return event


@pytest.fixture
def client(app):
    """A test client (CSRF on)."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner."""
    return app.test_cli_runner()


@pytest.fixture
def make_user(database: Database):
    """Create a user with the test password: make_user('alice', 'reporter', scope='文峰区/北大街街道')."""

    def make(username: str, role: str = "reporter", scope: str | None = None) -> int:
        with database.transaction() as s:
            area = demo._area_by_path(s, scope) if scope else None
            return create_user(s, username, PASSWORD, role, scope_area_id=area.id if area else None).id

    return make


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_from(html: str) -> str:
    """The CSRF token in a rendered form."""
    match = CSRF_RE.search(html)
    assert match, "no csrf_token in the page"
    return match.group(1)


def unspanned(html: str) -> str:
    """A page's HTML without the no-break spans that keep each quantity with its unit (formatting.keep_units)."""
    return re.sub(r'<span class="nb">(.*?)</span>', r"\1", html)


def event_id_of(database: Database, code: str) -> int:
    """The id of the event with this code (a seeded one: wenfeng-2021-07-rainstorm, wenfeng-2021-07-infa)."""
    with database.read_session() as s:
        found = s.scalar(sa.select(Event.id).where(Event.code == code))
    assert found is not None, code
    return found


def switch_language(client, code: str) -> None:  # noqa: ANN001
    """Switch a client's language as a person does: the switch's button (a form with its CSRF token)."""
    page = client.get(f"/lang/{code}").get_data(as_text=True)
    switched = client.post(f"/lang/{code}", data={"csrf_token": csrf_from(page)})
    assert switched.status_code == 302, switched.status_code


def _form_post(context, base_url: str, path: str, fields: dict[str, str]):  # noqa: ANN001, ANN202
    """GET a form's page and POST the form with its CSRF token through the browser context's request client (the
    browser's cookie jar and user agent; see browser_login), not following the redirect: the POST's answer."""
    page = context.request.get(f"{base_url}{path}")
    return context.request.post(f"{base_url}{path}", form={**fields, "csrf_token": csrf_from(page.text())},
                                max_redirects=0)


def browser_language(page, base_url: str, code: str, then: str = "/") -> None:  # noqa: ANN001
    """Switch a browser's language with the switch's own requests sent for it (as browser_login signs in: its page's
    form, CSRF token and next), then land where the switch sends it (`then`). The header's button itself, pressed
    in Chromium, is tests/auth/test_language_switch_browser.py's."""
    from urllib.parse import quote, urljoin

    answer = _form_post(page.context, base_url, f"/lang/{code}?next={quote(then, safe='/')}", {})
    location = answer.headers.get("location", "")
    assert answer.status == 302 and location, f"the switch to {code} answered {answer.status}"
    page.goto(urljoin(base_url + "/", location))


class Auth:
    """Log a client in and out through the real login form."""

    def __init__(self, client) -> None:  # noqa: ANN001
        self.client = client

    def login(self, username: str, password: str = PASSWORD):  # noqa: ANN201
        token = csrf_from(self.client.get("/login").get_data(as_text=True))
        return self.client.post("/login", data={"username": username, "password": password,
                                                "csrf_token": token})

    def post(self, url: str, data: dict, form_url: str | None = None, **kw):  # noqa: ANN003, ANN201
        """POST with the CSRF token taken from the page at form_url (default: url)."""
        page = self.client.get(form_url or url)
        token = csrf_from(page.get_data(as_text=True))
        return self.client.post(url, data={**data, "csrf_token": token}, **kw)


@pytest.fixture
def auth(client) -> Auth:
    """Login helper bound to the test client."""
    return Auth(client)


@pytest.fixture
def token_script(app, make_user, database):  # noqa: ANN001, ANN201
    """A script's cookie-less client and the headers of a coordinator's personal token (gis-owner's)."""
    user_id = make_user("gis-owner", "coordinator")
    with database.transaction() as s:
        plaintext = tokens.create_token(s, s.get(User, user_id), "GIS import")[1]
    return app.test_client(use_cookies=False), {"Authorization": f"Bearer {plaintext}"}


# ---- browser tests: a live server in a thread, Debian's Chromium through Playwright ----------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-quic", "--no-first-run", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


@pytest.fixture
def live_server(app):
    """The app served on a free localhost port for the duration of a test; yields its base URL."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    # shutdown() waits for the serving loop's next look at its flag: every 0.5 s by default, so ~0.25 s of each
    # browser test's teardown was spent waiting (7 December, night); a look every 20 ms costs no measurable CPU.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (scripts/test does)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def phone(browser):
    """A 360 px wide phone page."""
    context = browser.new_context(viewport={"width": 360, "height": 780}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser):
    """A 1280 px wide desktop page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def declined_question(page, press) -> str:
    """What a confirm asked when `press()` (a tap or a click) was answered No; "" when nothing asked."""
    asked: list[str] = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    press()
    page.wait_for_timeout(300)
    return asked[0] if asked else ""


def accepted(page, press) -> None:
    """`press()`, answer Yes to the confirm it asks, and wait for the page it leads to."""
    page.once("dialog", lambda d: d.accept())
    with page.expect_navigation():
        press()


def browser_login_form(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Log in through the login form like a person, landing where it sends us (the home page)."""
    page.goto(f"{base_url}/login")
    login_here(page, username, password)


def login_here(page, username: str, password: str = PASSWORD) -> None:  # noqa: ANN001
    """On the login page: log in as a person does (two fills and a click), following where it sends us."""
    page.fill("#username", username)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")


# Most browser tests log in only to reach the page they check: through the form in Chromium that was the login
# page, two fills, a click and the home page it lands on, a quarter of the browser tests' time (7 December, night).
# browser_login sends the form's own requests (GET /login, POST with its CSRF token) through the context's request
# client (Playwright's APIRequestContext: the browser's cookie jar and user agent), so the browser holds the
# signed-in cookie: the same sign-in on the server, no page shown. The form itself in a browser is checked where it
# is the point (tests/auth/test_browser.py, and the tests landing on the home page use browser_login_form).


def browser_login(page, base_url: str, username: str, password: str = PASSWORD, lang: str | None = None) -> None:
    """Sign a browser in with the login form's requests sent for it (see above); the page stays where it was.

    `lang`: the language switch's request first, as the header's button sends it (a login keeps the language)."""
    context = page.context
    if lang is not None:
        status = _form_post(context, base_url, f"/lang/{lang}", {}).status
        assert status == 302, f"the switch to {lang} answered {status}"
    status = _form_post(context, base_url, "/login", {"username": username, "password": password}).status
    assert status == 302, f"{username}'s login answered {status}"


def browser_login_in(page, base_url: str, username: str, lang: str) -> None:  # noqa: ANN001
    """browser_login in a language: for "en" the switch's request before the login (zh is the default)."""
    browser_login(page, base_url, username, lang=None if lang == "zh" else lang)


# Taller than this, a screenshot keeps the first screens only: the API page at 360 px is 143,000 px
# tall, and its full screenshot took 9 s of the suite for an image no one can look at.
SCREENSHOT_MAX_HEIGHT = 6000


# Screenshots are for a person to look at (TEST_SCREENSHOTS=1 ./scripts/test tests/...), not for the run: no test
# reads one back, and CI keeps no artifact. Made on every run they were ~10% of a browser test's CPU
# (tests/foundation/test_separator_stays_with_next.py, two rounds each: 53.4, 50.8 s user with them, 48.5, 44.6 s
# without; 6 December, late).
SCREENSHOTS = os.environ.get("TEST_SCREENSHOTS", "") not in ("", "0")


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot (up to SCREENSHOT_MAX_HEIGHT px) under artifacts/ when TEST_SCREENSHOTS is set."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    # A tap may have started a navigation: measure the page that loads, not the one going away
    # (whose document can already be gone: null), as page.screenshot itself waits for it.
    page.wait_for_load_state()
    if not SCREENSHOTS:
        return path
    height = page.evaluate("document.documentElement ? document.documentElement.scrollHeight : 0")
    if height > SCREENSHOT_MAX_HEIGHT:
        width = page.viewport_size["width"]
        page.screenshot(path=str(path), full_page=True,
                        clip={"x": 0, "y": 0, "width": width, "height": SCREENSHOT_MAX_HEIGHT})
    else:
        page.screenshot(path=str(path), full_page=True)
    return path


# A table as a phone shows it: the page's width, its frame's scroll and client widths, the column headings after
# the first, and per row each cell's label (its ::before), text, right edge and width.
_STACKED = """t => ({
  page: document.documentElement.scrollWidth,
  frame: [t.closest('.table-wrap').scrollWidth, t.closest('.table-wrap').clientWidth],
  heads: [...t.querySelectorAll('thead th')].slice(1).map(h => h.textContent.trim()),
  rows: [...t.querySelectorAll('tbody tr, tfoot tr')].map(r => [...r.querySelectorAll('td')].map(c => {
    const box = c.getBoundingClientRect();
    return [getComputedStyle(c, '::before').content.replace(/^"|"$/g, ''), c.textContent.trim(),
            box.right, box.width];
  })),
})"""


def assert_stacked(table, width: int = 360) -> None:  # noqa: ANN001
    """A table (a Playwright locator) reads on a phone `width` px wide without a sideways scroll of the page or
    its frame, every cell shown within the screen beside its column's heading (static/stack.css)."""
    seen = table.evaluate(_STACKED)
    assert seen["page"] <= width, seen["page"]
    scroll, client = seen["frame"]
    assert scroll <= client, seen["frame"]
    assert seen["rows"], seen
    for cells in seen["rows"]:
        assert [label for label, *_ in cells] == seen["heads"], cells
        for label, value, right, box_width in cells:
            assert value and box_width > 0 and right <= width, (label, value, right)


# Per element: its text with "|" where a line ends between two Chinese characters (a word cut in two: 未恢复停电处|数).
_WORDS_CUT = """els => els.map(e => {
  const chars = [];
  const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      if (!node.data[i].trim()) continue;
      const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (rect) chars.push([node.data[i], rect.top]);
    }
  }
  const han = c => /[\\u3400-\\u9fff]/.test(c);
  let text = '', cut = false;
  chars.forEach(([c, top], i) => {
    if (i && top - chars[i - 1][1] > 4) {
      text += '|';
      cut = cut || (han(c) && han(chars[i - 1][0]));
    }
    text += c;
  });
  return cut ? text : null;
}).filter(t => t)"""


def words_cut(page, selector: str) -> list[str]:  # noqa: ANN001
    """The texts of `selector`'s elements that a line ends inside a Chinese word, "|" at each line's end: a label
    breaks at its punctuation (水泵总能力（立方米/|小时）) or not at all, never 小|时 or 处|数."""
    return page.eval_on_selector_all(selector, _WORDS_CUT)


def darkening(page, box: dict, edge: float, inside: float) -> int:  # noqa: ANN001
    """How much darker the background within box's rows is at x = edge than at x = inside (0-255, text ignored):
    the scroll shadow that says more of a table or a strip lies past that edge (app.css, .table-wrap)."""
    import io

    from PIL import Image

    left, right = min(edge, inside) - 2, max(edge, inside) + 2
    clip = {"x": left, "y": box["y"] + 2, "width": right - left, "height": box["height"] - 4}
    image = Image.open(io.BytesIO(page.screenshot(clip=clip))).convert("L")
    scale = image.width / clip["width"]

    def background(x: float) -> int:
        # The lightest pixel of the column: the background under any shadow, never a letter.
        column = round((x - left) * scale)
        return max(image.getpixel((column, y)) for y in range(image.height))

    return background(inside) - background(edge)

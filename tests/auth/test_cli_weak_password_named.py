"""The command line names a weak password, as it names a short one, instead of a traceback.

Found by the 5 December afternoon probe: `incidents create-user bob --password <one containing bob>` (or a common one)
and `incidents set-password` printed a RuntimeError ("Working outside of request context") and no word of the
password: the two weakness messages were Flask-Babel's lazy strings, read outside any request, where every other
refusal of the accounts domain is a Message. The test client's runner did not show it; the command's own entry point
does (incidents.__main__.main, its app made from the environment, no request anywhere), run here in this process:
as three subprocesses the test took 5.5-8 s, each importing the package anew; 0.1 s here (5 December).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from incidents import __main__ as console
from incidents.auth.models import User

COMMON = "password123456"  # in data/common-passwords.txt


def _incidents(monkeypatch, capsys, *args: str) -> tuple[int, str]:  # noqa: ANN001
    """`incidents *args` as the console runs it: its exit status and what it wrote to stderr."""
    made = []
    monkeypatch.setattr(console, "create_app", lambda real=console.create_app: made.append(real()) or made[-1])
    monkeypatch.setattr("sys.argv", ["incidents", *args])
    capsys.readouterr()
    try:
        with pytest.raises(SystemExit) as exit_:
            console.main()
    finally:
        for app in made:  # its connections closed now, not left open to the garbage collector
            app.extensions["incidents.db"].engine.dispose()
    return exit_.value.code, capsys.readouterr().err


def test_a_weak_password_is_named_not_a_traceback(app, db_url, tmp_path, session, make_user, monkeypatch, capsys):
    for name, value in (("DATABASE_URL", db_url), ("INCIDENTS_INSTANCE", str(tmp_path / "instance")),
                        ("INCIDENTS_SCHEDULER", "off")):
        monkeypatch.setenv(name, value)
    make_user("alice", "reporter")
    for args, said in ((["create-user", "bob", "--role", "viewer", "--password", "bob-the-builder-7"], "username"),
                       (["create-user", "bob", "--role", "viewer", "--password", COMMON], "common"),
                       (["set-password", "alice", "--password", "alice.password"], "username")):
        code, err = _incidents(monkeypatch, capsys, *args)
        assert code == 1, err[-1500:]
        assert "Error: password: " in err and said in err, err[-1500:]
    assert session.scalar(sa.select(User.id).where(User.username == "bob")) is None  # nothing half-saved

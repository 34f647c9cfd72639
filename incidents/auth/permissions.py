"""Roles and what they allow; every view declares the permission it needs."""

from __future__ import annotations

from incidents.auth.models import Role
from incidents.errors import Message

_l = Message

READ = "read"            # see events, reports, timelines, briefs
REPORT = "report"        # log reports, edit one's own
COORDINATE = "coordinate"  # verify, edit any, compile/publish briefs
MANAGE = "manage"        # set up events and areas: coordinators, and administrators setting up an office
ADMIN = "admin"          # manage users
BACKDATE = "backdate"    # state when the office learned of a report (reported_at) over the API, e.g. a late import

GRANTS: dict[Role, frozenset[str]] = {
    Role.VIEWER: frozenset({READ}),
    Role.REPORTER: frozenset({READ, REPORT}),
    Role.COORDINATOR: frozenset({READ, REPORT, COORDINATE, MANAGE, BACKDATE}),
    Role.ADMIN: frozenset({READ, MANAGE, ADMIN}),
}

# What a refused role is told (auth.decorators.requires: a 403 naming `role`), pages and the API alike: who may.
WHO_MAY: dict[str, Message] = {
    READ: _l("your role does not read the office's records"),
    REPORT: _l("your role does not log or change reports"),
    COORDINATE: _l("only a coordinator compiles, recompiles and publishes briefs and restores a retracted report"),
    MANAGE: _l("only a coordinator or an administrator sets up events and areas"),
    ADMIN: _l("only an administrator manages accounts"),
}


def allows(role: Role | str, permission: str) -> bool:
    """Whether a role grants a permission."""
    return permission in GRANTS[Role(role)]

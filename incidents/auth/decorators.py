"""The `requires` decorator: login is enforced app-wide, this adds the permission check."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, g
from flask_login import current_user

from incidents.auth.permissions import WHO_MAY, allows
from incidents.inputs import Refused


def requires(permission: str,
             refusal: tuple[str, Any] | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Refuse (403) a logged-in user whose role lacks the permission, naming `role` and who may (WHO_MAY).

    `refusal` (field, reason) says it more closely where one permission guards several things (recipients).
    """
    # One rule for every route: a bare 403 ("errors": {}) left an API client unable to tell role from scope.
    field, reason = refusal or ("role", WHO_MAY[permission])

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                abort(401)
            if not allows(current_user.role, permission):
                raise Refused(field, reason)
            return view(*args, **kwargs)

        wrapped.required_permission = permission  # type: ignore[attr-defined]
        return wrapped

    return decorate


def public(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view as open to anonymous users (login page, language switch)."""
    view.is_public = True  # type: ignore[attr-defined]
    return view


def repeatable(*names: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Mark the form fields a view reads as a list (the report list's checkboxes); any other sent twice is a 400."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        view.repeatable_fields = frozenset(names)  # type: ignore[attr-defined]
        return view

    return decorate


def reshows_when_expired(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a form view that judges its own CSRF token, showing its form again with the values sent when stale."""
    view.reshows_when_expired = True  # type: ignore[attr-defined]
    return view


def uploads(*names: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Mark the form fields a view takes a file in (an import's `file`); a file under any other name is a 400."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        view.upload_fields = frozenset(names)  # type: ignore[attr-defined]
        return view

    return decorate


def browser_only(view: Callable[..., Any]) -> Callable[..., Any]:
    """Refuse (403) a request signed with an API token: logging out and ending sign-ins are a browser's."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        # A leaked script token must not be able to log its owner's browsers out, again and again.
        if g.get("api_token_id") is not None:
            abort(403)
        return view(*args, **kwargs)

    return wrapped

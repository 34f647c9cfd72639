"""The report pages' blueprint: each page module (create_views, show_views, edit_views) adds its routes to it."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("reports", __name__)

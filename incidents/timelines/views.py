"""Timelines pages."""

from flask import Blueprint

bp = Blueprint("timelines", __name__)

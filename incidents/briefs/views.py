"""Briefs pages."""

from flask import Blueprint

bp = Blueprint("briefs", __name__)

"""The `incidents` console command (also `python -m incidents`): the app's CLI group, standalone."""

from __future__ import annotations

import sys

import click

from incidents import create_app
from incidents.cli import group
from incidents.config import ConfigError


def main() -> None:
    """Console entry point: configuration problems print one line and exit 1."""
    try:
        app = create_app()
        with app.app_context():
            group.main(standalone_mode=False)
    except ConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()

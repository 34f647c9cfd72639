"""`incidents backup`, `incidents restore` and `incidents set-password`: the operator's side of backups."""

from __future__ import annotations

from pathlib import Path

import click

from incidents.cliapp import cli_app, cli_database


def default_folder() -> Path:
    """Where `incidents backup` writes without --out: INCIDENTS_BACKUP_DIR, else <instance>/backups."""
    app = cli_app()
    return Path(app.config.get("BACKUP_DIR") or Path(app.instance_path) / "backups")


@click.command("backup")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="archive to write (default: a timestamped file in INCIDENTS_BACKUP_DIR or instance/backups)")
def backup_command(out: Path | None) -> None:
    """Write one archive of the whole log (no password hashes, no tokens)."""
    from incidents.backup import services

    database = cli_database(cli_app())
    try:
        done = services.backup(database, out) if out else services.backup_to_folder(database, default_folder())
    except FileExistsError as exc:
        raise click.ClickException(f"{exc}; choose another --out") from exc
    size = done.path.stat().st_size
    click.echo(f"wrote {done.path} ({done.rows} rows in {len(done.manifest.tables)} tables, "
               f"{size / 1024:.0f} KiB, schema {done.manifest.revision})")


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--check", is_flag=True, help="only verify the archive's checksums; write nothing")
def restore_command(archive: Path, check: bool) -> None:
    """Restore an archive into this (empty) database; refused if it already holds data."""
    from incidents.backup import services

    if check:
        try:
            manifest = services.check(archive)
        except services.ArchiveError as exc:
            raise click.ClickException(f"archive refused: {exc}") from exc
        rows = sum(t.rows for t in manifest.tables)
        click.echo(f"{archive}: intact; {rows} rows in {len(manifest.tables)} tables, schema {manifest.revision}, "
                   f"written {manifest.created_at} from {manifest.source} by version {manifest.app_version}")
        return
    database = cli_database(cli_app())
    try:
        summary = services.restore(database, archive)
    except services.ArchiveError as exc:
        raise click.ClickException(f"archive refused: {exc}") from exc
    except services.RestoreRefused as exc:
        raise click.ClickException(f"restore refused: {exc}") from exc
    for note in summary.notes:
        click.echo(note)
    users = summary.rows.get("users", 0)
    click.echo(f"restored {summary.total} rows from {archive} ({users} users, schema {summary.revision})")
    click.echo("backups carry no passwords: give each user a new one with "
               "`incidents set-password USERNAME` (an administrator first) or from the users page")


@click.command("set-password")
@click.argument("username")
@click.password_option(help="at least 10 characters")
def set_password_command(username: str, password: str) -> None:
    """Give an account a new password (after a restore, or when an administrator is locked out)."""
    import sqlalchemy as sa

    from incidents.auth.models import User
    from incidents.auth.services import AccountError, set_password
    from incidents.auth.tokens import live_count

    database = cli_database(cli_app())
    try:
        with database.transaction() as session:
            user = session.scalar(sa.select(User).where(User.username == username))
            if user is None:
                raise click.ClickException(f"no user named {username!r}")
            revoked = live_count(session, user.id)
            set_password(session, user, password, actor_id=None)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    # Said, as the users page says it: a script's token stops working with the reset.
    click.echo(f"password set for {username}" + (f"; its API tokens revoked: {revoked}" if revoked else ""))


COMMANDS = (backup_command, restore_command, set_password_command)

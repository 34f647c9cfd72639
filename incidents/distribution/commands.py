"""`incidents recipients ...` and `incidents distribute`: the operator's side of distribution."""

from __future__ import annotations

import os

import click
from sqlalchemy.orm import Session

from incidents.cliapp import cli_app, cli_database
from incidents.events import services as event_services
from incidents.events.models import Event


def _event(session: Session, code: str) -> Event:
    """The event of a --event code, or a usage error naming the option."""
    event = event_services.by_code(session, code)
    if event is None:
        raise click.BadParameter(f"unknown event {code!r}", param_hint="--event")
    return event


@click.group("recipients")
def recipients_group() -> None:
    """An event's recipients of briefs, reminders and alerts (secrets are never printed)."""


@recipients_group.command("list")
@click.option("--event", "event_code", required=True, help="the event's code")
def list_command(event_code: str) -> None:
    """List an event's recipients, webhook keys and secrets masked."""
    from incidents.distribution import services

    database = cli_database(cli_app())
    with database.read_session() as session:
        event = _event(session, event_code)
        for r in services.recipients(session, event.id):
            receives = ",".join(k for k in services.RECEIVES if getattr(r, k))
            area = f" area={r.area.name}" if r.area else ""
            secret = f" secret={services.mask(r.secret)}" if r.secret else ""
            state = "" if r.active else " (removed)"
            click.echo(f"{r.id}\t{r.name}\t{r.channel.value}\t{services.shown_address(r)}{secret}\t"
                       f"{r.lang}\t{receives}{area}{state}")


@recipients_group.command("add")
@click.option("--event", "event_code", required=True, help="the event's code")
@click.option("--name", required=True, help="who this is, e.g. 区防指群")
@click.option("--channel", type=click.Choice(["email", "wecom", "dingtalk"]), required=True)
@click.option("--address", required=True, help="an e-mail address, or the robot's full webhook URL")
@click.option("--secret", help="DingTalk only: the signing secret (SEC...); or set INCIDENTS_RECIPIENT_SECRET")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--receives", default="briefs", show_default=True, help="comma-separated: briefs,reminders,alerts")
@click.option("--area", help="reminders: the subdistrict it speaks for, as a path, e.g. 文峰区/北大街街道")
def add_command(event_code: str, name: str, channel: str, address: str, secret: str | None, lang: str,
                receives: str, area: str | None) -> None:
    """Add a recipient (the webhook's key and the secret are stored, then shown only masked)."""
    from incidents.demo import _area_by_path
    from incidents.distribution import services
    from incidents.distribution.settings import from_env
    from incidents.errors import ValidationError

    wanted = {w.strip() for w in receives.split(",") if w.strip()}
    if wanted - set(services.RECEIVES):
        raise click.BadParameter(f"unknown: {', '.join(sorted(wanted - set(services.RECEIVES)))}",
                                 param_hint="--receives")
    database = cli_database(cli_app())
    try:
        with database.transaction() as session:
            event = _event(session, event_code)
            area_row = _area_by_path(session, area) if area else None
            if area and area_row is None:
                raise click.BadParameter(f"unknown area {area!r}", param_hint="--area")
            fields = services.RecipientFields(
                name=name, channel=channel, address=address, lang=lang, area_id=area_row.id if area_row else None,
                secret=secret or os.environ.get("INCIDENTS_RECIPIENT_SECRET"),
                **{k: k in wanted for k in services.RECEIVES})
            row = services.save_recipient(session, None, event, fields, hosts=from_env(os.environ).bot_hosts)
            shown = services.shown_address(row)
    except ValidationError as exc:
        raise click.ClickException("; ".join(f"{k}: {v}" for k, v in exc.errors.items())) from exc
    click.echo(f"added recipient {row.id}: {name} {shown}")


@recipients_group.command("remove")
@click.argument("recipient_id", type=int)
def remove_command(recipient_id: int) -> None:
    """Stop sending to a recipient (its past deliveries stay listed)."""
    from incidents.distribution import services
    from incidents.distribution.models import Recipient

    database = cli_database(cli_app())
    with database.transaction() as session:
        row = session.get(Recipient, recipient_id)
        if row is None:
            raise click.BadParameter(f"no recipient {recipient_id}", param_hint="RECIPIENT_ID")
        services.remove_recipient(session, None, row)
    click.echo(f"removed recipient {recipient_id}")


@click.command("distribute")
def distribute_command() -> None:
    """One distribution sweep now: reminders, alerts, then every delivery due (what the scheduler does each minute)."""
    from incidents import scheduler

    database = cli_database(cli_app())
    from incidents.distribution.settings import from_env

    scheduler.distribute(database, from_env(os.environ))
    click.echo("distribution sweep done")


COMMANDS = [recipients_group, distribute_command]

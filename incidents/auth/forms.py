"""Login, own password, and the administrator's account form (the services hold the rules)."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from incidents.forms import DayField, Form
from incidents.inputs import Checkbox


class LoginForm(Form):
    """Username and password."""

    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class PasswordForm(Form):
    """Change one's own password: the current one, the new one twice."""

    current_password = PasswordField(_l("Current password"), validators=[DataRequired(_l("required"))])
    new_password = PasswordField(_l("New password"), validators=[DataRequired(_l("required"))])
    confirm = PasswordField(_l("New password again"), validators=[
        DataRequired(_l("required")), EqualTo("new_password", _l("does not match the new password"))])
    # Off: a script's token goes on working. On: the password leaked, and a token made with it must end.
    revoke_tokens = Checkbox(_l("Also revoke my API tokens"))


class EndAllForm(Form):
    """Log out on every device; ticked, the API tokens end too (a lost phone's finder may have made one)."""

    revoke_tokens = Checkbox(_l("Also revoke my API tokens"))


class UserForm(Form):
    """An account as an administrator sees it; username and first password only when creating."""

    username = StringField(_l("Username"), validators=[Optional(), Length(max=80)])
    display_name = StringField(_l("Name shown"), validators=[Optional(), Length(max=120)])
    role = SelectField(_l("Role"))
    scope_area_id = SelectField(_l("May report for"))
    active = Checkbox(_l("Active (may log in)"))
    password = PasswordField(_l("Password"), validators=[Optional(), Length(max=200)])
    # Off (and absent from an older page): a reset revokes the tokens, as taking an account back needs.
    keep_tokens = Checkbox(_l("Keep its API tokens (the password was only forgotten)"))
    version = HiddenField()


class TokenForm(Form):
    """A new API token: what to call it and, optionally, the last day it works."""

    name = StringField(_l("Token name"), validators=[DataRequired(_l("required")), Length(max=80)])
    expires_on = DayField(_l("Valid through (optional)"), validators=[Optional()])
    # A one-time key: reloading the page that showed the secret must not make a second token.
    once = HiddenField()

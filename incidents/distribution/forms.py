"""The recipient form (the services hold the rules; secrets are write-only fields)."""

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import Length, Optional

from incidents.forms import Form
from incidents.inputs import Checkbox


class RecipientForm(Form):
    """A recipient: name, channel, address, language, what it receives, the subdistrict it speaks for."""

    name = StringField(_l("Name"), validators=[Length(max=120)])
    channel = SelectField(_l("Channel"), choices=[("email", _l("E-mail")), ("wecom", _l("WeCom group robot")),
                                                  ("dingtalk", _l("DingTalk group robot"))])
    address = StringField(_l("E-mail address or webhook URL"), validators=[Length(max=1000)])
    # No length here: the service refuses one longer than its column, for this form and the CLI alike.
    secret = PasswordField(_l("DingTalk signing secret (SEC…)"), validators=[Optional()])
    lang = SelectField(_l("Language"), choices=[("zh", "中文"), ("en", "English")])
    briefs = Checkbox(_l("Signed briefs"), default=True)
    reminders = Checkbox(_l("Reminders before the cut-off"))
    alerts = Checkbox(_l("Overdue alerts"))
    area_id = SelectField(_l("Speaks for (reminders)"))

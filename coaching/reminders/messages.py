"""What each reminder says, in the active language: the in-app text and the e-mail.

Notifications store plain facts (counts, days, names) in their payload; the words are
chosen when the notification is shown or mailed, in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import ReminderKind, User
from accounts.services import unsubscribe_url

from .. import labels
from ..models import Notification, Task
from . import rules


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    path: str

    @property
    def url(self) -> str:
        return f"{settings.SITE_URL}{self.path}"


def notification_message(notification: Notification) -> Message:
    """Title, one-line body and link of a notification, in the active language."""
    data = notification.payload or {}
    kind = notification.kind
    if kind == ReminderKind.DAILY_DIGEST:
        count = int(data.get("count", 0))
        return Message(
            _("Today's tasks"),
            ngettext(
                "You have %(count)d task planned for today.",
                "You have %(count)d tasks planned for today.",
                count,
            )
            % {"count": count},
            reverse("coaching:plan"),
        )
    if kind == ReminderKind.SSI_PROMPT:
        days = data.get("days")
        body = (
            _(
                "You have not recorded your SSI yet: copy it from LinkedIn's SSI page, "
                "it takes a minute."
            )
            if days is None
            else ngettext(
                "Your last SSI was recorded %(days)d day ago: "
                "record this week's from LinkedIn's SSI page.",
                "Your last SSI was recorded %(days)d days ago: "
                "record this week's from LinkedIn's SSI page.",
                int(days),
            )
            % {"days": int(days)}
        )
        return Message(_("Time to record your SSI"), body, reverse("scoring:snapshot_paste"))
    if kind == ReminderKind.INACTIVITY:
        days = int(data.get("days", rules.INACTIVE_DAYS))
        return Message(
            _("A few minutes on LinkedIn today?"),
            ngettext(
                "Nothing logged for %(days)d day. Ten minutes today keep your score moving.",
                "Nothing logged for %(days)d days. Ten minutes today keep your score moving.",
                days,
            )
            % {"days": days},
            reverse("accounts:dashboard"),
        )
    if kind == ReminderKind.COACH_DIGEST:
        cohorts = data.get("cohorts", [])
        flagged = len({name for c in cohorts for names in c["flagged"].values() for name in names})
        body = (
            ngettext(
                "%(count)d trainee needs your attention.",
                "%(count)d trainees need your attention.",
                flagged,
            )
            % {"count": flagged}
            if flagged
            else _("Nobody needs your attention this week.")
        )
        return Message(_("Your cohorts this week"), body, reverse("accounts:cohort_list"))
    return Message(kind, "", reverse("coaching:notifications"))


def signed(change: float) -> str:
    """+3.2 / -1.5 (with a real minus sign) in the active language's number format."""
    sign = "+" if change > 0 else "\u2212" if change < 0 else ""
    return f"{sign}{number_format(abs(change), 1)}"


#: The rules of digests written before the coach digest used each cohort's at-risk rules.
EARLIER_RULES = {
    "inactive": gettext_lazy("No activity and no login for five days or more"),
    "no_ssi": gettext_lazy("No SSI recorded in the last seven days"),
}


def cohort_sections(payload: dict) -> list[dict]:
    """The coach digest's cohorts, each rule named in the active language with the
    cohort's own settings (``coaching.labels.risk_rule_label``)."""
    sections = []
    for cohort in payload.get("cohorts", []):
        rule_values = cohort.get("rules")
        sections.append(
            {
                "name": cohort["name"],
                "flags": [
                    (
                        labels.risk_rule_label(key, rule_values)
                        if rule_values
                        else str(EARLIER_RULES.get(key, key)),
                        names,
                    )
                    for key, names in cohort.get("flagged", {}).items()
                ],
                "movers": [(name, signed(change)) for name, change in cohort.get("movers", [])],
            }
        )
    return sections


def reminder_email(
    notification: Notification, user: User, tasks: list[Task] | None = None
) -> EmailMultiAlternatives:
    """The e-mail of a notification: plain text and HTML, in the user's language, with a
    one-click unsubscribe for its kind (RFC 8058)."""
    with translation.override(user.language):
        message = notification_message(notification)
        unsubscribe = unsubscribe_url(user=user, kind=notification.kind)
        context = {
            "user": user,
            "notification": notification,
            "message": message,
            "kind": notification.kind,
            "payload": notification.payload,
            "tasks": tasks or [],
            "cohorts": cohort_sections(notification.payload or {}),
            "unsubscribe_url": unsubscribe,
            "settings_url": f"{settings.SITE_URL}{reverse('accounts:settings')}",
            "site_url": settings.SITE_URL,
            "kind_label": ReminderKind(notification.kind).label,
        }
        text = render_to_string("coaching/email/reminder.txt", context)
        html = render_to_string("coaching/email/reminder.html", context)
        subject = f"{message.title} · {_('SSI Coach')}"
    email = EmailMultiAlternatives(
        subject,
        text,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    email.attach_alternative(html, "text/html")
    return email

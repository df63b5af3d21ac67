from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and cohorts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import session_stamp_login

        user_logged_in.connect(session_stamp_login, dispatch_uid="accounts.session_stamp_login")

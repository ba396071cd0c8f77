from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Accounts and organisations")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from . import audit
        from .middleware import session_start

        user_logged_in.connect(session_start, dispatch_uid="core.session_start")
        # The audit log (core/audit.py): sign-ins, failed sign-ins, sign-outs.
        user_logged_in.connect(audit.on_logged_in, dispatch_uid="core.audit.logged_in")
        user_login_failed.connect(audit.on_login_failed, dispatch_uid="core.audit.login_failed")
        user_logged_out.connect(audit.on_logged_out, dispatch_uid="core.audit.logged_out")

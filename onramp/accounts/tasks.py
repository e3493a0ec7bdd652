"""Account e-mails, built by the django-tasks-db worker when they are sent: a new account's set-up link and a
password reset. The task carries the account's id and which e-mail it is, never the address or the link: the
link's one-time token is made as the e-mail goes, so the queue's table (which keeps finished tasks for a while)
holds nothing that would let a reader of the database take over an account."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.tasks import task
from django.template import loader
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from onramp.accounts.models import User

# Which e-mail: its subject and body templates.
EMAILS: dict[str, tuple[str, str]] = {
    "welcome": ("accounts/welcome_subject.txt", "accounts/welcome_email.txt"),
    "password_reset": ("accounts/password_reset_subject.txt", "accounts/password_reset_email.txt"),
}


@task()
def send_password_email(*, user_id: int, email: str, domain: str, protocol: str) -> int:
    """Send the e-mail ``email`` (a key of ``EMAILS``) to an active account, with a fresh link to set its
    password. An account switched off or without an address meanwhile is sent nothing (0)."""
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return 0
    subject_template, body_template = EMAILS[email]
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": protocol,
        "programme_name": settings.PROGRAMME_NAME,
    }
    subject = "".join(loader.render_to_string(subject_template, context).splitlines())
    body = loader.render_to_string(body_template, context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)

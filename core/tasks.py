"""Background work shared by the apps, run by Django's task framework (django-tasks)."""

from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(*, subject, message, recipient_list, from_email=None, html_message=None):
    """Send one e-mail away from the request. Callers save what the e-mail is about first, so a
    mail server that is down loses nothing."""
    return send_mail(subject, message, from_email, recipient_list, html_message=html_message)

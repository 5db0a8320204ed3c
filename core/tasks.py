"""Background work shared by the apps, run by Django's task framework (django-tasks)."""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

# Seconds before the 2nd, 3rd, … attempt: 1, 2, 4, 8 … minutes, at most an hour.
RETRY_BASE_DELAY = 60
RETRY_MAX_DELAY = 3600


def retry_delay(attempt):
    return min(RETRY_BASE_DELAY * 2 ** (attempt - 1), RETRY_MAX_DELAY)


@task()
def send_email(*, subject, message, recipient_list, from_email=None, html_message=None, attempt=1):
    """Send one e-mail away from the request. Callers save what the e-mail is about first, so a
    mail server that is down loses nothing: on a queue that can defer work (the database queue
    of production) a failed send is queued again with a growing delay, up to EMAIL_MAX_ATTEMPTS
    attempts; each failed attempt stays in the queue's results with its error."""
    try:
        return send_mail(subject, message, from_email, recipient_list, html_message=html_message)
    except (smtplib.SMTPException, OSError) as error:
        backend = send_email.get_backend()
        if attempt < settings.EMAIL_MAX_ATTEMPTS and backend.supports_defer:
            delay = retry_delay(attempt)
            send_email.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
                subject=subject,
                message=message,
                recipient_list=recipient_list,
                from_email=from_email,
                html_message=html_message,
                attempt=attempt + 1,
            )
            logger.warning(
                "E-mail %r to %s failed (%s): attempt %d of %d in %d s",
                subject,
                ", ".join(recipient_list),
                error,
                attempt + 1,
                settings.EMAIL_MAX_ATTEMPTS,
                delay,
            )
        else:
            logger.error("E-mail %r to %s failed for good: %s", subject, recipient_list, error)
        raise

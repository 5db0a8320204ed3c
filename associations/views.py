"""Public views of the associations' onboarding: the request form and the invitation link."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from . import onboarding
from .forms import RegistrationForm

# Requests (and spam caught by the traps) per client and hour; the client is known only by a
# salted hash of its address, kept in the cache for the hour and never stored.
RATE_LIMIT = 5
RATE_WINDOW = 3600


def client_key(request):
    address = request.META.get("REMOTE_ADDR", "")
    digest = salted_hmac("associations.register.client", address).hexdigest()
    return f"associations:register:{digest}"


def over_limit(request):
    return cache.get(client_key(request), 0) >= RATE_LIMIT


def count_submission(request):
    key = client_key(request)
    cache.add(key, 0, RATE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # expired in between
        cache.set(key, 1, RATE_WINDOW)


@never_cache
def register(request):
    """/<lang>/associations/register/: an association asks to join the portal."""
    if request.method == "GET" and request.GET.get("sent"):
        return render(request, "associations/register_done.html")
    if request.method == "POST":
        if over_limit(request):
            return render(request, "associations/register_limited.html", status=429)
        form = RegistrationForm(request.POST, language=get_language())
        if form.is_valid():
            association_request = form.save()  # stored before any e-mail is sent
            count_submission(request)
            onboarding.request_received(association_request)
            return redirect(f"{request.path}?sent=1")
        if form.is_spam:
            count_submission(request)
        form.refresh_stamp()
    else:
        form = RegistrationForm(language=get_language())
    return render(request, "associations/register.html", {"form": form})


def invited_user(uidb64):
    try:
        pk = force_str(urlsafe_base64_decode(uidb64))
        return get_user_model()._default_manager.get(pk=pk)
    except (TypeError, ValueError, OverflowError, get_user_model().DoesNotExist):
        return None


@never_cache
@sensitive_post_parameters()
def invitation(request, uidb64, token):
    """/invitation/<uidb64>/<token>/: a new editor chooses a password, then logs in.

    The link works once and for settings.PASSWORD_RESET_TIMEOUT (Django's default, 3 days)."""
    language = request.GET.get("lang", "")
    if language not in {code for code, _name in settings.LANGUAGES}:
        language = get_language()
    with translation.override(language):
        user = invited_user(uidb64)
        valid = (
            user is not None and user.is_active and default_token_generator.check_token(user, token)
        )
        if not valid:
            response = render(request, "associations/invitation_invalid.html", status=400)
        else:
            form = SetPasswordForm(user, request.POST or None)
            if request.method == "POST" and form.is_valid():
                form.save()
                messages.success(
                    request,
                    _("Your password is saved. Log in with your username: %(username)s")
                    % {"username": user.get_username()},
                )
                return redirect(reverse("wagtailadmin_login"))
            response = render(
                request, "associations/invitation.html", {"form": form, "invited": user}
            )
    response["Content-Language"] = language
    # The link's token must not leak to other sites through the Referer header.
    response["Referrer-Policy"] = "no-referrer"
    return response

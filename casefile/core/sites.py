"""The editors' admin site: with ``REQUIRE_2FA`` on, staff need a one-time password as well."""

from django import forms
from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.validators import MaxLengthValidator
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite


class LoginForm(AdminAuthenticationForm):
    """Django's admin login, refusing a user name longer than any account's.

    Django sets the field's ``max_length`` without its validator, so an over-long name reached
    the login lockout, which cannot store it (a database error on PostgreSQL).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class OneTimePasswordLoginForm(LoginForm, OTPAdminAuthenticationForm):
    """User name, password and the code from the authenticator app, on one page.

    django-otp asks the user to pick a device first; most people have one, so it is picked
    for them. Someone without a device is told how to get one.
    """

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is None and not self.cleaned_data.get("otp_device"):
            devices = list(devices_for_user(user))
            if not devices:
                raise forms.ValidationError(
                    "This account has no one-time password device yet. An administrator enrols one "
                    "with: manage.py add_totp_device USERNAME",
                    code="no_device",
                )
            if len(devices) == 1:
                device = devices[0]
        return device


class CasefileAdminSite(OTPAdminSite):
    """``OTPAdminSite`` when ``settings.REQUIRE_2FA`` is on (production), the plain admin site otherwise.

    The setting is read on every request rather than once at start-up, so that tests (and a
    local ``make run`` with DEBUG on) can turn it off.
    """

    site_header = "Casefile"
    site_title = "Casefile editors"
    index_title = "Curate the case file"

    def __init__(self, name="admin"):
        super().__init__(name)

    @property
    def login_form(self):
        return OneTimePasswordLoginForm if settings.REQUIRE_2FA else LoginForm

    @property
    def login_template(self):
        return OTPAdminSite.login_template if settings.REQUIRE_2FA else AdminSite.login_template

    def get_urls(self):
        """The admin's own pages, and the review queue (``admin:review_queue``) behind the same login."""
        from django.urls import path

        from .views import review_queue

        return [path("review/", self.admin_view(review_queue), name="review_queue"), *super().get_urls()]

    def has_permission(self, request):
        if settings.REQUIRE_2FA:
            return super().has_permission(request)
        return AdminSite.has_permission(self, request)

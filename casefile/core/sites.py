"""The editors' admin site: with ``REQUIRE_2FA`` on, staff need a one-time password as well."""

from django import forms
from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.validators import MaxLengthValidator
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite

from . import roles


class LoginForm(AdminAuthenticationForm):
    """Django's admin login, refusing a user name longer than any account's.

    Django sets the field's ``max_length`` without its validator, so an over-long name reached
    the login lockout, which cannot store it (a database error on PostgreSQL).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class OneTimeCodeInput(forms.TextInput):
    """A code is good for one login only: a refused one is not written back into the page."""

    def format_value(self, value):
        return None


class OneTimePasswordLoginForm(LoginForm, OTPAdminAuthenticationForm):
    """User name, password and the code from the authenticator app, on one page, with one answer.

    Whatever is wrong (the password, the code, or the account has no device yet), the page says
    the same thing and shows the same form, so it never tells a stranger that a password is
    right; the password is never written back into the page; and every failure counts towards
    the login lockout, the code's as well as the password's. The code is tried against each of
    the user's devices, since the page never asks which one (that would say the password was right).
    """

    otp_token = forms.CharField(
        required=False, widget=OneTimeCodeInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"})
    )
    error_messages = {
        **LoginForm.error_messages,
        "invalid_login": (
            "Please enter the correct user name, password and one-time code of a staff account. "
            "Staff without an authenticator app yet: an administrator enrols one with "
            "manage.py add_totp_device USERNAME."
        ),
    }

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            if self.user_cache is not None:
                # The password was right and the code was not: a failed login all the same.
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": self.cleaned_data.get("username")},
                    request=self.request,
                )
            self.user_cache = None
            raise self.get_invalid_login_error() from None

    def _chosen_device(self, user):
        return None

    def _verify_token(self, user, token, device=None):
        for candidate in devices_for_user(user):
            allowed, _extra = candidate.verify_is_allowed()
            if allowed and candidate.verify_token(token):
                return candidate
        raise forms.ValidationError(self.get_invalid_login_error(), code="invalid_login")

    def _update_form(self, user):
        """django-otp writes the password back into the form here; nothing is written back."""


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

        from . import views

        return [
            path("review/", self.admin_view(views.review_queue), name="review_queue"),
            path(
                "review/<int:content_type_id>/<int:object_id>/",
                self.admin_view(views.review_record),
                name="review_record",
            ),
            path("review/dependencies/", self.admin_view(views.dependencies), name="dependencies"),
            path("review/batch/<int:batch_id>/", self.admin_view(views.review_batch), name="review_batch"),
            path("preview/<int:content_type_id>/<int:object_id>/", self.admin_view(views.preview), name="preview"),
            *super().get_urls(),
        ]

    # Editors work on these first (the order of the admin home); technical apps come last.
    EDITORIAL_ORDER = ["sources", "people", "events", "places", "figures", "cases"]
    TECHNICAL_APPS = {"auth", "axes", "otp_totp", "otp_static", "django_otp", "sites"}

    def get_app_list(self, request, app_label=None):
        """The admin home fits the role: what editors work on first; users, groups, lockouts and
        devices for administrators only, whatever other permission an account holds."""
        apps = super().get_app_list(request, app_label)
        if not (request.user.is_superuser or request.user.groups.filter(name=roles.ADMINISTRATOR).exists()):
            apps = [app for app in apps if app["app_label"] not in self.TECHNICAL_APPS]
        order = {label: index for index, label in enumerate(self.EDITORIAL_ORDER)}
        return sorted(apps, key=lambda app: (order.get(app["app_label"], len(order)), app["name"]))

    def index(self, request, extra_context=None):
        """The admin home: the review queue's count, then the user's own drafts and returned records."""
        from .views import own_work

        return super().index(request, {**own_work(request, self), **(extra_context or {})})

    def each_context(self, request):
        """Every admin page's header shows how many records await review."""
        from .views import waiting_count

        context = super().each_context(request)
        if getattr(request.user, "is_staff", False) and request.user.is_active:
            context["review_waiting"] = waiting_count(request, self)
        return context

    def has_permission(self, request):
        if settings.REQUIRE_2FA:
            return super().has_permission(request)
        return AdminSite.has_permission(self, request)

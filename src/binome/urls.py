from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from binome.accounts.forms import EmailAuthenticationForm
from binome.cases import views as case_views
from binome.core import views as core_views


admin.site.site_header = _("Binôme — administration")
admin.site.site_title = "Binôme"

urlpatterns = [
    path("", case_views.home, name="home"),
    path(
        "connexion/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=EmailAuthenticationForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("programme/", case_views.switch_programme, name="switch_programme"),
    path("compte/", include("binome.accounts.urls")),  # invitation, password reset and change, second factor
    # The chain, in its order: each app's pages under its own namespace.
    path("", include("binome.cases.urls")),
    path("reseau/", include("binome.network.urls")),
    path("", include("binome.coordination.urls")),
    path("", include("binome.visits.urls")),
    path("", include("binome.diagnosis.urls")),
    path("", include("binome.reports.urls")),
    path("", include("binome.orientations.urls")),
    path("", include("binome.privacy.urls")),
    path("pilotage/", include("binome.steering.urls")),
    path("administration/", admin.site.urls),
    path("sante/", core_views.health, name="health"),
]

# The French error pages (core/errors.py), also shown in debug by its middleware.
handler404 = "binome.core.errors.page_not_found"
handler500 = "binome.core.errors.server_error"

from django.urls import path

from binome.accounts import views


app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("invitation/<uidb64>/<token>/", views.InvitationView.as_view(), name="invitation"),
    path("mot-de-passe/oublie/", views.password_reset, name="password_reset"),
    path("mot-de-passe/oublie/envoye/", views.password_reset_done, name="password_reset_done"),
    path("mot-de-passe/nouveau/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("mot-de-passe/nouveau/fait/", views.password_reset_complete, name="password_reset_complete"),
    path("mot-de-passe/changer/", views.password_change, name="password_change"),
    path("mot-de-passe/changer/fait/", views.password_change_done, name="password_change_done"),
    path("double-authentification/configurer/", views.otp_setup, name="otp_setup"),
    path("double-authentification/verifier/", views.otp_verify, name="otp_verify"),
    path("double-authentification/codes/", views.otp_codes, name="otp_codes"),
    path("double-authentification/nouveaux-codes/", views.otp_new_codes, name="otp_new_codes"),
]

from django.urls import path

from binome.cases import referral_views, views


app_name = "cases"

urlpatterns = [
    path("demandes/", referral_views.my_requests, name="my_requests"),
    path("demandes/nouvelle/", referral_views.referral_create, name="referral_create"),
    path("demandes/brouillon/", referral_views.referral_draft, name="referral_draft"),
    path("demande/<slug:slug>/", referral_views.self_referral, name="self_referral"),
    path("demande/<slug:slug>/envoyee/", referral_views.self_referral_done, name="self_referral_done"),
    path("dossiers/<int:pk>/", views.dossier_detail, name="detail"),
    path("dossiers/<int:pk>/modifier/", views.dossier_edit, name="edit"),
    path("dossiers/<int:pk>/action/<slug:name>/", views.dossier_transition, name="transition"),
]

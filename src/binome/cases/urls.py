from django.urls import path

from binome.cases import referral_views, views
from binome.coordination import views as coordination_views
from binome.diagnosis import views as diagnosis_views
from binome.orientations import views as orientation_views
from binome.reports import views as report_views
from binome.visits import views as visit_views


app_name = "cases"

urlpatterns = [
    path("dossiers/", coordination_views.queue, name="queue"),
    path("demandes/", referral_views.my_requests, name="my_requests"),
    path("demandes/nouvelle/", referral_views.referral_create, name="referral_create"),
    path("demandes/brouillon/", referral_views.referral_draft, name="referral_draft"),
    path("demande/<slug:slug>/", referral_views.self_referral, name="self_referral"),
    path("demande/<slug:slug>/envoyee/", referral_views.self_referral_done, name="self_referral_done"),
    path("dossiers/<int:pk>/", views.dossier_detail, name="detail"),
    path("dossiers/<int:pk>/modifier/", views.dossier_edit, name="edit"),
    path("dossiers/<int:pk>/action/<slug:name>/", coordination_views.dossier_transition, name="transition"),
    path("dossiers/<int:pk>/appels/", coordination_views.dossier_call, name="call"),
    path("dossiers/<int:pk>/visite/", visit_views.book, name="book_visit"),
    path("dossiers/<int:pk>/diagnostic/<slug:side>/", diagnosis_views.edit, name="diagnosis"),
    path("dossiers/<int:pk>/compte-rendu/", report_views.edit, name="report"),
    path("dossiers/<int:pk>/avis/", report_views.opinion, name="opinion"),
    path("dossiers/<int:pk>/orientations/", orientation_views.add, name="orientation_add"),
    path("dossiers/<int:pk>/orientations/<int:orientation_pk>/", orientation_views.update, name="orientation_update"),
]

from django.urls import path

from binome.orientations import views


app_name = "orientations"

urlpatterns = [
    path("dossiers/<int:pk>/orientations/ajouter/", views.add, name="add"),
    path("dossiers/<int:pk>/orientations/<int:orientation_pk>/", views.update, name="update"),
    path("dossiers/<int:pk>/orientations/<int:orientation_pk>/lien/", views.send_link, name="send_link"),
    path("dossiers/<int:pk>/suivi/<int:follow_up_pk>/", views.follow_up, name="follow_up"),
    path("dossiers/<int:pk>/suivi/<int:follow_up_pk>/sans-reponse/", views.no_answer, name="no_answer"),
    # The partner's page, reached by its signed link only (no account): the token names no household.
    path("partenaire/<str:token>/", views.partner, name="partner"),
    path("resultats/", views.outcome_rates, name="rates"),
]

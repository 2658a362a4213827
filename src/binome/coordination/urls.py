from django.urls import path

from binome.coordination import views


app_name = "coordination"

urlpatterns = [
    path("dossiers/", views.queue, name="queue"),
    path("dossiers/actions-groupees/", views.bulk, name="bulk"),
    path("dossiers/<int:pk>/appels/", views.dossier_call, name="call"),
    path("dossiers/<int:pk>/derogation/", views.derogation, name="derogation"),
    path("couverture/", views.coverage_plan, name="coverage"),
]

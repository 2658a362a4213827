from django.urls import path

from binome.coordination import simulator_views, views


app_name = "coordination"

urlpatterns = [
    path("dossiers/", views.queue, name="queue"),
    path("dossiers/actions-groupees/", views.bulk, name="bulk"),
    path("dossiers/<int:pk>/appels/", views.dossier_call, name="call"),
    path("dossiers/<int:pk>/derogation/", views.derogation, name="derogation"),
    path("couverture/", views.coverage_plan, name="coverage"),
    path("couverture/simulateur/", simulator_views.simulator_page, name="simulator"),
    path("taches-en-echec/", views.failed_tasks, name="failed_tasks"),
    path("taches-en-echec/<int:pk>/relancer/", views.failed_task_relaunch, name="failed_task_relaunch"),
]

from django.urls import path

from binome.coordination import views


app_name = "coordination"

urlpatterns = [
    path("dossiers/actions-groupees/", views.bulk, name="bulk"),
    path("dossiers/<int:pk>/derogation/", views.derogation, name="derogation"),
    path("couverture/", views.coverage_plan, name="coverage"),
    path("agenda/", views.agenda, name="agenda"),
    path("agenda/abonnement/", views.feed_settings, name="feed_settings"),
    path("agenda/disponibilites/", views.availability, name="availability"),
    path("agenda/flux/<str:token>.ics", views.feed, name="feed"),
]

from django.urls import path

from binome.visits import agenda_views, tour_views, views


app_name = "visits"

urlpatterns = [
    path("dossiers/<int:pk>/visite/", views.book, name="book"),
    path("dossiers/<int:pk>/visite-passee/", views.record_past, name="record_past"),
    path("visites/", views.mine, name="mine"),
    path("visites/<int:pk>/", views.detail, name="detail"),
    path("visites/<int:pk>/deplacer/", views.move, name="move"),
    path("visites/<int:pk>/annuler/", views.cancel, name="cancel"),
    path("visites/<int:pk>/courrier.pdf", views.letter, name="letter"),
    path("visites/<int:pk>/menage-prevenu/", views.household_told, name="household_told"),
    path("agenda/", agenda_views.agenda, name="agenda"),
    path("agenda/abonnement/", agenda_views.feed_settings, name="feed_settings"),
    path("agenda/disponibilites/", agenda_views.availability, name="availability"),
    path("agenda/flux/<str:token>.ics", agenda_views.feed, name="feed"),
    path("agenda/tournees/", tour_views.tour_proposal, name="tours"),
    path("agenda/tournees/reserver/", tour_views.tour_book, name="tour_book"),
    path("agenda/tournees/communes.geojson", tour_views.tour_communes, name="tour_communes"),
    path("dossiers/<int:pk>/disponibilites/", tour_views.household_availability, name="household_availability"),
]

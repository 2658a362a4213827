from django.urls import path

from binome.network import views


app_name = "network"

urlpatterns = [
    path("", views.health, name="health"),
    path("annuaire/", views.directory, name="directory"),
    path("annuaire/<int:pk>/", views.organisation_detail, name="organisation"),
    path("personnes/<int:user_pk>/", views.referrer_detail, name="referrer"),
    path("mobilisation/", views.event_list, name="events"),
    path("mobilisation/nouvelle/", views.event_edit, name="event_create"),
    path("mobilisation/<int:pk>/", views.event_detail, name="event"),
    path("mobilisation/<int:pk>/modifier/", views.event_edit, name="event_edit"),
]

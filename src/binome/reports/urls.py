from django.urls import path

from binome.reports import views


app_name = "reports"

urlpatterns = [
    path("dossiers/<int:pk>/compte-rendu/", views.edit, name="edit"),
    path("dossiers/<int:pk>/avis/", views.opinion, name="opinion"),
]

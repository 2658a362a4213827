from django.urls import path

from binome.orientations import views


app_name = "orientations"

urlpatterns = [
    path("dossiers/<int:pk>/orientations/", views.add, name="add"),
    path("dossiers/<int:pk>/orientations/<int:orientation_pk>/", views.update, name="update"),
]

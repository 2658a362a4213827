from django.urls import path

from binome.visits import views


app_name = "visits"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/deplacer/", views.move, name="move"),
    path("<int:pk>/annuler/", views.cancel, name="cancel"),
    path("<int:pk>/courrier.pdf", views.letter, name="letter"),
]

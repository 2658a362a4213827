from django.urls import path

from binome.diagnosis import views


app_name = "diagnosis"

# Every path but the last has at least two segments after "diagnostic/": one segment is the legacy note editor
# (dossiers/<pk>/diagnostic/<side>/).
urlpatterns = [
    path("dossiers/<int:pk>/diagnostic/", views.page, name="page"),
    path("dossiers/<int:pk>/diagnostic/sections/<slug:key>/", views.save_section, name="save_section"),
    path("dossiers/<int:pk>/diagnostic/photos/ajouter/", views.photo_upload, name="photo_upload"),
    path("dossiers/<int:pk>/diagnostic/photos/<int:photo_pk>/", views.photo_file, name="photo_file"),
    path("dossiers/<int:pk>/diagnostic/photos/<int:photo_pk>/supprimer/", views.photo_delete, name="photo_delete"),
    path("dossiers/<int:pk>/diagnostic/kit/enregistrer/", views.kit_save, name="kit_save"),
    path("dossiers/<int:pk>/diagnostic/<slug:side>/", views.edit, name="note"),
]

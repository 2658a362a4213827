from django.urls import path

from binome.privacy import views


app_name = "privacy"

urlpatterns = [
    path("protection-des-donnees/traces/", views.trail_page, name="trail"),
    path("dossiers/<int:pk>/donnees/export.json", views.export_json, name="export_json"),
    path("dossiers/<int:pk>/donnees/export.pdf", views.export_pdf, name="export_pdf"),
    path("dossiers/<int:pk>/donnees/effacer/", views.erase, name="erase"),
]

from django.urls import path

from binome.steering import views


app_name = "steering"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("chiffres/", views.dashboard_figures, name="dashboard_figures"),
    path("carte/", views.commune_map, name="map"),
    path("bilan.pdf", views.bilan_pdf, name="bilan_pdf"),
    path("import/", views.import_history, name="import"),
    path("exports/", views.exports, name="exports"),
    path("exports/<int:pk>/etat/", views.export_status, name="export_status"),
    path("exports/<int:pk>/fichier/", views.export_file, name="export_file"),
    path("budget/", views.budget, name="budget"),
]

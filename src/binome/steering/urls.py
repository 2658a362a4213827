from django.urls import path

from binome.steering import views


app_name = "steering"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("carte/", views.commune_map, name="map"),
    path("bilan.pdf", views.bilan_pdf, name="bilan_pdf"),
    path("import/", views.import_history, name="import"),
    path("exports/", views.exports, name="exports"),
]

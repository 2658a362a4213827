from django.urls import path

from binome.steering import views


app_name = "steering"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("import/", views.import_history, name="import"),
]

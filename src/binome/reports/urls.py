from django.urls import path

from binome.reports import views


app_name = "reports"

urlpatterns = [
    path("dossiers/<int:pk>/compte-rendu/", views.edit, name="edit"),
    path("dossiers/<int:pk>/compte-rendu/sections/<slug:key>/", views.save_section, name="save_section"),
    path(
        "dossiers/<int:pk>/compte-rendu/conflits/<int:conflict_pk>/", views.resolve_conflict, name="resolve_conflict"
    ),
    path("dossiers/<int:pk>/compte-rendu/commentaires/", views.comment_add, name="comment_add"),
    path(
        "dossiers/<int:pk>/compte-rendu/commentaires/<int:comment_pk>/resolu/",
        views.comment_resolve,
        name="comment_resolve",
    ),
    path("dossiers/<int:pk>/compte-rendu/apercu/<slug:kind>.pdf", views.preview, name="preview"),
    path("dossiers/<int:pk>/compte-rendu/validation/", views.review, name="review"),
    path("dossiers/<int:pk>/compte-rendu/decision/", views.decide, name="decide"),
    path("dossiers/<int:pk>/documents/<slug:kind>-v<int:number>.pdf", views.document, name="document"),
    path("dossiers/<int:pk>/retour.pdf", views.referrer_document, name="referrer_document"),
    path("dossiers/<int:pk>/envoi/", views.dispatch_page, name="dispatch"),
    path("dossiers/<int:pk>/envoi/accord-bailleur/", views.consent, name="consent"),
]

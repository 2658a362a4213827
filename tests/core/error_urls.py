"""The project's URLs plus a view that fails, for the 500 page's tests."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from binome.urls import handler404, handler500, urlpatterns as project_urlpatterns


@login_not_required
def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", boom), *project_urlpatterns]
__all__ = ["handler404", "handler500", "urlpatterns"]

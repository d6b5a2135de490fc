from django.urls import path
from rest_framework.routers import SimpleRouter

from . import ingest, views

# SimpleRouter: the API root is nobody's, since two apps share the /api/v1/ prefix.
router = SimpleRouter(trailing_slash=True)
router.register("innovations", views.InnovationViewSet, basename="innovation")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("sdgs", views.SDGViewSet, basename="sdg")

urlpatterns = [
    *router.urls,
    path("ingest/<str:source>/batch/", ingest.IngestBatchView.as_view(), name="ingest-batch"),
    path(
        "ingest/<str:source>/entries/<str:external_ref>/",
        ingest.IngestEntryView.as_view(),
        name="ingest-entry",
    ),
]

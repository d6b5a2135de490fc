from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(trailing_slash=True)
router.register("competitions", views.CompetitionViewSet, basename="competition")

urlpatterns = router.urls

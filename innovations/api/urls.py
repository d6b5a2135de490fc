from rest_framework.routers import SimpleRouter

from . import views

# SimpleRouter: the API root is nobody's, since two apps share the /api/v1/ prefix.
router = SimpleRouter(trailing_slash=True)
router.register("innovations", views.InnovationViewSet, basename="innovation")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("sdgs", views.SDGViewSet, basename="sdg")

urlpatterns = router.urls

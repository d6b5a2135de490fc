from rest_framework.routers import SimpleRouter

from . import views

# SimpleRouter: the API root is nobody's, since two apps share the /api/v1/ prefix.
router = SimpleRouter(trailing_slash=True)
router.register("provinces", views.ProvinceViewSet, basename="province")
router.register("regencies", views.RegencyViewSet, basename="regency")
router.register("agencies", views.AgencyViewSet, basename="agency")

urlpatterns = router.urls

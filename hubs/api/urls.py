from rest_framework.routers import SimpleRouter

from innovations.api.replication import ReplicationViewSet

from . import views

# SimpleRouter: the API root is nobody's, since several apps share the /api/v1/ prefix.
router = SimpleRouter(trailing_slash=True)
router.register("hubs", views.HubViewSet, basename="hub")
router.register("hub-activities", views.HubActivityViewSet, basename="hub-activity")
router.register("participation", views.ParticipationViewSet, basename="participation")
# Replications belong to the catalogue app but are served here, next to the hubs that follow them.
router.register("replications", ReplicationViewSet, basename="replication")
router.register("statistics", views.StatisticsViewSet, basename="statistics")

urlpatterns = router.urls

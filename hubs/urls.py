from django.urls import path

from . import views

app_name = "hubs"
urlpatterns = [
    path("hub/", views.hub_list, name="list"),
    path("hub/<str:province_code>/", views.hub_detail, name="detail"),
    path("statistik/", views.statistics, name="statistics"),
    path("statistik/<slug:figure>.csv", views.statistics_csv, name="statistics_csv"),
]

from django.urls import path

from . import views, views_open_data

app_name = "innovations"
urlpatterns = [
    path("", views.home, name="home"),
    path("inovasi/", views.innovation_list, name="list"),
    path("inovasi/<slug:slug>/", views.innovation_detail, name="detail"),
    path("data-terbuka/", views_open_data.open_data, name="open_data"),
    path(
        "data-terbuka/unduh/<str:name>",
        views_open_data.open_data_download,
        name="open_data_file",
    ),
]

from django.urls import path

from . import views

app_name = "innovations"
urlpatterns = [
    path("", views.home, name="home"),
    path("inovasi/", views.innovation_list, name="list"),
    path("inovasi/<slug:slug>/", views.innovation_detail, name="detail"),
]

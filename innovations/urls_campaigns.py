"""Update campaign pages, mounted under /pemutakhiran/ (namespace "campaigns")."""

from django.urls import path

from . import views_campaigns as views

app_name = "campaigns"
urlpatterns = [
    path("", views.index, name="index"),
    path("dasbor/<int:campaign_id>/", views.dashboard, name="dashboard"),
    path("entri/<slug:slug>/", views.answer_as_editor, name="edit"),
    # The token is a random 43-character secret; the slug pins the link to one entry.
    path("tautan/<slug:slug>/<str:token>/", views.answer_by_link, name="answer"),
]

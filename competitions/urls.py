from django.urls import path, register_converter

from . import views


class ReportFormat:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReportFormat, "report_format")

app_name = "competitions"
urlpatterns = [
    path("kompetisi/", views.competition_list, name="list"),
    path(
        "kompetisi/laporan-insentif/<int:year>.<report_format:fmt>",
        views.incentive_report,
        name="incentive_report",
    ),
    path("kompetisi/<slug:slug>/", views.competition_detail, name="detail"),
    path("kompetisi/<slug:slug>/proposal/", views.my_proposals, name="my_proposals"),
    path("kompetisi/<slug:slug>/proposal/baru/", views.proposal_create, name="proposal_create"),
    path(
        "kompetisi/<slug:slug>/proposal/<int:pk>/ubah/", views.proposal_edit, name="proposal_edit"
    ),
    path(
        "kompetisi/<slug:slug>/proposal/<int:pk>/tarik/",
        views.proposal_withdraw,
        name="proposal_withdraw",
    ),
    path("kompetisi/<slug:slug>/penilaian/", views.judging, name="judging"),
    path("kompetisi/<slug:slug>/penilaian/<int:pk>/", views.assignment_detail, name="assignment"),
    path("kompetisi/<slug:slug>/moderasi/", views.moderation, name="moderation"),
    path("kompetisi/<slug:slug>/moderasi/aksi/", views.moderation_action, name="moderation_action"),
]

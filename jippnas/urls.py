from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from innovations.sitemaps import robots_txt, sitemap_index, sitemap_section
from jippnas.uploads import serve_upload

admin.site.site_header = _("Administrasi JIPPNas")
admin.site.site_title = _("JIPPNas")
admin.site.index_title = _("Kurasi katalog inovasi")

api_v1 = [
    path("", include("regions.api.urls")),
    path("", include("innovations.api.urls")),
    path("", include("hubs.api.urls")),
    path("", include("competitions.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]

urlpatterns = [
    # For load balancers and the compose healthcheck; exempt from the HTTPS redirect.
    path("healthz", lambda request: HttpResponse("ok", content_type="text/plain"), name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"))),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemap_index, name="sitemap-index"),
    # The name the index view reverses for each section.
    path("sitemap-<section>.xml", sitemap_section, name="django.contrib.sitemaps.views.sitemap"),
    path("", include("hubs.urls")),
    path("", include("competitions.urls")),
    path("pemutakhiran/", include("innovations.urls_campaigns")),
    path("", include("innovations.urls")),
]

# Uploads, each by its own reading rule (jippnas.uploads), in production as in development.
urlpatterns.append(
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_upload, name="upload")
)

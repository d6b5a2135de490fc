"""Sitemaps of the public catalogue; entries come from the published selector, so drafts,
entries in review and archived ones never appear."""

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from . import selectors
from .models import Innovation


class InnovationSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self) -> QuerySet[Innovation]:
        # The page joins and prefetches are of no use here: only the slug and the date are read.
        return (
            selectors.published_innovations()
            .select_related(None)
            .prefetch_related(None)
            .only("slug", "updated_at")
            .order_by("id")
        )

    def lastmod(self, entry: Innovation):
        return entry.updated_at


class CataloguePagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self) -> list[str]:
        return ["innovations:home", "innovations:list"]

    def location(self, name: str) -> str:
        return reverse(name)


SITEMAPS = {"pages": CataloguePagesSitemap, "innovations": InnovationSitemap}

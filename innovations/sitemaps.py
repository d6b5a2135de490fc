"""Sitemaps of the public catalogue; entries come from the published selector, so drafts,
entries in review and archived ones never appear.

`/sitemap.xml` is an index of the sections (`/sitemap-<section>.xml`), each paginated by 50,000
URLs as the protocol allows: a single sitemap showed crawlers only the first 50,000 entries.
Every response is kept until the catalogue changes (building 50,000 URLs takes seconds), so
an entry leaves the sitemaps the moment it is unpublished, as it leaves every page.
"""

import hashlib
import re
from datetime import date, datetime
from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.cache import cache
from django.db.models import Max, QuerySet
from django.db.models.functions import TruncDate
from django.http import HttpResponse
from django.urls import reverse
from django.urls.converters import SlugConverter

from . import selectors
from .cache import FACETS_TIMEOUT, catalogue_version

# A slug the detail route accepts: reverse() puts such a slug into the URL unchanged (quote()
# leaves letters, digits, "-" and "_" alone), so formatting it into the reversed URL around a
# placeholder gives the same URL. Any other slug goes through reverse() itself.
ROUTABLE_SLUG = re.compile(SlugConverter.regex)
SLUG_PLACEHOLDER = "slug-placeholder"


class InnovationSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self) -> QuerySet:
        # (slug, local date of the last change) tuples rather than model instances, with none of
        # the page's joins: 50,000 instances took about 0.8 s to build. The sitemap prints only
        # the date, in the current time zone as the template's `date` filter would convert it, and
        # a date renders there much faster than an aware date-time.
        return (
            selectors.published_innovations()
            .select_related(None)
            .prefetch_related(None)
            .order_by("id")
            .values_list("slug", TruncDate("updated_at"), "updated_at")
        )

    def location(self, item: tuple[str, date, datetime]) -> str:
        slug = item[0]
        if not ROUTABLE_SLUG.fullmatch(slug):
            return reverse("innovations:detail", kwargs={"slug": slug})
        before, after = self._detail_url_around_slug
        return f"{before}{slug}{after}"

    @cached_property
    def _detail_url_around_slug(self) -> tuple[str, str]:
        # One reverse() per sitemap instead of one per entry (about 1 s at 50,000 entries). The
        # view builds a sitemap per request, so the script prefix and the URLconf are the
        # request's.
        url = reverse("innovations:detail", kwargs={"slug": SLUG_PLACEHOLDER})
        before, after = url.rsplit(SLUG_PLACEHOLDER, 1)
        return before, after

    def lastmod(self, item: tuple[str, date, datetime]) -> date:
        if self._latest_change is None or item[2] > self._latest_change:
            self._latest_change = item[2]
        return item[1]

    _latest_change: datetime | None = None

    def get_urls(self, page=1, site=None, protocol=None) -> list[dict]:
        # The response's Last-Modified is the page's latest change to the second: from the
        # dates the XML shows, Django would send midnight UTC of the latest one, which is in the
        # future for a change made early in a WIB morning and hides later changes of the day.
        self._latest_change = None
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        if self._latest_change is not None:
            self.latest_lastmod = self._latest_change
        return urls

    def get_latest_lastmod(self) -> datetime | None:
        # For the index: one aggregate instead of Django's walk over every item.
        published = selectors.published_innovations().select_related(None).prefetch_related(None)
        return published.aggregate(latest=Max("updated_at"))["latest"]


class CataloguePagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self) -> list[str]:
        return ["innovations:home", "innovations:list"]

    def location(self, name: str) -> str:
        return reverse(name)


SITEMAPS = {"pages": CataloguePagesSitemap, "innovations": InnovationSitemap}


def _kept_until_the_catalogue_changes(view):
    def cached_view(request, **kwargs):
        page = request.GET.get("p", "1")
        # ASCII digits only: "²" and "①" are digits to isdigit() but not to int().
        if not (page.isascii() and page.isdigit()):
            return view(request, sitemaps=SITEMAPS, **kwargs)  # Django's own 404, not kept
        # Only what the response depends on: other query parameters would let anyone fill the
        # cache with copies of pages of 50,000 URLs.
        where = f"{request.scheme}://{request.get_host()}{request.path}?p={int(page)}"
        key = f"sitemap:v2:{catalogue_version()}:{hashlib.sha256(where.encode()).hexdigest()}"
        response = cache.get(key)
        if response is None:
            response = view(request, sitemaps=SITEMAPS, **kwargs)
            response.add_post_render_callback(lambda done: cache.set(key, done, FACETS_TIMEOUT))
        return response

    return cached_view


sitemap_index = _kept_until_the_catalogue_changes(sitemap_views.index)
sitemap_section = _kept_until_the_catalogue_changes(sitemap_views.sitemap)


def robots_txt(request) -> HttpResponse:
    """Crawlers: everything public, the sitemap index named; not the admin, the API (partners
    read it by key, the catalogue pages carry the same content) or the update-campaign links."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /pemutakhiran/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")

"""The entries' sitemap at catalogue scale: entry URLs are formatted into one reversed URL (identical to
reverse() for every slug), rows are read as tuples, and the last-change date is the WIB date."""

import re
from datetime import UTC, date, datetime

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix
from django.urls.resolvers import URLResolver
from django.utils import timezone
from django.utils.http import http_date

from innovations.models import Innovation
from innovations.sitemaps import InnovationSitemap
from tests.factories import AgencyFactory, InnovationFactory, PublishedInnovationFactory

pytestmark = pytest.mark.django_db

ENTRIES_SITEMAP = "/sitemap-innovations.xml"
UNUSUAL_SLUGS = ["a", "7", "a--b", "_lead-and-trail_", "MiXeD-Case", "x" * 255]


@pytest.fixture
def script_prefix():
    """The portal mounted under a path, as behind a reverse proxy."""
    set_script_prefix("/portal/")
    yield "/portal/"
    clear_script_prefix()


@pytest.mark.parametrize("slug", UNUSUAL_SLUGS)
def test_entry_location_equals_reverse(slug, script_prefix):
    location = InnovationSitemap().location((slug, date(2024, 1, 1)))

    assert location == reverse("innovations:detail", kwargs={"slug": slug})
    assert location.startswith(script_prefix)


@pytest.mark.parametrize("slug", ["titik.koma", "spasi di tengah", "garis/miring", "inovasí"])
def test_slug_the_route_cannot_take_fails_as_reverse_does(slug):
    with pytest.raises(NoReverseMatch):
        reverse("innovations:detail", kwargs={"slug": slug})
    with pytest.raises(NoReverseMatch):
        InnovationSitemap().location((slug, date(2024, 1, 1)))


def test_sitemap_lists_each_published_entry_with_its_wib_date(client):
    agency = AgencyFactory()
    entries = PublishedInnovationFactory.create_batch(3, agency=agency)
    InnovationFactory(agency=agency)  # a draft
    # 20:00 UTC is 03:00 the next day in WIB: the date shown is the Indonesian one.
    late_evening_utc = datetime(2024, 3, 9, 20, 0, tzinfo=UTC)
    Innovation.objects.filter(pk=entries[0].pk).update(updated_at=late_evening_utc)

    xml = client.get(ENTRIES_SITEMAP).content.decode()

    listed = dict(re.findall(r"<loc>http://testserver(/inovasi/[^<]+)</loc><lastmod>([^<]+)<", xml))
    assert listed == {
        entry.get_absolute_url(): timezone.localdate(entry.updated_at).isoformat()
        for entry in Innovation.objects.filter(pk__in=[e.pk for e in entries])
    }
    assert listed[entries[0].get_absolute_url()] == "2024-03-10"


@pytest.fixture
def reverse_calls(monkeypatch):
    """Counts every URL reversal (reverse() and get_absolute_url() both end here)."""
    calls = []
    original = URLResolver._reverse_with_prefix

    def counted(self, lookup_view, _prefix, *args, **kwargs):
        calls.append(lookup_view)
        return original(self, lookup_view, _prefix, *args, **kwargs)

    monkeypatch.setattr(URLResolver, "_reverse_with_prefix", counted)
    return calls


def test_sitemap_reverses_once_however_many_entries(client, reverse_calls):
    PublishedInnovationFactory.create_batch(6, agency=AgencyFactory())

    assert client.get(ENTRIES_SITEMAP).status_code == 200

    assert reverse_calls.count("detail") == 1


def test_sitemap_builds_no_model_instances(client, monkeypatch):
    PublishedInnovationFactory.create_batch(3, agency=AgencyFactory())
    built = []
    original = Innovation.from_db.__func__

    def counted(cls, *args, **kwargs):
        built.append(cls)
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(Innovation, "from_db", classmethod(counted))

    assert client.get(ENTRIES_SITEMAP).status_code == 200

    assert built == []


def test_sitemap_index_pages_every_section_and_drafts_stay_out(client, monkeypatch):
    monkeypatch.setattr(InnovationSitemap, "limit", 2)  # 50,000 in the protocol
    entries = PublishedInnovationFactory.create_batch(3, agency=AgencyFactory())
    draft = InnovationFactory()

    index = client.get("/sitemap.xml").content.decode()

    assert re.findall(r"<loc>http://testserver([^<]+)</loc>", index) == [
        "/sitemap-pages.xml",
        "/sitemap-innovations.xml",
        "/sitemap-innovations.xml?p=2",
    ]
    first, second = (client.get(ENTRIES_SITEMAP, {"p": page}).content.decode() for page in (1, 2))
    listed = re.findall(r"<loc>http://testserver([^<]+)</loc>", first + second)
    assert sorted(listed) == sorted(entry.get_absolute_url() for entry in entries)
    assert draft.get_absolute_url() not in first + second


def test_sitemaps_are_kept_until_the_catalogue_changes(client, django_assert_num_queries):
    entry = PublishedInnovationFactory()
    assert entry.get_absolute_url() in client.get(ENTRIES_SITEMAP).content.decode()
    client.get("/sitemap.xml")
    with django_assert_num_queries(0):
        client.get(ENTRIES_SITEMAP)
        client.get("/sitemap.xml")

    Innovation.objects.get(pk=entry.pk).delete()  # through the model: the catalogue changes
    assert entry.get_absolute_url() not in client.get(ENTRIES_SITEMAP).content.decode()


def test_robots_txt_names_the_sitemap_index(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_sitemap_cache_ignores_other_query_parameters(client, django_assert_num_queries):
    PublishedInnovationFactory()
    client.get(ENTRIES_SITEMAP)
    with django_assert_num_queries(0):
        assert client.get(ENTRIES_SITEMAP, {"z": "1", "p": "01"}).status_code == 200
    assert client.get(ENTRIES_SITEMAP, {"p": "abc"}).status_code == 404
    assert client.get(ENTRIES_SITEMAP, {"p": "9"}).status_code == 404


def test_sitemap_last_modified_is_the_latest_change_to_the_second(client):
    entries = PublishedInnovationFactory.create_batch(2)
    # 02:30 WIB on 10 March is 19:30 UTC on the 9th: the XML shows the 10th, the header the time.
    changed = datetime(2024, 3, 9, 19, 30, 15, tzinfo=UTC)
    Innovation.objects.filter(pk=entries[0].pk).update(updated_at=changed)
    Innovation.objects.filter(pk=entries[1].pk).update(updated_at=changed.replace(hour=1))

    response = client.get(ENTRIES_SITEMAP)

    assert response["Last-Modified"] == http_date(changed.timestamp())
    assert "<lastmod>2024-03-10</lastmod>" in response.content.decode()

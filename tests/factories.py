"""factory_boy factories for every app; tests build rows through these, never by hand."""

import factory
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from accounts.models import User
from innovations.models import Category, Innovation, PartnerKey
from innovations.permissions import AGENCY_EDITOR_GROUP, CURATOR_GROUP
from regions.models import Agency, Province, Regency


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    # Test provinces use codes above the real ones (11-96): they never collide.
    code = factory.Sequence(
        lambda n: f"A{n % 10}" if n < 10 else f"{chr(66 + n // 10 % 24)}{n % 10}"
    )
    name = factory.Sequence(lambda n: f"Provinsi Uji {n}")


class RegencyFactory(DjangoModelFactory):
    class Meta:
        model = Regency

    province = factory.SubFactory(ProvinceFactory)
    code = factory.Sequence(lambda n: f"X{n:04d}"[-5:])
    name = factory.Sequence(lambda n: f"Uji {n}")
    kind = Regency.Kind.KABUPATEN


class AgencyFactory(DjangoModelFactory):
    """A regency government, the most common owner of an entry."""

    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"TEST-{n}")
    regency = factory.SubFactory(RegencyFactory)
    province = factory.SelfAttribute("regency.province")
    name = factory.LazyAttribute(lambda o: f"Pemerintah {o.regency.display_name}")
    kind = Agency.Kind.REGENCY


class CentralAgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"KEMEN-{n}")
    name = factory.Sequence(lambda n: f"Kementerian Uji {n}")
    kind = Agency.Kind.MINISTRY
    province = None
    regency = None


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.go.id")
    password = factory.django.Password("rahasia-uji-123")
    is_staff = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or ():
            self.groups.add(Group.objects.get(name=name))


class CuratorFactory(UserFactory):
    groups = factory.PostGeneration(
        lambda user, create, extracted, **kw: user.groups.add(Group.objects.get(name=CURATOR_GROUP))
    )


class AgencyEditorFactory(UserFactory):
    agency = factory.SubFactory(AgencyFactory)
    groups = factory.PostGeneration(
        lambda user, create, extracted, **kw: user.groups.add(
            Group.objects.get(name=AGENCY_EDITOR_GROUP)
        )
    )


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Kategori Uji {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    name_en = factory.LazyAttribute(lambda o: f"Test category {o.name}")


class InnovationFactory(DjangoModelFactory):
    """A draft entry; use PublishedInnovationFactory for what the public sees."""

    class Meta:
        model = Innovation
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Inovasi Layanan Uji {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "Ringkasan inovasi pelayanan publik untuk pengujian."
    problem = "Warga menunggu lama untuk mendapatkan layanan."
    idea = "Layanan dipindahkan ke kanal daring dan jemput bola."
    how_it_works = "Petugas menerima permohonan secara daring lalu memverifikasi berkas."
    results = "Waktu layanan turun dari 14 hari menjadi 2 hari."
    agency = factory.SubFactory(AgencyFactory)
    province = factory.SelfAttribute("agency.province")
    regency = factory.SelfAttribute("agency.regency")
    year_launched = 2021
    stage = Innovation.Stage.IMPLEMENTATION
    source = Innovation.Source.KIPP
    status = Innovation.Status.DRAFT

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if extracted:
            self.categories.set(extracted)

    @factory.post_generation
    def sdgs(self, create, extracted, **kwargs):
        if extracted:
            self.sdgs.set(extracted)


class PublishedInnovationFactory(InnovationFactory):
    status = Innovation.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class PartnerKeyFactory(DjangoModelFactory):
    """A partner key issued through the service; the one-time token is on `key.token`."""

    class Meta:
        model = PartnerKey

    name = factory.Sequence(lambda n: f"Mitra uji {n}")
    can_read = True
    write_source = Innovation.Source.KIPP

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from innovations.services.partner_keys import partner_key_issue

        key = model_class(**kwargs)
        key.token = partner_key_issue(key=key, by=None)
        return key

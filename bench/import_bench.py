"""The import benchmark's pieces: a realistic exchange file, and the plain django-import-export
resource it is compared with. Run inside a process whose database is a scratch database."""

import csv
from pathlib import Path

from innovations import demo
from innovations.models import Category, GovernmentAffair, Innovation
from innovations.services import exchange
from innovations.services.demo import _agency_pool
from regions.models import Agency, Province, Regency

SEED = 2025


def write_exchange_csv(path: Path, rows: int) -> int:
    """Write `rows` demo entries (the demo vocabulary) in the exchange format; returns bytes."""
    agencies = _agency_pool()
    agency_codes = dict(Agency.objects.values_list("id", "code"))
    province_codes = dict(Province.objects.values_list("id", "code"))
    regency_codes = dict(Regency.objects.values_list("id", "code"))
    affair_ids = dict(GovernmentAffair.objects.values_list("code", "id"))
    affair_codes = {pk: code for code, pk in affair_ids.items()}
    known_categories = set(Category.objects.values_list("slug", flat=True))
    sources = list(Innovation.Source.values)
    stages = list(Innovation.Stage.values)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(exchange.COLUMNS)
        for number in range(1, rows + 1):
            generated = demo.generate(
                seed=SEED, number=number, agencies=agencies, affair_ids=affair_ids,
                sources=sources, stages=stages,
            )  # fmt: skip
            fields = generated.fields
            values = {
                **{name: fields.get(name) for name in exchange.SCALAR_FIELDS},
                "source": fields["source"],
                "external_ref": f"BENCH-{number:07d}",
                "agency": agency_codes[fields["agency_id"]],
                "province": province_codes.get(fields["province_id"], ""),
                "regency": regency_codes.get(fields["regency_id"], ""),
                "government_affair": affair_codes.get(fields["government_affair_id"], ""),
                "categories": ",".join(
                    s for s in generated.category_slugs if s in known_categories
                ),
                "sdgs": ",".join(str(n) for n in generated.sdg_numbers),
                "covid_related": "ya" if fields["covid_related"] else "tidak",
            }
            writer.writerow(
                ["" if values[name] is None else values[name] for name in exchange.COLUMNS]
            )
    return path.stat().st_size


def plain_resource():
    """A plain django-import-export ModelResource for the same file: related rows by code through
    the stock widgets, matched by (source, external_ref), one save() per row (its default); a
    slug is the one thing the model cannot do without."""
    from import_export import fields, resources, widgets

    from innovations.services import innovation_unique_slug

    def fk(name, model, field="code"):
        return fields.Field(attribute=name, column_name=name,
                            widget=widgets.ForeignKeyWidget(model, field))  # fmt: skip

    class InnovationResource(resources.ModelResource):
        agency = fk("agency", Agency)
        province = fk("province", Province)
        regency = fk("regency", Regency)
        government_affair = fk("government_affair", GovernmentAffair)
        categories = fields.Field(
            attribute="categories", column_name="categories",
            widget=widgets.ManyToManyWidget(Category, field="slug", separator=","),
        )  # fmt: skip
        sdgs = fields.Field(
            attribute="sdgs", column_name="sdgs",
            widget=widgets.ManyToManyWidget(Innovation.sdgs.field.related_model, field="number",
                                            separator=","),
        )  # fmt: skip
        covid_related = fields.Field(
            attribute="covid_related", column_name="covid_related",
            widget=widgets.BooleanWidget(),
        )  # fmt: skip

        class Meta:
            model = Innovation
            import_id_fields = ("source", "external_ref")
            fields = exchange.COLUMNS

        def before_save_instance(self, instance, row, **kwargs):
            if not instance.slug:
                instance.slug = innovation_unique_slug(instance.title)

    # The exchange file says ya/tidak; the stock widget reads 1/0, true/false.
    InnovationResource.fields["covid_related"].widget.TRUE_VALUES = ["ya", "1", 1, True, "true"]
    InnovationResource.fields["covid_related"].widget.FALSE_VALUES = [
        "tidak",
        "0",
        0,
        False,
        "false",
    ]
    return InnovationResource()

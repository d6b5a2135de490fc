"""Forms of the competition pages. They parse input only: every rule (word limits, deadlines,
uploads, conflicts of interest) is checked by competitions.services, whose errors are shown on
the matching fields by `show_service_errors`."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from innovations.models import Innovation

from . import selectors


def show_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's errors on the form's fields (or above the form for other keys)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for key, errors in error.error_dict.items():
        messages = [message for item in errors for message in item.messages]
        form.add_error(key if key in form.fields else None, messages)


def _word_help(spec: dict) -> str:
    low, high = spec.get("min_words") or 0, spec.get("max_words")
    if high:
        return _("%(min)d–%(max)d kata.") % {"min": low, "max": high}
    return _("Minimal %(min)d kata.") % {"min": low} if low else ""


class ProposalForm(forms.Form):
    """A proposal: group, the entry (existing or new draft), sections and attachments."""

    group = forms.ModelChoiceField(queryset=None, label=_("Kelompok"), empty_label=None)

    def __init__(self, *args, competition, user, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.competition, self.proposal = competition, proposal
        self.fields["group"].queryset = competition.groups.all()
        if proposal is None:
            self.fields["innovation"] = forms.ModelChoiceField(
                queryset=selectors.entries_proposable_by(user).order_by("title"),
                required=False,
                label=_("Entri katalog instansi Anda"),
                empty_label=_("— Inovasi baru (dibuat sebagai draf katalog) —"),
            )
            self.fields["title"] = forms.CharField(
                label=_("Judul inovasi baru"), max_length=255, required=False
            )
            self.fields["summary"] = forms.CharField(
                label=_("Ringkasan inovasi baru"), widget=forms.Textarea(attrs={"rows": 3}),
                max_length=1000, required=False,
            )  # fmt: skip
            self.fields["year_launched"] = forms.IntegerField(
                label=_("Tahun mulai"), required=False, min_value=1945
            )
            self.fields["stage"] = forms.ChoiceField(
                label=_("Tahapan inovasi"),
                choices=[("", "—"), *Innovation.Stage.choices],
                required=False,
            )
        else:
            self.initial.setdefault("group", proposal.group_id)
        for spec in competition.section_specs():
            key = spec["section"]
            self.fields[f"section_{key}"] = forms.CharField(
                label=spec.get("label") or key,
                widget=forms.Textarea(attrs={"rows": 6}),
                required=False,
                help_text=_word_help(spec),
            )
            if proposal is not None:
                self.initial.setdefault(f"section_{key}", proposal.sections.get(key, ""))
        present = set(proposal.attachments.values_list("key", flat=True)) if proposal else set()
        for spec in competition.attachment_specs():
            key = spec["key"]
            help_text = (
                _("PDF, DOCX, XLSX atau PPTX.")
                if spec["kind"] == "document"
                else _("JPG, PNG atau WEBP.")
            )
            if key in present:
                help_text = _("Sudah diunggah; unggah lagi untuk mengganti.") + " " + help_text
            self.fields[f"attachment_{key}"] = forms.FileField(
                label=(spec.get("label") or key)
                + ("" if spec.get("required") else " " + str(_("(opsional)"))),
                required=False,
                help_text=help_text,
            )

    def section_fields(self):
        return [self[name] for name in self.fields if name.startswith("section_")]

    def attachment_fields(self):
        return [self[name] for name in self.fields if name.startswith("attachment_")]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {
            "group": data.get("group"),
            "sections": {
                name.removeprefix("section_"): data.get(name) or ""
                for name in self.fields
                if name.startswith("section_")
            },
            "attachments": {
                name.removeprefix("attachment_"): data.get(name)
                for name in self.fields
                if name.startswith("attachment_") and data.get(name)
            },
        }
        if self.proposal is None:
            arguments["innovation"] = data.get("innovation")
            if arguments["innovation"] is None:
                arguments["new_entry"] = {
                    "title": data.get("title") or "",
                    "summary": data.get("summary") or "",
                    "year_launched": data.get("year_launched"),
                    "stage": data.get("stage") or "",
                }
        return arguments


class DeclarationForm(forms.Form):
    """The judge's conflict-of-interest declaration, made once before scoring."""

    has_conflict = forms.TypedChoiceField(
        label=_("Konflik kepentingan"),
        choices=[
            ("no", _("Saya tidak memiliki konflik kepentingan dengan proposal ini")),
            ("yes", _("Saya memiliki konflik kepentingan")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Keterangan (wajib bila ada konflik)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    confirm = forms.BooleanField(
        label=_("Saya menyatakan pernyataan ini benar dan dapat dipertanggungjawabkan."),
    )

    def cleaned_data_for_service(self) -> dict:
        return {
            "has_conflict": self.cleaned_data["has_conflict"],
            "note": self.cleaned_data.get("note") or "",
        }


class ScoreForm(forms.Form):
    """One score and one comment per criterion of the stage."""

    def __init__(self, *args, criteria, scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            existing = scores.get(criterion.id)
            self.fields[f"score_{criterion.id}"] = forms.DecimalField(
                label=_("%(name)s (bobot %(weight)s, maks. %(max)d)")
                % {"name": criterion.name, "weight": criterion.weight, "max": criterion.max_score},
                required=False,
                help_text=criterion.description,
                widget=forms.NumberInput(attrs={"step": "0.01", "min": 0,
                                                "max": criterion.max_score}),
            )  # fmt: skip
            self.fields[f"comment_{criterion.id}"] = forms.CharField(
                label=_("Komentar"), widget=forms.Textarea(attrs={"rows": 2}), required=False
            )
            if existing is not None:
                self.initial[f"score_{criterion.id}"] = existing.value
                self.initial[f"comment_{criterion.id}"] = existing.comment

    def rows(self):
        return [
            (criterion, self[f"score_{criterion.id}"], self[f"comment_{criterion.id}"])
            for criterion in self.criteria
        ]

    def service_arguments(self) -> dict:
        return {
            "values": {c.id: self.cleaned_data.get(f"score_{c.id}") for c in self.criteria},
            "comments": {c.id: self.cleaned_data.get(f"comment_{c.id}") for c in self.criteria},
        }


class AdvanceForm(forms.Form):
    """How many proposals of each group advance, and whether ties at the cut all advance."""

    include_ties = forms.BooleanField(
        label=_("Loloskan semua proposal yang bernilai sama di batas"), required=False
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = list(groups)
        for group in self.groups:
            self.fields[f"quota_{group.slug}"] = forms.IntegerField(
                label=_("Jumlah lolos — %(group)s") % {"group": group.name}, min_value=0
            )

    def quotas(self) -> dict[str, int]:
        return {g.slug: self.cleaned_data[f"quota_{g.slug}"] for g in self.groups}

"""Forms of update campaigns: the contact's answer and the curator's campaign and review forms.

The answer form validates proposed values against the entry's own model rules on a detached copy
of the entry; it never saves that copy (services.campaigns decides what is written).
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import PROPOSABLE_FIELDS, Innovation, InnovationMedia, UpdateCampaign
from .validators import validate_media_upload

CONFIRM, PROPOSE = "confirm", "propose"
ANSWER_CONTINUITY = [
    choice for choice in Innovation.Continuity.choices if choice[0] != Innovation.Continuity.UNKNOWN
]


def _https_urls(db_field, **kwargs):
    # Contacts type "layanan.go.id"; assume https as the admin does.
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class EntryUpdateForm(forms.ModelForm):
    """Confirm the entry unchanged or propose new text, and say whether the practice still runs."""

    decision = forms.ChoiceField(
        label=_("Jawaban Anda"),
        choices=[
            (CONFIRM, _("Data masih benar — konfirmasi tanpa perubahan")),
            (PROPOSE, _("Ada yang perlu diperbarui — usulkan perubahan")),
        ],
        widget=forms.RadioSelect,
    )
    continuity_status = forms.ChoiceField(
        label=_("Apakah inovasi ini masih berjalan?"),
        choices=ANSWER_CONTINUITY,
        widget=forms.RadioSelect,
    )
    attachment_kind = forms.ChoiceField(
        label=_("Jenis lampiran"),
        choices=InnovationMedia.Kind.choices,
        initial=InnovationMedia.Kind.DOCUMENT,
        required=False,
    )
    attachment = forms.FileField(
        label=_("Lampiran baru (opsional)"),
        required=False,
        help_text=_("Gambar (JPG, PNG, WebP) atau dokumen (PDF, DOCX, XLSX, PPTX)."),
    )
    attachment_caption = forms.CharField(
        label=_("Keterangan lampiran"), max_length=255, required=False
    )

    class Meta:
        model = Innovation
        fields = (*PROPOSABLE_FIELDS, "continuity_note")
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in Innovation.NARRATIVE_FIELDS}
        formfield_callback = _https_urls

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.original = {name: getattr(self.instance, name) for name in PROPOSABLE_FIELDS}
        if self.instance.continuity_status != Innovation.Continuity.UNKNOWN:
            self.fields["continuity_status"].initial = self.instance.continuity_status
        self.fields["continuity_note"].help_text = _("Wajib diisi bila inovasi berhenti.")

    def _post_clean(self):
        # The model's own rules (stopped needs a reason, dates) see the proposed status.
        self.instance.continuity_status = self.cleaned_data.get("continuity_status", "")
        super()._post_clean()

    def _update_errors(self, errors):
        # The model may object to a field this form does not show (stored data the contact
        # cannot change); say it at the top of the form instead of failing.
        if hasattr(errors, "error_dict"):
            shown = {}
            for name, messages in errors.error_dict.items():
                key = name if name in self.fields else NON_FIELD_ERRORS
                shown.setdefault(key, []).extend(messages)
            errors = ValidationError(shown)
        super()._update_errors(errors)

    def clean(self):
        cleaned = super().clean()
        attachment = cleaned.get("attachment")
        if attachment:
            try:
                validate_media_upload(attachment, cleaned.get("attachment_kind") or "document")
            except ValidationError as error:
                self.add_error("attachment", error)
        decision = cleaned.get("decision")
        if decision == CONFIRM and (self.changes() or attachment):
            raise ValidationError(
                _("Anda mengubah isian atau melampirkan berkas: pilih “usulkan perubahan”.")
            )
        if decision == PROPOSE and not (self.changes() or attachment or self.errors):
            raise ValidationError(
                _("Tidak ada isian yang berubah. Pilih konfirmasi tanpa perubahan.")
            )
        return cleaned

    def entry_fields(self) -> list:
        """The entry's own fields, in the order of PROPOSABLE_FIELDS (for the template)."""
        return [self[name] for name in PROPOSABLE_FIELDS]

    def changes(self) -> dict:
        """Proposed values that differ from the published ones."""
        data = getattr(self, "cleaned_data", {})
        return {
            name: data[name]
            for name in PROPOSABLE_FIELDS
            if name in data and (data[name] or "") != (self.original[name] or "")
        }


class ProposedChangeReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Catatan untuk pengusul"), widget=forms.Textarea(attrs={"rows": 3})
    )


class UpdateCampaignForm(forms.ModelForm):
    sources = forms.MultipleChoiceField(
        label=_("Sumber"),
        choices=Innovation.Source.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kosongkan untuk semua sumber."),
    )

    class Meta:
        model = UpdateCampaign
        fields = (
            "name",
            "starts_on",
            "ends_on",
            "message",
            "sources",
            "year_from",
            "year_to",
            "provinces",
            "entries",
        )

from django import forms

from lindung.accounts.models import Action
from lindung.lib.tables import FIELD_LABELS
from lindung.people.forms import village_choices


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Berkas daftar pekerja",
        help_text="Excel (.xlsx, .xls), LibreOffice (.ods) atau CSV; paling besar 40 MB.",
    )
    village = forms.ChoiceField(
        label="Desa/kelurahan",
        required=False,
        help_text="Dipakai untuk baris tanpa kolom desa, bila judul berkas tidak menyebut desanya.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        choices = village_choices(user, Action.PROPOSE)
        self.fields["village"].choices = [("", "— sesuai kolom atau judul berkas —")] + choices
        if len(choices) == 1:
            self.fields["village"].initial = choices[0][0]


class MappingForm(forms.Form):
    """One select per column of each distinct header in the file."""

    def __init__(self, *args, batch, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []
        seen = set()
        choices = list(FIELD_LABELS.items())
        for table in batch.tables:
            sig = table["signature"]
            if sig in seen:
                continue
            seen.add(sig)
            current = batch.mapping.get(sig, table["fields"])
            names = []
            for col, label in enumerate(table["labels"]):
                name = f"m_{sig}_{col}"
                self.fields[name] = forms.ChoiceField(
                    label=label or f"Kolom {col + 1} (tanpa judul)",
                    choices=choices,
                    required=False,
                    initial=current[col] if col < len(current) else "",
                )
                names.append(name)
            sheets = [t["sheet"] for t in batch.tables if t["signature"] == sig]
            self.groups.append({"signature": sig, "sheets": sheets, "names": names})

    def group_fields(self):
        return [{**g, "fields": [self[n] for n in g["names"]]} for g in self.groups]

    def mapping(self) -> dict[str, list[str]]:
        return {g["signature"]: [self.cleaned_data[n] or "" for n in g["names"]] for g in self.groups}

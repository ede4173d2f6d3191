from django import forms

from lindung.accounts.models import Action
from lindung.imports import services
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


IGNORE = "-"  # a column the user looked at and chose to leave out
ABANDON = "(abaikan kolom ini)"
SHOWN_SAMPLES = 3


class MappingForm(forms.Form):
    """One select per column of each distinct header in the file, with the column's first values.

    A column that looks like a birth date, birth place or RT the mapping lacks offers no
    silent default: the user maps it or picks "(abaikan kolom ini)".
    """

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
            names = [f"m_{sig}_{col}" for col in range(len(table["labels"]))]
            flagged = services.unmapped_suspects(table, current)
            posted = [self.data.get(name, "") for name in names] if self.is_bound else []
            if posted:
                flagged.update(services.unmapped_suspects(table, [f if f != IGNORE else "" for f in posted]))
            # A column ignored on purpose keeps that choice, even once another column took its field.
            on_purpose = {col for col, value in enumerate(posted) if value == IGNORE}
            samples = table.get("samples") or []
            columns = []
            for col, label in enumerate(table["labels"]):
                name = names[col]
                field_choices = choices
                if col in flagged or col in on_purpose:
                    field_choices = [("", "— pilih: petakan atau abaikan —"), *choices[1:], (IGNORE, ABANDON)]
                self.fields[name] = forms.ChoiceField(
                    label=label or f"Kolom {col + 1} (tanpa judul)",
                    choices=field_choices,
                    required=False,
                    initial=current[col] if col < len(current) else "",
                )
                columns.append(
                    {
                        "name": name,
                        "column": col,
                        "samples": [row[col] for row in samples if col < len(row) and row[col]][:SHOWN_SAMPLES],
                        "looks_like": services.LOOKS_LIKE[flagged[col]][0] if col in flagged else "",
                    }
                )
            sheets = [t["sheet"] for t in batch.tables if t["signature"] == sig]
            self.groups.append({"signature": sig, "sheets": sheets, "columns": columns})

    def group_fields(self):
        return [{**g, "fields": [{**c, "field": self[c["name"]]} for c in g["columns"]]} for g in self.groups]

    def mapping(self) -> dict[str, list[str]]:
        return {
            g["signature"]: [
                "" if self.cleaned_data[c["name"]] == IGNORE else self.cleaned_data[c["name"]] or ""
                for c in g["columns"]
            ]
            for g in self.groups
        }

    def ignored(self) -> list[tuple[str, int]]:
        return [
            (g["signature"], c["column"])
            for g in self.groups
            for c in g["columns"]
            if self.cleaned_data.get(c["name"]) == IGNORE
        ]

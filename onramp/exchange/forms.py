from __future__ import annotations

from typing import Any

from django import forms

from onramp.exchange.importers import IMPORTERS
from onramp.participants.models import Programme

KIND_LABELS = {
    "participants": "Participants (participant_id, given_name, family_name, date_of_birth, registered_on …)",
    "events": "Journey events (participant_id, event, date, employer, role, detail)",
    "survey-responses": "Survey responses (participant_id, survey, question, answer, answered_on)",
}


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What the file holds",
        choices=[(k, KIND_LABELS[k]) for k in IMPORTERS],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the file holds"},
    )
    file = forms.FileField(
        label="CSV or XLSX file",
        help_text="UTF-8 CSV with a header row, or the first sheet of an XLSX workbook. Dates are written YYYY-MM-DD.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={"required": "Choose a file to import", "empty": "The file is empty"},
    )
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.order_by("name"),
        required=False,
        empty_label="The only programme",
        help_text="For participants.",
    )
    dry_run = forms.BooleanField(label="Only check the file: write nothing", required=False, initial=True)
    ignore_unknown = forms.BooleanField(label="Skip columns Onramp does not know", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if Programme.objects.count() <= 1:
            del self.fields["programme"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The file must be a CSV or an XLSX file")
        if upload.size > 200 * 1024 * 1024:
            raise forms.ValidationError("The file must be smaller than 200 MB: use `onramp import` for larger files")
        return upload

from django import forms

from binome.core.concurrency import VersionedModelForm
from binome.reports.models import Report


class ReportForm(VersionedModelForm):
    class Meta:
        model = Report
        fields = ["family_synthesis", "technical_synthesis", "summary_for_referrer"]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in fields}


class OpinionForm(VersionedModelForm):
    class Meta:
        model = Report
        fields = ["service_opinion"]
        widgets = {"service_opinion": forms.Textarea(attrs={"rows": 4})}

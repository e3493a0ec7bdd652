"""One renderer draws every form: NHS error summary, inline errors, the right component per widget."""

import datetime

from django import forms
from django.template import engines

from onramp.core.forms import NHSDateField


class ExampleForm(forms.Form):
    name = forms.CharField(error_messages={"required": "Enter your name"})
    born = NHSDateField(label="Date of birth")
    colour = forms.ChoiceField(choices=[("red", "Red"), ("blue", "Blue")], widget=forms.RadioSelect)
    notes = forms.CharField(widget=forms.Textarea, required=False, help_text="Anything else")
    secret = forms.CharField(widget=forms.PasswordInput, required=False)
    team = forms.ChoiceField(choices=[("", "Choose"), ("a", "A")], required=False)


def render(form):
    return engines["jinja2"].from_string("{{ form }}").render({"form": form})


def test_an_unbound_form_has_no_error_summary():
    html = render(ExampleForm())
    assert "nhsuk-error-summary" not in html
    assert 'class="nhsuk-input' in html
    assert 'class="nhsuk-radios' in html
    assert 'class="nhsuk-textarea' in html
    assert 'class="nhsuk-select' in html
    assert 'class="nhsuk-date-input' in html
    assert "nhsuk-password-input" in html
    assert "Anything else" in html


def test_errors_appear_in_the_summary_and_inline_linked_to_the_field():
    form = ExampleForm({"name": "", "born_day": "31", "born_month": "2", "born_year": "2000"})
    assert not form.is_valid()
    html = render(form)
    assert "There is a problem" in html
    assert '<a href="#id_name"' in html
    assert "Enter your name" in html
    assert '<a href="#id_born-day"' in html
    assert "Date of birth must be a real date" in html
    assert 'class="nhsuk-error-message"' in html
    assert html.count("Enter your name") == 2  # once in the summary, once by the field


def test_date_field_messages():
    field = NHSDateField(label="Date of birth")
    assert field.clean(["4", "7", "2008"]) == datetime.date(2008, 7, 4)
    for value, message in [
        (["", "", ""], "Enter date of birth"),
        (["4", "", "2008"], "Date of birth must include a day, month and year"),
        (["30", "2", "2008"], "Date of birth must be a real date"),
        (["1", "1", "99"], "Date of birth must be a real date"),
    ]:
        try:
            field.clean(value)
        except forms.ValidationError as error:
            assert error.messages == [message]
        else:
            raise AssertionError(f"{value} should be refused")


def test_values_are_kept_after_an_error():
    form = ExampleForm({"name": "Ada", "colour": "blue", "born_day": "1", "born_month": "", "born_year": ""})
    form.is_valid()
    html = render(form)
    assert 'value="Ada"' in html
    assert 'value="blue" checked' in html

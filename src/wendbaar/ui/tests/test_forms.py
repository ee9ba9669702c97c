"""The form kernel: Utrecht classes and aria per widget type, and run_service."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError

from wendbaar.ui.forms import (
    CHECKBOX_CLASS,
    FILE_CLASS,
    RADIO_CLASS,
    SELECT_CLASS,
    TEXTAREA_CLASS,
    TEXTBOX_CLASS,
    DateInput,
    NLDesignForm,
    error_anchor,
    run_service,
)

CHOICES = [("a", "A"), ("b", "B")]


class EveryWidgetForm(NLDesignForm, forms.Form):
    autocomplete = {"email": "email"}

    name = forms.CharField(label="Name", help_text="Your name.")
    email = forms.EmailField(label="E-mail")
    text = forms.CharField(label="Text", widget=forms.Textarea)
    kind = forms.ChoiceField(label="Kind", choices=CHOICES)
    agree = forms.BooleanField(label="Agree")
    tags = forms.MultipleChoiceField(
        label="Tags", choices=CHOICES, widget=forms.CheckboxSelectMultiple
    )
    colour = forms.ChoiceField(label="Colour", choices=CHOICES, widget=forms.RadioSelect)
    day = forms.DateField(label="Day", widget=DateInput())
    upload = forms.FileField(label="Upload", required=False)


@pytest.mark.parametrize(
    ("name", "css"),
    [
        ("name", TEXTBOX_CLASS),
        ("email", TEXTBOX_CLASS),
        ("text", TEXTAREA_CLASS),
        ("kind", SELECT_CLASS),
        ("agree", CHECKBOX_CLASS),
        ("tags", CHECKBOX_CLASS),
        ("colour", RADIO_CLASS),
        ("day", TEXTBOX_CLASS),
        ("upload", FILE_CLASS),
    ],
)
def test_every_widget_type_gets_its_utrecht_class(name, css):
    assert EveryWidgetForm().fields[name].widget.attrs["class"] == css


def test_group_options_carry_the_class():
    # The field component renders each option's input (``choice.tag``) itself.
    tags = [str(choice.tag()) for choice in EveryWidgetForm()["colour"]]
    assert len(tags) == 2 and all(f'class="{RADIO_CLASS}"' in tag for tag in tags)


def test_a_class_set_by_the_form_wins():
    class Own(NLDesignForm, forms.Form):
        code = forms.CharField(widget=forms.TextInput(attrs={"class": "mine"}))

    assert Own().fields["code"].widget.attrs["class"] == "mine"


def test_autocomplete_tokens_and_no_autofocus():
    form = EveryWidgetForm()
    assert form.fields["email"].widget.attrs["autocomplete"] == "email"

    class Login(NLDesignForm, auth_forms.AuthenticationForm):
        autocomplete = {"username": "username", "password": "current-password"}

    login = Login()
    assert "autofocus" not in login.fields["username"].widget.attrs
    assert login.fields["password"].widget.attrs["autocomplete"] == "current-password"
    assert login.fields["username"].widget.attrs["class"] == TEXTBOX_CLASS


def test_help_text_is_linked_and_invalid_fields_are_marked():
    valid = str(EveryWidgetForm()["name"])
    assert 'aria-describedby="id_name_helptext"' in valid and "aria-invalid" not in valid
    invalid = EveryWidgetForm(data={})
    assert not invalid.is_valid()
    html = str(invalid["name"])
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'aria-describedby="id_email_error"' in str(invalid["email"])


def test_own_aria_describedby_keeps_the_error_id():
    class Own(NLDesignForm, forms.Form):
        code = forms.CharField(widget=forms.TextInput(attrs={"aria-describedby": "hint"}))

    form = Own(data={})
    form.is_valid()
    assert 'aria-describedby="hint id_code_error"' in str(form["code"])


def test_date_input_is_a_native_picker_with_an_iso_value():
    form = EveryWidgetForm(initial={"day": dt.date(2026, 12, 31)})
    html = str(form["day"])
    assert 'type="date"' in html and 'value="2026-12-31"' in html


def test_error_anchor_is_the_fieldset_of_a_group_and_the_input_otherwise():
    form = EveryWidgetForm()
    assert error_anchor(form["tags"]) == "id_tags"
    assert error_anchor(form["colour"]) == "id_colour"
    assert error_anchor(form["name"]) == "id_name"


# --- run_service ----------------------------------------------------------------------


class SmallForm(forms.Form):
    title = forms.CharField()


def _bound() -> SmallForm:
    form = SmallForm(data={"title": "x"})
    assert form.is_valid()
    return form


@pytest.mark.django_db  # the service runs in a transaction
def test_run_service_returns_the_result():
    assert run_service(_bound(), lambda **kw: kw["n"] + 1, n=1) == 2


@pytest.mark.django_db  # the service runs in a transaction
def test_run_service_puts_field_errors_on_the_field():
    form = _bound()

    def refuse(**kwargs):
        raise ValidationError({"title": "Taken."})

    assert run_service(form, refuse) is None
    assert form.errors == {"title": ["Taken."]}


@pytest.mark.django_db  # the service runs in a transaction
def test_run_service_sends_unknown_fields_to_the_non_field_errors():
    form = _bound()

    def refuse(**kwargs):
        raise ValidationError({"budget": "Too much.", "title": "Taken."})

    assert run_service(form, refuse) is None
    assert form.non_field_errors() == ["Too much."]
    assert form.errors["title"] == ["Taken."]


@pytest.mark.django_db  # the service runs in a transaction
def test_run_service_maps_a_message_without_fields():
    form = _bound()

    def refuse(**kwargs):
        raise ValidationError(["Not now.", "Not here."])

    assert run_service(form, refuse) is None
    assert form.non_field_errors() == ["Not now.", "Not here."]


@pytest.mark.django_db
def test_run_service_rolls_back_a_refused_service():
    from django.contrib.auth.models import Group

    def write_then_refuse(**kwargs):
        Group.objects.create(name="half-done")
        raise ValidationError("Refused.")

    assert run_service(_bound(), write_then_refuse) is None
    assert not Group.objects.filter(name="half-done").exists()

"""Input validation for the story and signal pages (the API has its own serializers)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.core.constants import Theme
from wendbaar.ui.forms import DateInput, NLDesignForm

from .constants import (
    MAX_PHOTO_BYTES,
    MAX_QUOTE_LENGTH,
    MAX_TEXT_LENGTH,
    MAX_TITLE_LENGTH,
    AuthorKind,
    CollectionMethod,
    Consent,
    EraseReason,
    SignalDirection,
)
from .images import check_size, process_photo
from .redaction import contains_passage
from .services import validate_indicator_codes

PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        return f"{obj.name} ({obj.level_label.lower()})"


class AreaMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        return f"{obj.name} ({obj.level_label.lower()})"


def areas_for_entry(municipality: Area):
    return (
        Area.objects.filter(
            municipality_code=municipality.code,
            level__in=[AreaLevel.DISTRICT, AreaLevel.NEIGHBOURHOOD],
        )
        .select_related("parent")
        .order_by("name")
    )


def _clean_photo(form) -> object:
    """Only the cheap check here; the photo is decoded in ``_decode_photo``, last."""
    photo = form.cleaned_data.get("photo")
    if not photo:
        return None
    check_size(photo)
    return photo


def _decode_photo(form, data: dict) -> None:
    """Decode the photo only when everything else is valid: a flood of invalid posts
    with heavy images costs no decoding (the rate limit has counted them already)."""
    if data.get("photo") and not (data.get("photo_alt") or "").strip():
        form.add_error("photo_alt", _("Describe the photo for people who cannot see it."))
    if form.errors or not data.get("photo"):
        return
    try:
        data["photo"] = process_photo(data["photo"])
    except ValidationError as error:
        form.add_error("photo", error)


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class PublicStoryForm(NLDesignForm, forms.Form):
    autocomplete = {"email": "email", "name": "name", "phone": "tel"}

    title = forms.CharField(
        label=_("Title"),
        max_length=MAX_TITLE_LENGTH,
        help_text=_("A few words about what your story is about."),
    )
    text = forms.CharField(
        label=_("Your story"),
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    quote = forms.CharField(
        label=_("Your story in one sentence (optional)"),
        max_length=MAX_QUOTE_LENGTH,
        required=False,
    )
    # Optional: a resident who skips it files the story for the whole gemeente (the
    # gemeente's own area), never under whichever buurt happens to be listed first.
    area = AreaChoiceField(
        label=_("Neighbourhood or district"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("The whole municipality, or I do not know"),
    )
    author_kind = forms.ChoiceField(
        label=_("I am a"),
        choices=AuthorKind.choices,
        initial=AuthorKind.RESIDENT,
        widget=forms.RadioSelect,
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes (optional)"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}),
    )
    photo_alt = forms.CharField(
        label=_("What does the photo show?"),
        max_length=200,
        required=False,
        help_text=_("Needed with a photo, for people who cannot see it."),
    )
    consent = forms.ChoiceField(
        label=_("What may we do with your story?"),
        choices=Consent.choices,
        widget=forms.RadioSelect,
    )
    keep_after_withdrawal = forms.BooleanField(
        label=_("If I later ask you to delete my details, you may keep my story without my name."),
        required=False,
    )
    redact_passages = forms.CharField(
        label=_("Parts of your story that say who you are (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Copy the sentences or words from your story that tell who you are, one per line. "
            "If we keep your story after deleting your details, we remove these too."
        ),
    )
    name = forms.CharField(label=_("Name (optional)"), max_length=120, required=False)
    email = forms.EmailField(
        label=_("E-mail address (optional)"),
        required=False,
        help_text=_("For the confirmation, and if we have a question about your story."),
    )
    phone = forms.CharField(label=_("Telephone number (optional)"), max_length=30, required=False)
    # Honeypot: hidden from people (and from assistive technology); bots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    read_consent = forms.BooleanField(
        label=_(
            "I have read the explanation above about what happens with my story and my details."
        )
    )

    def __init__(self, *args, municipality: Area, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["area"].queryset = areas_for_entry(municipality)
        self.fields["text"].help_text = gettext(
            "What happened, what do you see in your neighbourhood? At most %(max)s characters. "
            "Please leave out names of other people."
        ) % {"max": MAX_TEXT_LENGTH}
        self.fields["photo"].help_text = gettext(
            "JPEG, PNG or WebP, at most %(size)s MB. We remove location and camera data from "
            "the photo. Please do not upload photos in which people can be recognised."
        ) % {"size": MAX_PHOTO_BYTES // (1024 * 1024)}

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def clean_area(self) -> Area:
        return self.cleaned_data.get("area") or self.municipality

    def clean_photo(self):
        return _clean_photo(self)

    def clean_redact_passages(self) -> list[str]:
        passages = _lines(self.cleaned_data.get("redact_passages", ""))
        text = self.cleaned_data.get("text") or ""
        missing = [p for p in passages if not contains_passage(text, p)]
        if missing:
            raise ValidationError(
                _("Not found in your story: %(passages)s. Copy the words exactly."),
                code="passage_not_found",
                params={"passages": "; ".join(missing)},
            )
        return passages

    def clean(self):
        data = super().clean()
        _decode_photo(self, data)
        return data


class StoryContentForm(NLDesignForm, forms.Form):
    """What a story says and where: staff enter it, moderators correct it."""

    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_LENGTH)
    text = forms.CharField(
        label=_("Story"),
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Allowed formatting: paragraphs, bold, italics, lists, quotes and http(s) links."
        ),
    )
    areas = AreaMultipleChoiceField(
        label=_("Areas"),
        queryset=Area.objects.none(),
        help_text=_("One or more districts or neighbourhoods."),
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    indicator_codes = forms.CharField(
        label=_("Indicators (optional)"),
        required=False,
        help_text=_("Codes of the monitor indicators the story speaks to, comma-separated."),
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = areas

    def clean_indicator_codes(self) -> list[str]:
        raw = self.cleaned_data.get("indicator_codes") or ""
        if isinstance(raw, list | tuple):  # the initial value of an unchanged field
            raw = ",".join(raw)
        return validate_indicator_codes(raw.replace(";", ",").split(","))


class StaffStoryForm(StoryContentForm):
    field_order = ["title", "text", "quote", "author_kind", "areas", "themes", "indicator_codes"]

    quote = forms.CharField(label=_("Short quote"), max_length=MAX_QUOTE_LENGTH, required=False)
    author_kind = forms.ChoiceField(
        label=_("Told by"), choices=AuthorKind.choices, widget=forms.RadioSelect
    )
    collected_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    collection_method = forms.ChoiceField(
        label=_("Collected through"), choices=CollectionMethod.choices, widget=forms.RadioSelect
    )
    consent = forms.ChoiceField(
        label=_("Consent given"), choices=Consent.choices, widget=forms.RadioSelect
    )
    keep_after_withdrawal = forms.BooleanField(
        label=_("May be kept anonymously when the contact details are erased"), required=False
    )
    retention_until = forms.DateField(
        label=_("Keep until (optional)"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: five years after the date."),
    )
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}),
    )
    photo_alt = forms.CharField(label=_("Description of the photo"), max_length=200, required=False)
    name = forms.CharField(
        label=_("Name of the contributor (optional)"), max_length=120, required=False
    )
    email = forms.EmailField(label=_("E-mail address (optional)"), required=False)
    phone = forms.CharField(label=_("Telephone number (optional)"), max_length=30, required=False)

    def clean_photo(self):
        return _clean_photo(self)

    def clean_retention_until(self):
        value = self.cleaned_data.get("retention_until")
        if value and value <= timezone.localdate():
            raise ValidationError(_("Choose a date in the future."))
        return value

    def clean(self):
        data = super().clean()
        _decode_photo(self, data)
        return data


class ModerationForm(NLDesignForm, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("publish", _("Publish")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note (internal)"), max_length=500, required=False)
    redact_passages = forms.CharField(
        label=_("Passages that identify the writer (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line, copied from the story: removed when the writer's details are "
            "erased and the story is kept."
        ),
    )
    redact_whole_text = forms.BooleanField(
        label=_("The whole text identifies the writer: remove it on erasure"), required=False
    )

    def clean_redact_passages(self) -> list[str]:
        return _lines(self.cleaned_data.get("redact_passages", ""))


class SignalForm(NLDesignForm, forms.Form):
    area = AreaChoiceField(label=_("Neighbourhood or district"), queryset=Area.objects.none())
    theme = forms.ChoiceField(label=_("Theme"), choices=Theme.choices)
    direction = forms.ChoiceField(
        label=_("Direction"), choices=SignalDirection.choices, widget=forms.RadioSelect
    )
    sentence = forms.CharField(
        label=_("Signal in one sentence"),
        max_length=280,
        help_text=_("What did you notice? No names or other details of persons."),
    )
    observed_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas

    def clean_observed_on(self) -> dt.date:
        value = self.cleaned_data["observed_on"]
        if value > timezone.localdate():
            raise ValidationError(_("The date lies in the future."))
        return value


class EraseForm(NLDesignForm, forms.Form):
    # A choice, not free text: the audit log keeps it, and must hold no personal data.
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=EraseReason.choices,
        initial=EraseReason.REQUEST_BY_PERSON,
        widget=forms.RadioSelect,
    )
    confirm = forms.BooleanField(label=_("Yes, erase these personal data now."))


class ContributorSearchForm(NLDesignForm, forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"))


class StoryEditForm(StoryContentForm):
    """A moderator's correction of a story: the words, themes, indicators and areas."""

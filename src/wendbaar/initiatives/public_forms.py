"""Input validation for the initiators' pages: the intake "I have an idea" and the
replies on their private status link. The services check everything again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wendbaar.areas.models import Area
from wendbaar.core.constants import Theme
from wendbaar.stories.forms import AreaChoiceField, areas_for_entry
from wendbaar.ui.forms import NLDesignForm

from .constants import (
    CONTACT_RETENTION_YEARS,
    MAX_GROUP_LENGTH,
    MAX_MESSAGE_LENGTH,
    MAX_TEXT_LENGTH,
    MAX_TITLE_LENGTH,
    Ask,
    EventKind,
)
from .models import Initiative, InitiativeEvent
from .point_forms import PointField, PointPickerMixin

# The model's own limits, so the form refuses what the service would.
MAX_LOCATION_LENGTH = Initiative._meta.get_field("location").max_length


class PublicInitiativeForm(PointPickerMixin, NLDesignForm, forms.Form):
    autocomplete = {"email": "email", "name": "name", "phone": "tel"}

    title = forms.CharField(
        label=_("Your idea in a few words"),
        max_length=MAX_TITLE_LENGTH,
        help_text=_("For example: “Flower boxes in our street”."),
    )
    what = forms.CharField(
        label=_("What do you want to do?"),
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    why = forms.CharField(
        label=_("Why is it needed? (optional)"),
        max_length=MAX_TEXT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # Optional: no choice files the idea for the whole gemeente, never under whichever
    # buurt happens to be listed first.
    area = AreaChoiceField(
        label=_("Neighbourhood or district (optional)"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("The whole municipality, or I do not know"),
    )
    # Filled in on the area's map (JavaScript); "where exactly" stays the way to say it.
    point = PointField()
    location = forms.CharField(
        label=_("Where exactly? (optional)"),
        max_length=MAX_LOCATION_LENGTH,
        required=False,
        help_text=_("A street, a square, a building."),
    )
    themes = forms.MultipleChoiceField(
        label=_("What is it about? (optional)"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    asks = forms.MultipleChoiceField(
        label=_("What do you need from the municipality? (optional)"),
        choices=Ask.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    group = forms.CharField(
        label=_("Who is behind the idea? (optional)"),
        max_length=MAX_GROUP_LENGTH,
        required=False,
        help_text=_("For example: “residents of the Zambesidreef” or the name of your club."),
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=120, required=False)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send the personal link to follow your idea to this address."),
    )
    phone = forms.CharField(
        label=_("Your telephone number (optional)"), max_length=30, required=False
    )
    consent = forms.BooleanField(label=_("I agree that you keep my contact details for this."))
    # Honeypot: hidden from people (and from assistive technology); bots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, municipality: Area, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["area"].queryset = areas_for_entry(municipality)
        self.setup_point_picker(municipality)
        self.fields["what"].help_text = gettext(
            "Tell it in your own words; at most %(max)s characters. "
            "Please leave out names of other people."
        ) % {"max": MAX_TEXT_LENGTH}
        self.fields["consent"].help_text = gettext(
            "We use your contact details only to handle your idea, and keep them at most "
            "%(years)s years after the last contact. You may always ask to see them or to "
            "have them erased."
        ) % {"years": CONTACT_RETENTION_YEARS}

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def clean_area(self) -> Area:
        return self.cleaned_data.get("area") or self.municipality


class ReplyForm(NLDesignForm, forms.Form):
    """An answer to one question (``question`` set) or a message to the contact person."""

    text = forms.CharField(
        label=_("Your answer"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    # Checked in ``clean``: an error on a hidden field would show nowhere.
    question = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args, initiative: Initiative, question: InitiativeEvent | None = None, **kwargs
    ):
        # Several reply forms share one page: each gets its own ids.
        kwargs.setdefault("auto_id", f"id_reply_{question.pk if question else 'general'}_%s")
        super().__init__(*args, **kwargs)
        self.initiative = initiative
        if question is not None:
            self.initial.setdefault("question", question.pk)
        else:
            self.fields["text"].label = _("Your message")
        self.fields["text"].help_text = gettext("At most %(max)s characters.") % {
            "max": MAX_MESSAGE_LENGTH
        }

    def clean(self):
        data = super().clean()
        raw = (data.get("question") or "").strip()
        data["reply_to"] = None
        if raw:
            if raw.isdigit():
                data["reply_to"] = InitiativeEvent.objects.filter(
                    pk=int(raw), initiative=self.initiative, kind=EventKind.QUESTION
                ).first()
            if data["reply_to"] is None:
                self.add_error(None, _("That is not a question to you."))
        elif self.initiative.owner_id is None:
            # Nobody would read it yet; the contact person is named within the promise.
            self.add_error(
                None,
                _(
                    "You do not have a contact person yet. "
                    "Once you have one, you can write to them here."
                ),
            )
        return data

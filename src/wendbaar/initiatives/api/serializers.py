"""Serializers of the initiatives API.

Output serializers shape what staff and the initiators read; input serializers only
check the shape of a request body (the view hands the data to one service function,
which checks the rules and writes). No serializer ever carries the initiators' contact
details (they live in ``stories.Contributor``) or a staff member's e-mail address.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area

from ..constants import MAX_MESSAGE_LENGTH, MAX_REASON_LENGTH, PUBLIC_EVENTS, InitiativeStatus
from ..models import Initiative, InitiativeEvent
from ..point import as_json as point_json
from ..services import public_name

# The status is a plain string in the schema: an enum named "status" would collide with
# the project status of the wijkaanpak API (drf-spectacular names enums by field name).
STATUS_VALUES = ", ".join(InitiativeStatus.values)
STATUS_HELP = f"One of {STATUS_VALUES}."


def display_name(user: Any) -> str:
    """A person's name for others to read: the full name only (``services.public_name``;
    a user name may be an e-mail address)."""
    return public_name(user)


class InitiativeOwnerSerializer(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.CharField(help_text="As the initiators read it, e.g. initiatiefmakelaar.")


def owner_of(initiative: Initiative) -> dict[str, str] | None:
    if initiative.owner is None:
        return None
    return {"name": display_name(initiative.owner), "role": initiative.owner_role}


class InitiativeAreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class InitiativePointSerializer(serializers.Serializer):
    """The point the initiators chose on the area's map."""

    x = serializers.FloatField(help_text="RD New (EPSG:28992) easting, metres.")
    y = serializers.FloatField(help_text="RD New (EPSG:28992) northing, metres.")
    crs = serializers.CharField(help_text="Always EPSG:28992: x and y are as stored.")
    lon = serializers.FloatField(help_text="WGS84 longitude, degrees (6 decimals).")
    lat = serializers.FloatField(help_text="WGS84 latitude, degrees (6 decimals).")


def point_of(initiative: Initiative) -> dict[str, Any] | None:
    return point_json(initiative.point_x, initiative.point_y)


POINT_HELP = "An optional point in the area, null when the initiators chose none."


class InitiativeSupportSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    total_amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="Money given, in euro (0 when none)."
    )


class InitiativeProjectSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


def project_of(project: Any) -> dict[str, Any] | None:
    return {"id": project.pk, "title": project.title} if project is not None else None


class ConsentRequestSerializer(serializers.Serializer):
    """What the municipality asked the initiators to agree to, and their answer."""

    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="aim (a new aim) or merge (into a municipal project).")
    state = serializers.CharField(help_text="asked, agreed, declined or withdrawn.")
    new_title = serializers.CharField(allow_blank=True)
    new_what = serializers.CharField(allow_blank=True, help_text="The new aim (kind aim).")
    project = serializers.SerializerMethodField(help_text="The project (kind merge).")
    reason = serializers.CharField(help_text="Why the municipality asks.")
    asked_at = serializers.DateTimeField()
    answered_at = serializers.DateTimeField(allow_null=True)
    answer = serializers.CharField(allow_blank=True, help_text="The initiators' words.")
    channel = serializers.CharField(
        allow_blank=True,
        help_text="status_link (they answered themselves) or recorded (told to staff).",
    )

    @extend_schema_field(InitiativeProjectSerializer(allow_null=True))
    def get_project(self, request: Any) -> dict[str, Any] | None:
        return project_of(request.project)


# --- staff -----------------------------------------------------------------------------


class InitiativeListSerializer(serializers.Serializer):
    """One initiative as staff see it, without the initiators' contact details."""

    # Reads the annotations of ``views.annotated`` (overdue flag, counts).

    reference = serializers.CharField(help_text="INI-00042: what the initiators quote.")
    id = serializers.IntegerField()
    title = serializers.CharField()
    what = serializers.CharField()
    why = serializers.CharField(allow_blank=True)
    area = InitiativeAreaSerializer(help_text="A buurt or wijk, or the gemeente itself.")
    municipality = serializers.CharField(source="municipality_code")
    themes = serializers.ListField(child=serializers.CharField())
    asks = serializers.ListField(child=serializers.CharField())
    group = serializers.CharField(allow_blank=True)
    status = serializers.CharField(help_text=STATUS_HELP)
    status_label = serializers.CharField(source="get_status_display")
    source = serializers.CharField()
    owner = serializers.SerializerMethodField(
        help_text="The contact person at the municipality (name and role), null before triage."
    )
    received_at = serializers.DateTimeField()
    triage_due = serializers.DateField(help_text="The contact person is known by this day.")
    answer_due = serializers.DateField(help_text="The first substantive answer by this day.")
    first_answer_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    close_reason = serializers.CharField(allow_blank=True)
    is_overdue = serializers.BooleanField(help_text="Triage or first answer is late today.")
    handover_count = serializers.IntegerField()
    support = serializers.SerializerMethodField()
    rule_conflict_count = serializers.IntegerField()
    is_example = serializers.BooleanField(help_text="Invented, for the demo.")

    @extend_schema_field(InitiativeOwnerSerializer(allow_null=True))
    def get_owner(self, initiative: Initiative) -> dict[str, str] | None:
        return owner_of(initiative)

    @extend_schema_field(InitiativeSupportSerializer)
    def get_support(self, initiative: Initiative) -> dict[str, Any]:
        return InitiativeSupportSerializer(
            {"count": initiative.support_count, "total_amount": initiative.support_total}
        ).data


class InitiativeEventSerializer(serializers.Serializer):
    """One entry of the trail, as the initiators see it."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    at = serializers.DateTimeField()
    text = serializers.CharField(allow_blank=True)
    status_from = serializers.CharField(allow_blank=True)
    status_to = serializers.CharField(allow_blank=True)
    by_initiators = serializers.BooleanField(help_text="Written by the initiators themselves.")


class InitiativeStaffEventSerializer(InitiativeEventSerializer):
    internal = serializers.SerializerMethodField(
        help_text="An internal note or escalation: the initiators do not see it."
    )

    def get_internal(self, event: InitiativeEvent) -> bool:
        return event.kind not in PUBLIC_EVENTS


class _PointAndConsent(serializers.Serializer):
    """What staff and the initiators both read of one initiative: the point on the map,
    the project it joined with the initiators' consent, and the requests for it."""

    point = serializers.SerializerMethodField(help_text=POINT_HELP)
    project = serializers.SerializerMethodField(
        help_text="The municipal project it is part of, with the initiators' consent."
    )
    consent_requests = ConsentRequestSerializer(
        many=True,
        source="consent_requests.all",
        help_text="Every request for the initiators' consent, oldest first.",
    )

    @extend_schema_field(InitiativePointSerializer(allow_null=True))
    def get_point(self, initiative: Initiative) -> dict[str, Any] | None:
        return point_of(initiative)

    @extend_schema_field(InitiativeProjectSerializer(allow_null=True))
    def get_project(self, initiative: Initiative) -> dict[str, Any] | None:
        return project_of(initiative.project)


class InitiativeDetailSerializer(_PointAndConsent, InitiativeListSerializer):
    events = InitiativeStaffEventSerializer(
        many=True, source="events.all", help_text="The whole trail, oldest first."
    )


# --- the initiators' status link --------------------------------------------------------


class InitiativeStatusLinkSerializer(_PointAndConsent):
    """What the initiators see through their private link: no internal notes, no
    escalations, no contact details of anyone."""

    reference = serializers.CharField()
    title = serializers.CharField()
    area = InitiativeAreaSerializer()
    status = serializers.CharField(help_text=STATUS_HELP)
    status_label = serializers.CharField(source="get_status_display")
    owner = serializers.SerializerMethodField(
        help_text="Your contact person at the municipality, null until one is assigned."
    )
    received_at = serializers.DateTimeField()
    triage_due = serializers.DateField(help_text="You hear who your contact person is by then.")
    answer_due = serializers.DateField(help_text="You get a first answer by then.")
    first_answer_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    close_reason = serializers.CharField(allow_blank=True)
    events = InitiativeEventSerializer(
        many=True, source="public_events", help_text="What happened, oldest first."
    )

    @extend_schema_field(InitiativeOwnerSerializer(allow_null=True))
    def get_owner(self, initiative: Initiative) -> dict[str, str] | None:
        return owner_of(initiative)


# --- writes: input ---------------------------------------------------------------------


class InitiativeStatusInputSerializer(serializers.Serializer):
    status = serializers.CharField(
        max_length=20,
        help_text=(
            f"The new status: {STATUS_VALUES}. An unknown status, or a move the workflow "
            "does not allow (e.g. received → realised), is answered with 400; owner_known "
            "follows from assigning a contact person."
        ),
    )
    text = serializers.CharField(
        max_length=MAX_REASON_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="What the initiators read; required for stopped and not_possible.",
    )


class InitiativeMessageInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=MAX_MESSAGE_LENGTH)
    question = serializers.BooleanField(
        required=False,
        default=False,
        help_text="A question the initiators are asked to answer through their link.",
    )


class InitiativeListQuerySerializer(serializers.Serializer):
    """The list's query parameters."""

    municipality = serializers.CharField(
        help_text="CBS code of the gemeente (GM0344).",
        error_messages={
            "required": _("Give the municipality's CBS code, e.g. ?municipality=GM0344."),
            "blank": _("Give the municipality's CBS code, e.g. ?municipality=GM0344."),
        },
    )
    status = serializers.ChoiceField(choices=InitiativeStatus.choices, required=False)
    overdue = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="true: only the overdue ones; false: only those on time.",
    )

    def validate_municipality(self, value: str) -> Area:
        area = Area.objects.filter(code=value.strip().upper(), level=AreaLevel.MUNICIPALITY).first()
        if area is None:
            raise serializers.ValidationError(
                _("No municipality has the code %(code)s.") % {"code": value}
            )
        return area

from django.contrib import admin

from .models import Commitment, ContactPerson, Membership, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "subtype", "municipality"]
    list_filter = ["kind", "subtype"]
    search_fields = ["name"]


@admin.register(ContactPerson)
class ContactPersonAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "user"]
    search_fields = ["name", "organisation__name"]
    raw_id_fields = ["user"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "approach", "role", "joined_on", "left_on"]
    list_filter = ["role"]


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["organisation", "approach", "kind", "description", "amount", "hours"]

from django.contrib import admin

from .models import ContactPerson, Organisation


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

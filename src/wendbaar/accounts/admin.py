from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import RoleAssignment, RoleProfile, User


class RoleAssignmentForm(forms.ModelForm):
    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "municipality", "districts"]

    def clean(self):
        cleaned = super().clean()
        municipality = cleaned.get("municipality")
        foreign = [
            d
            for d in cleaned.get("districts") or []
            if municipality is None or d.municipality_code != municipality.code
        ]
        if foreign:
            self.add_error(
                "districts",
                _("These districts are not in the chosen municipality: %(areas)s")
                % {"areas": ", ".join(str(d) for d in foreign)},
            )
        return cleaned


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = [*DjangoUserAdmin.list_display, "is_demo", "is_active"]
    list_filter = [*DjangoUserAdmin.list_filter, "is_demo"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Demo"), {"fields": ["is_demo"]}),
    ]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    form = RoleAssignmentForm
    list_display = ["user", "role", "municipality"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "municipality__code", "municipality__name"]
    list_select_related = ["user", "role", "municipality"]
    raw_id_fields = ["user", "municipality"]
    filter_horizontal = ["districts"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "districts":
            kwargs["queryset"] = db_field.related_model.objects.districts()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "role":
            kwargs["queryset"] = db_field.related_model.objects.filter(role_profile__isnull=False)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(RoleProfile)
class RoleProfileAdmin(admin.ModelAdmin):
    list_display = ["slug", "group", "description"]
    readonly_fields = ["slug"]
    filter_horizontal = []

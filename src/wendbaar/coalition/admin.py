from django.contrib import admin

from .models import Commitment, Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "approach", "role", "joined_on", "left_on"]
    list_filter = ["role"]


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["organisation", "approach", "kind", "description", "amount", "hours"]

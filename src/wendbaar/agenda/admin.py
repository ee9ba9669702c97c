"""Admin for looking things up; writes belong in the pages (services, audit trail)."""

from django.contrib import admin

from wendbaar.approaches.models import Approach, PolicyDriver

from .models import AgendaChange, Funding, Goal, MoneyFlow, Project


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Approach)
class ApproachAdmin(ReadOnlyAdmin):
    list_display = ["name", "municipality", "start_year", "end_year", "is_published"]


@admin.register(Goal)
class GoalAdmin(ReadOnlyAdmin):
    list_display = ["title", "approach"]


@admin.register(AgendaChange)
class AgendaChangeAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "approach", "kind", "subject", "reason"]
    list_filter = ["kind"]


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["title", "approach", "status", "budget", "start_date", "end_date"]
    list_filter = ["status"]


@admin.register(Funding)
class FundingAdmin(ReadOnlyAdmin):
    list_display = ["project", "source", "year", "amount", "status"]


@admin.register(MoneyFlow)
class MoneyFlowAdmin(ReadOnlyAdmin):
    list_display = ["approach", "organisation", "theme", "year", "amount", "status"]


@admin.register(PolicyDriver)
class PolicyDriverAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "municipality"]

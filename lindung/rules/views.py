from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from lindung.errors import DomainError
from lindung.lib.formatting import rupiah, tanggal
from lindung.rules import services
from lindung.rules.forms import version_form, version_values


def _kind(slug):
    kind = services.KINDS.get(slug)
    if kind is None:
        raise Http404("Jenis aturan tidak dikenal.")
    return kind


@login_required
def rule_index(request):
    services.require_reader(request.user)
    kinds = [(kind, services.in_force(kind), kind.model.objects.count()) for kind in services.KINDS.values()]
    return render(request, "rules/rule_index.html", {"kinds": kinds})


@login_required
def version_list(request, slug):
    services.require_reader(request.user)
    kind = _kind(slug)
    versions = list(kind.model.objects.order_by("-valid_from"))
    current = services.in_force(kind)
    today = timezone.localdate()
    shown_apart = ("id", "valid_from", "source", "unconfirmed")
    fields = [f for f in kind.model._meta.concrete_fields if f.name not in shown_apart]
    # One line per column, one cell per version: what changed from version to version reads across.
    rows = [
        (f.verbose_name, [(_shown(v, f), f.name in getattr(v, "unconfirmed", ())) for v in versions]) for f in fields
    ]
    return render(
        request,
        "rules/version_list.html",
        {
            "kind": kind,
            "versions": versions,
            "current": current,
            "today": today,
            "rows": rows,
            "can_manage": services.may_manage(request.user),
        },
    )


def _shown(version, field):
    value = getattr(version, field.name)
    if field.choices:
        return getattr(version, f"get_{field.name}_display")()
    if isinstance(value, int) and "(Rp)" in str(field.verbose_name):
        return rupiah(value)
    if isinstance(value, date):
        return tanggal(value)
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return value if value not in (None, "") else "—"


@login_required
def version_create(request, slug):
    services.require_manager(request.user)
    kind = _kind(slug)
    Form = version_form(kind.model)
    latest = kind.model.objects.order_by("-valid_from").first()
    # The newest version's values as the starting point: a new regulation changes a few numbers.
    initial = {**services.values_of(latest), "valid_from": None, "source": ""} if latest else {}
    form = Form(request.POST or None, initial=initial)
    backdated = None
    if request.method == "POST" and form.is_valid():
        values, confirmed = version_values(form)
        try:
            row = services.add_version(kind, values, by=request.user, confirm_backdated=confirmed)
        except services.BackdatedVersion as exc:
            backdated = exc
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"{kind.label} baru tersimpan: {row}.")
            return redirect("rules:version-list", slug=kind.slug)
    context = {"kind": kind, "form": form, "latest": latest, "backdated": backdated}
    return render(request, "rules/version_form.html", context)

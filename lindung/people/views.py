from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from lindung.accounts.models import Action, Role
from lindung.accounts.scoping import get_visible_or_404, scope_of
from lindung.dedup.services import active_flags
from lindung.errors import DomainError
from lindung.people import exports, services
from lindung.people.forms import CloseForm, PersonFilterForm, PersonForm, RejectForm, VerifyForm
from lindung.people.history import person_history
from lindung.people.models import EligibilityRules, Person, Status
from lindung.regions.models import Region
from lindung.reports.home import home_sections

PAGE_SIZE = 50
LIST_COLUMNS = (
    "name", "nik", "warnings", "village__name", "occupation", "occupation_other", "birth_date", "status",
)  # fmt: skip


@login_required
def home(request):
    scope = scope_of(request.user)
    if scope.has_role(Role.SPONSOR) and not scope.can(Action.VIEW):
        # A sponsor sees only the people it funds, on its own page.
        return redirect("funding:sponsor-home")
    # One aggregate over the user's region gives both the status counts and the district table;
    # COUNT(*) lets PostgreSQL answer it from the (status, village) index alone.
    rows = Person.objects.visible_to(request.user).order_by().values("village_id", "status").annotate(n=Count("*"))
    by_status: dict[str, int] = {}
    districts: dict[str, dict] = {}
    for row in rows:
        by_status[row["status"]] = by_status.get(row["status"], 0) + row["n"]
        d = districts.setdefault(row["village_id"][:8], {"total": 0, "verified": 0, "proposed": 0})
        d["total"] += row["n"]
        if row["status"] in (Status.VERIFIED, Status.PROPOSED):
            d[row["status"]] += row["n"]
    names = dict(Region.objects.filter(code__in=districts).values_list("code", "name"))
    district_rows = sorted(
        ({"code": code, "name": names.get(code, code), **counts} for code, counts in districts.items()),
        key=lambda r: r["name"],
    )
    can_verify = scope.can(Action.VERIFY)
    context = {
        "total": sum(by_status.values()),
        "by_status": [(s, s.label, by_status.get(s.value, 0)) for s in Status],
        "district_rows": district_rows,
        "can_propose": scope.can(Action.PROPOSE),
        "can_verify": can_verify,
        # The queue holds what the user may verify, which can be less than what they may see.
        "queue_count": Person.objects.visible_to(request.user, Action.VERIFY).filter(status=Status.PROPOSED).count()
        if can_verify
        else 0,
    }
    context["home_sections"] = home_sections(request.user)
    return render(request, "people/home.html", context)


def _filtered(request, *, action=Action.VIEW):
    form = PersonFilterForm(request.GET or None, user=request.user)
    qs = form.apply(Person.objects.visible_to(request.user, action))
    return form, qs


@login_required
@vary_on_headers("HX-Request")
def person_list(request):
    form, qs = _filtered(request)
    # Only what the table shows: the rest of a worker (addresses, reasons, five timestamps) costs
    # a conversion per row and column and is never on this page.
    qs = qs.select_related("village").only(*LIST_COLUMNS)
    page = _page(qs, request.GET.get("hal"))
    # Back/forward restores a whole page, never the bare table fragment.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "people/_person_table.html" if partial else "people/person_list.html"
    # `search` is only ever a whole NIK: the table unmasks the row that equals it, never a prefix match.
    context = {"form": form, "page": page, "search": form.searched_nik(), "detail_base": _detail_base()}
    return render(request, template, context)


def _page(qs, number):
    """A page of the list; past the first, its ids are found before its rows are read.

    Skipping to page 40 otherwise reads, joins and throws away 1,950 whole rows; the ids come
    from the (name_key, id) index alone and only the page's 50 rows are read in full.
    """
    page = Paginator(qs.values_list("pk", flat=True), PAGE_SIZE).get_page(number)
    if page.number == 1:
        page.object_list = list(qs[:PAGE_SIZE])
    else:
        ids = list(page.object_list)
        rows = qs.in_bulk(ids)
        page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


def _detail_base() -> str:
    """The worker page's address without its id: `{% url %}` on each of 50 rows was a third of the table's CPU."""
    return reverse("people:person-detail", args=[0]).removesuffix("0/")


@login_required
def person_export(request):
    scope = scope_of(request.user)
    scope.require(Action.EXPORT)
    form, qs = _filtered(request, action=Action.EXPORT)
    full = scope.can(Action.VIEW_FULL_NIK) and request.GET.get("nik") == "lengkap"
    # Someone may see whole NIKs in part of what they export (an operator who also works for finance).
    whole = (lambda village_code: scope.can(Action.VIEW_FULL_NIK, village_code)) if full else False
    content, count = exports.people_xlsx(qs.select_related("village__parent"), full_nik=whole)
    services.record_export(count, by=request.user, filters=form.active_filters(), full_nik=full)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="pekerja-{stamp}.xlsx"'
    return response


@login_required
def person_detail(request, pk):
    from lindung.coverage.services import person_ledger  # coverage builds on people: the page's one way back

    person = get_visible_or_404(
        Person.objects.select_related("village__parent", "proposed_by", "verified_by"), request.user, pk=pk
    )
    scope = scope_of(request.user)
    today = timezone.localdate()
    # Read once and shared: the ledger's memberships feed the table and the timeline, and one
    # rules row serves the verifier's holds and the notes.
    ledger = person_ledger(person, today=today)
    rules = EligibilityRules.in_force(today)
    context = {
        "person": person,
        "history": person_history(person),
        "can_edit": scope.can(Action.PROPOSE, person.village_id) and not person.is_closed(),
        "can_verify": scope.can(Action.VERIFY, person.village_id),
        "can_view_nik": scope.can(Action.VIEW_FULL_NIK, person.village_id),
        "reject_form": RejectForm(initial={"version": person.version}),
        "verify_form": VerifyForm(initial={"version": person.version}),
        "holds": services.verification_holds(person, today=today, rules=rules)
        if person.can_be_verified() and scope.can(Action.VERIFY, person.village_id)
        else [],
        "close_form": CloseForm(initial={"version": person.version}),
        "age": person.age_on(today),
        "merged_into": Person.objects.visible_to(request.user).filter(pk=person.merged_into_id).first()
        if person.merged_into_id
        else None,
        "flags": active_flags([person]).get(person.pk, []),
        "memberships": sorted(ledger.memberships, key=lambda m: (-m.programme_year.year, m.funder.rank)),
        "ledger": ledger,
        "notes": services.recheck(person, today=today, rules=rules).notes,
    }
    return render(request, "people/person_detail.html", context)


@login_required
@require_POST
def person_reveal_nik(request, pk):
    person = get_visible_or_404(Person.objects, request.user, pk=pk)
    nik = services.reveal_nik(person, by=request.user)
    return render(request, "people/_nik_revealed.html", {"nik": nik})


def _form_context(form, problems_need_confirm, scope, village_code):
    return {
        "form": form,
        "needs_confirm": problems_need_confirm,
        "can_confirm": problems_need_confirm and scope.can(Action.VERIFY, village_code or None),
    }


def _say_warnings(request, person) -> None:
    """Saved with a warning or a note is saved, but not silently."""
    said = [w["message"] for w in person.warnings] + [n.message for n in services.recheck(person).notes]
    if said:
        messages.warning(request, "Tersimpan dengan catatan: " + " ".join(said))


@login_required
def person_create(request):
    scope = scope_of(request.user)
    scope.require(Action.PROPOSE)
    form = PersonForm(request.POST if request.method == "POST" else None, user=request.user)
    needs_confirm = False
    duplicates = []
    if request.method == "POST" and not form.is_valid():
        form.add_rule_problems_to_clean_fields(services.check(form.cleaned_data).errors)
    elif request.method == "POST":
        data = form.cleaned_data
        try:
            person = services.propose_person(
                data,
                by=request.user,
                confirm_note=data["confirm_note"],
                # "Tetap simpan" on the confirm step: the user has seen the probable existing person.
                stop_at_duplicate=request.POST.get("save_anyway") != "1",
            )
        except services.ProbableDuplicate as exc:
            duplicates = exc.problems
        except services.PersonInvalid as exc:
            form.add_problems(exc.problems)
            needs_confirm = any(p.level == "confirm" for p in exc.problems)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"{person.name} diusulkan. Menunggu verifikasi.")
            _say_warnings(request, person)
            return redirect("people:person-detail", pk=person.pk)
    context = _form_context(form, needs_confirm, scope, form.data.get("village_code"))
    context["duplicates"] = duplicates
    return render(request, "people/person_form.html", {**context, "title": "Usulkan pekerja baru"})


@login_required
def person_edit(request, pk):
    person = get_visible_or_404(Person.objects, request.user, pk=pk)
    scope = scope_of(request.user)
    if not scope.can(Action.PROPOSE, person.village_id):
        raise PermissionDenied("Anda hanya dapat melihat data ini.")
    form = PersonForm(
        request.POST if request.method == "POST" else None, user=request.user, initial=PersonForm.initial_for(person)
    )
    needs_confirm = False
    duplicates = []
    if request.method == "POST" and not form.is_valid():
        form.add_rule_problems_to_clean_fields(services.check(form.cleaned_data).errors)
    elif request.method == "POST":
        data = form.cleaned_data
        try:
            person = services.update_person(
                person,
                data,
                by=request.user,
                expected_version=data["version"],
                confirm_note=data["confirm_note"],
                # "Tetap simpan" on the confirm step: the user has seen the probable other person.
                stop_at_duplicate=request.POST.get("save_anyway") != "1",
            )
        except services.ProbableDuplicate as exc:
            duplicates = exc.problems
        except services.PersonInvalid as exc:
            form.add_problems(exc.problems)
            needs_confirm = any(p.level == "confirm" for p in exc.problems)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Perubahan disimpan.")
            _say_warnings(request, person)
            return redirect("people:person-detail", pk=person.pk)
    context = _form_context(form, needs_confirm, scope, form.data.get("village_code") or person.village_id)
    context["duplicates"] = duplicates
    # Said before saving, not after: the operator's change sends a verified person back.
    context["returns_to_verifier"] = person.status == Status.VERIFIED and not scope.can(
        Action.VERIFY, person.village_id
    )
    return render(
        request, "people/person_form.html", {**context, "title": f"Ubah data {person.name}", "person": person}
    )


def _back(request, pk):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("people:person-detail", pk=pk)


def _version(request):
    raw = request.POST.get("version")
    return int(raw) if raw and raw.isdigit() else None


@login_required
@require_POST
def person_verify(request, pk):
    person = get_visible_or_404(Person.objects, request.user, pk=pk)
    try:
        services.verify_person(
            person, by=request.user, expected_version=_version(request), note=request.POST.get("note", "")
        )
        messages.success(request, f"{person.name} diverifikasi.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(request, pk)


@login_required
@require_POST
def person_reject(request, pk):
    person = get_visible_or_404(Person.objects, request.user, pk=pk)
    try:
        services.reject_person(
            person, by=request.user, reason=request.POST.get("reason", ""), expected_version=_version(request)
        )
        messages.success(request, f"{person.name} ditolak. Desa dapat memperbaiki dan mengusulkan lagi.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("people:person-detail", pk=pk)


@login_required
@require_POST
def person_close(request, pk):
    from lindung.enrolment import services as enrolment

    person = get_visible_or_404(Person.objects, request.user, pk=pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("people:person-detail", pk=pk)
    data = form.cleaned_data
    try:
        if data["status"] == Status.DECEASED:
            enrolment.record_death(person, died_on=data["closed_on"], by=request.user, note=data["reason"])
        else:
            enrolment.record_move(person, moved_on=data["closed_on"], by=request.user, note=data["reason"])
        messages.success(request, "Status diperbarui; kepesertaannya berakhir setelah bulan itu.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("people:person-detail", pk=pk)


@login_required
def verification_queue(request):
    scope = scope_of(request.user)
    scope.require(Action.VERIFY)
    form = PersonFilterForm(request.GET or None, user=request.user)
    qs = form.apply(Person.objects.visible_to(request.user, Action.VERIFY).filter(status=Status.PROPOSED))
    if request.method == "POST":
        result = services.verify_people(qs, by=request.user)
        messages.success(request, f"{result.verified:,} data diverifikasi.".replace(",", "."))
        if result.held:
            messages.warning(
                request,
                f"{result.held:,} data tidak ikut diterima karena ada peringatan: ".replace(",", ".")
                + "buka satu per satu dan tulis catatan verifikasi, atau tolak.",
            )
        return redirect(request.get_full_path())
    page = Paginator(qs.select_related("village"), PAGE_SIZE).get_page(request.GET.get("hal"))
    return render(request, "people/verification_queue.html", {"form": form, "page": page})

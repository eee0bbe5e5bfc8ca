"""Planning writes (services). One module per sub-domain; import from the module, e.g.
``from kinerja.planning.services.transitions import plan_transition``.

Every service takes ``actor`` (a User, or None for the system) keyword-only, runs in
``transaction.atomic``, raises ``ValidationError`` with the rule id as code (GEN-2) and writes an
audit entry (GEN-4). Names and signatures below are stable.

cycles.py
    cycle_open(*, actor, agency, year, grid=None, progress=None) -> CycleOpenResult
        PLAN-1/EXEC-1/EXEC-2/GEN-3: creates the Cycle (PLANNING) with frozen settings and its
        Checkpoints, then calls cycle_generate_plans. CycleOpenResult(cycle, checkpoints,
        plans_created).
    cycle_generate_plans(*, actor, cycle, progress=None, on=None) -> int
        Set-based, idempotent: one DRAFT plan per active assignment without a plan (PLAN-2/3/26/27,
        ORG-2, ORG-6). ``progress(done, total)`` is called while it runs. Returns plans created.
        ``on``: assignments ended before this date are skipped (default today within the cycle;
        ``on=cycle.start_date`` plans every post held during the cycle).
    cycle_transition(*, actor, cycle, to_status) -> Cycle
        PLANNING -> RUNNING -> EVALUATING -> CLOSED (CYCLE_TRANSITIONS), HR only, audited.
    cycle_apply_settings(*, actor, cycle, changes: dict, reason) -> Cycle
        GEN-3: HR applies changed settings to an open cycle explicitly (audited).

plans.py  (also re-exports the hr, revisions, transfers, copying and content services below,
          so ``from kinerja.planning.services.plans import ...`` keeps working)
    plan_create(*, actor, cycle, employee, position=None, period_start=None, period_end=None,
                approach="QUANTITATIVE", family=None, confirm_warnings=False) -> PlanCreateResult
        PLAN-2/3/4/26/27, ORG-2, ORG-6: a DRAFT plan with its seven behaviour rows.
        PlanCreateResult(plan, warnings).
    plan_update(*, actor, plan, approach=None) -> PerformancePlan          (DRAFT only; PLAN-4)

hr.py
    plan_set_by_hr(*, actor, cycle, employee, position=None, approach="QUANTITATIVE",
                   work_results=(), confirm_warnings=False, today=None) -> PlanCreateResult
        PLAN-24: after the escalation date, HR creates and approves (set_by_hr=True).

revisions.py
    plan_revise(*, actor, plan) -> PerformancePlan                         PLAN-28

transfers.py
    employee_transfer_with_plans(*, actor, employee, position, start_date,
                                 kind=AssignmentKind.DEFINITIVE, reason="")
        -> EmployeeTransferResult(closed, opened: Assignment, plan_closed, plan_opened: plan|None)
        ORG-5 + PLAN-25 in one transaction, the one transfer path (pages and API): people's
        employee_transfer, then for a DEFINITIVE move plan_handle_transfer (an acting Plt/Plh
        post leaves the plan alone; an agency without any cycle has no plan to move). Errors
        name start_date/position.
    plan_handle_transfer(*, actor, employee, effective_date, new_position=None)
        -> TransferPlanResult(closed: plan | None, opened: plan | None)    PLAN-25
    plan_change_appraiser(*, actor, plan, effective_date, reason, appraiser=None,
                          appraiser_official=None) -> PerformancePlan      ORG-6/ORG-10 (HR)

copying.py
    plan_copy_from_previous(*, actor, plan) -> CopyResult(created: int, warnings: list[str])

content.py
    expectation_save(*, actor, expectation, text) -> BehaviourExpectation  PLAN-17 (appraiser)
    annex_item_save(*, actor, plan, section, text, item=None) -> PlanAnnexItem   PLAN-18
    annex_item_delete(*, actor, item) -> None
    dialogue_save(*, actor, plan=None, employee=None, date, topic, notes="",
                  appraiser=None, appraiser_official=None, participants=(),
                  checkpoint=None, dialogue=None) -> Dialogue              EXEC-10/PLAN-19

_plans_common.py  (private) the new-plan builder shared by plans, hr, revisions and transfers
    (_new_plan, _exempt_warning, _next_version, _create_behaviour_rows, PLAN_FIELDS,
    PlanCreateResult). _common.py (private): dates, capacities, errors for every module.

work_results.py
    work_result_save(*, actor, plan, text, kind="MAIN", supports=None, assigned_by="",
                     order=None, work_result=None) -> WorkResult           PLAN-6/7/8/20
    work_result_delete(*, actor, work_result) -> None                      PLAN-10
    indicator_save(*, actor, work_result, text, target_kind="NUMBER", target_value=None,
                   target_min=None, target_max=None, target_unit="", target_text="",
                   aspect="", perspective="", order=None, indicator=None) -> Indicator
        PLAN-11/13, REF-6/7
    indicator_delete(*, actor, indicator) -> None
    work_result_push_to_staff(*, actor, source_work_result, employees, text,
                              indicators=()) -> PushResult(created: list[WorkResult],
                              skipped: list[str])

transitions.py
    plan_transition(*, actor, plan, action, note="", confirm_warnings=False,
                    today=None, reason="") -> TransitionResult(plan, warnings)
        The one PLAN-20 workflow service: submit, review, reject, reopen, approve, close.
        Raises ValidationError listing every failing rule (code = first rule id); with PLAN-12
        WARN, returns without change and ``warnings`` filled unless confirm_warnings=True
        (TransitionResult.applied tells which).
    plan_submission_problems(plan, *, today=None) -> Problems(errors, warnings)  (read-only)
    plan_capacities(user, plan) -> frozenset[str]    (workflow.Capacity values)
    resolve_jpt_approver(plan_or_position, on) -> (Employee | None, ExternalOfficial | None)

templates.py
    template_save(*, actor, template) -> PlanTemplate
    template_publish(*, actor, template) -> PlanTemplate
    plan_template_apply_bulk(*, actor, template, plans) -> TemplateApplyResult(applied,
                             skipped: list[tuple[plan_id, reason]])

matrix.py
    matrix_cell_save(*, actor, jpt_plan, indicator, subordinate_plan, text)
        -> MatrixCellResult(work_result, plan, revised: bool)              PLAN-15

notifications (kinerja.planning.notifications)
    notify(*, agency_id, users, text, url="") -> int   in-app rows + e-mail on commit
    notification_mark_read(*, actor, notification) -> Notification

selectors (kinerja.planning.selectors)
    cycle_list_visible_to(user) -> QuerySet[Cycle]
    cycle_get_for_user(user, pk, *, write=False) -> Cycle
    current_cycle(agency, on=None) -> Cycle | None
    plan_list_visible_to(user) -> QuerySet[PerformancePlan]
    plan_get_for_user(user, pk, *, write=False) -> PerformancePlan
    plan_detail(plan) -> PlanDetail  (work results + indicators + supports, behaviour rows with
                                      guide behaviours, annex by section, events, dialogues)
    supportable_work_results(plan) -> list[WorkResult]
    cascade_tree(cycle) -> CascadeTree
    completion_by_unit(cycle, user, *, today=None) -> list[UnitCompletion]
    role_result_matrix(plan) -> RoleResultMatrix
    dialogue_list_for_plan(plan) -> QuerySet[Dialogue]
    notification_list_for(user, *, unread_only=False) -> QuerySet[Notification]
    template_list_visible_to(user) -> QuerySet[PlanTemplate]
    plans_for_transfer_check(employee, effective_date) -> list[PerformancePlan]
"""

"""Write use cases of the providers, each in one transaction."""

from helhet.care.services.checkoff import task_record_undo
from helhet.care.services.coordination import (
    coordinator_appoint,
    individual_plan_consent_set,
    individual_plan_consent_set_by_citizen,
    individual_plan_end,
    individual_plan_goal_add,
    individual_plan_group_add,
    individual_plan_review,
    plan_consent_candidates,
)
from helhet.care.services.daily import (
    appointment_add,
    extra_task_record,
    message_mark_read,
    message_post,
    visit_assign,
    visits_assign,
)
from helhet.care.services.meetings import (
    action_done,
    joint_day_reserve,
    joint_slot_book,
    meeting_action_add,
    meeting_minutes_record,
    meeting_schedule,
)
from helhet.care.services.plans import (
    goal_add,
    measure_add,
    measure_end,
    measure_goal_set,
    plan_for,
    task_record,
)
from helhet.care.services.quality import (
    deviation_close,
    deviation_follow_up,
    deviation_report,
    procedure_create,
    procedure_revise,
)

__all__ = [
    "action_done",
    "appointment_add",
    "coordinator_appoint",
    "deviation_close",
    "deviation_follow_up",
    "deviation_report",
    "extra_task_record",
    "goal_add",
    "individual_plan_consent_set",
    "individual_plan_consent_set_by_citizen",
    "plan_consent_candidates",
    "individual_plan_end",
    "individual_plan_goal_add",
    "individual_plan_group_add",
    "individual_plan_review",
    "joint_day_reserve",
    "joint_slot_book",
    "measure_add",
    "measure_end",
    "measure_goal_set",
    "meeting_action_add",
    "meeting_minutes_record",
    "meeting_schedule",
    "message_mark_read",
    "message_post",
    "plan_for",
    "procedure_create",
    "procedure_revise",
    "task_record",
    "task_record_undo",
    "visit_assign",
    "visits_assign",
]

"""`{% case_steps case %}`: the case process step indicator."""

from django import template

from helhet.casework import steps

register = template.Library()


@register.inclusion_tag("casework/_steps.html")
def case_steps(case) -> dict:
    past_review = steps.STEP_OF_STATUS.get(case.status) in ("decision", "follow_up")
    reviewed = not past_review or case.reviews.exists()  # asked only once the review step lies behind
    return {"steps": steps.case_steps(case.status, reviewed=reviewed), "case": case}

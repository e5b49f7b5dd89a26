"""{% change_history obj %}: the "Endringshistorikk" block on an object's page."""

from django import template

from helhet.core.selectors import history_for, history_for_types

register = template.Library()


@register.inclusion_tag("includes/change_history.html")
def change_history(obj, title=""):
    return {"history": history_for(obj), "title": title}


@register.inclusion_tag("includes/change_history.html")
def change_history_types(municipality, object_types: str, title=""):
    return {"history": history_for_types(municipality, object_types.split(",")), "title": title}

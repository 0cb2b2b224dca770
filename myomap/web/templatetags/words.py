"""`{{ value|words }}`: show a snake_case vocabulary id as words ("pelvic_torsion" → "pelvic
torsion"), for ids that have no label in the knowledge base."""

from django import template

register = template.Library()


@register.filter
def words(value: object) -> str:
    return str(value).replace("_", " ")

"""{% cur_chart spec "id" 260 %}: a canvas for static/cur/charts.js and its data as JSON."""

from django import template
from django.utils.html import format_html, json_script

register = template.Library()


@register.simple_tag
def cur_chart(spec, chart_id: str, height: int = 260):
    if not getattr(spec, "labels", None):
        return ""
    data_id = f"{chart_id}-data"
    return format_html(
        '<div class="cur-chart" data-cur-height="{}"><canvas id="{}" data-cur-chart="{}" role="img" aria-label="{}"></canvas></div>{}',
        int(height), chart_id, data_id, spec.title, json_script(spec.as_json(), data_id),
    )

"""The dates a series rule meets, worked out by hand day by day: an oracle independent of dateutil's rrule."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from programmet.content.model import Frequency


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def meets(rule: Any, day: date) -> bool:
    """Whether ``rule`` (a parsed Recurrence) meets on ``day``."""
    if day.weekday() not in rule.weekdays:
        return False
    if rule.frequency is Frequency.WEEKLY:  # weeks start on Monday, counted from the first one
        weeks = (monday(day) - monday(rule.first)).days // 7
        return weeks % rule.interval == 0
    months = (day.year - rule.first.year) * 12 + day.month - rule.first.month
    nth = rule.week_of_month
    in_week = (day.day - 1) // 7 + 1 == nth if nth > 0 else day.day + 7 > calendar.monthrange(day.year, day.month)[1]
    return months % rule.interval == 0 and in_week

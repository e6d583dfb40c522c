"""One screening answer's value checked against its question's format (design §5.4, §5.7).

`check_value` returns the normalised value (str, int/float, bool, option labels, ISO date
text) or a `Refusal` whose message says what the question expects. Select answers are option
ids (QuestionOption global ids); the option's label (its `remoteId`) is accepted too.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from gateway.core.errors import InputInvalid
from unified.ids import from_global_id
from unified.keys import parse_option_key
from unified.model import QuestionRecord

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: types whose answers are not sent to Flatchr (the C4 builder warns about them)
NOT_SENT = frozenset({"FILE", "INFORMATION"})


@dataclass(frozen=True, slots=True)
class Refusal:
    message: str


#: what an empty answer means: nothing to send (the caller left the question blank)
BLANK = Refusal("blank")


def check_value(question: QuestionRecord, value: Any) -> Any:
    """The normalised value, `BLANK` for an empty text/list, or a `Refusal`."""
    kind = question.format.type
    if value is None:
        return Refusal("The answer is null; leave the question out instead")
    if kind in NOT_SENT:
        return value
    checker = _CHECKERS.get(kind, _unknown)
    result: Any = checker(question, value)
    return result


def _text(question: QuestionRecord, value: Any) -> Any:
    if not isinstance(value, str):
        return Refusal("A TEXT question expects a string")
    if not value.strip():
        return BLANK
    limit = question.format.max_length
    if limit is not None and len(value) > limit:
        return Refusal(f"The answer is {len(value)} characters long; at most {limit} allowed")
    return value


def _number(question: QuestionRecord, value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return Refusal("A NUMBER question expects a number")
    if isinstance(value, float) and not math.isfinite(value):
        return Refusal("A NUMBER question expects a finite number")
    low, high = question.format.min, question.format.max
    if low is not None and value < low:
        return Refusal(f"The answer must be at least {_plain(low)}")
    if high is not None and value > high:
        return Refusal(f"The answer must be at most {_plain(high)}")
    return value


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _boolean(question: QuestionRecord, value: Any) -> Any:
    if not isinstance(value, bool):
        return Refusal("A BOOLEAN question expects true or false")
    return value


def _date(question: QuestionRecord, value: Any) -> Any:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return Refusal('A DATE question expects a date as "YYYY-MM-DD"')
    try:
        date.fromisoformat(value)
    except ValueError:
        return Refusal(f"{value} is not a calendar date")
    return value


def option_label(question: QuestionRecord, value: Any) -> str | None:
    """The label of the option `value` names (an option global id, or the label itself)."""
    if not isinstance(value, str):
        return None
    labels = {o.name for o in question.format.options}
    try:
        _, key = from_global_id(value, expect="QuestionOption")
    except InputInvalid:
        return value if value in labels else None
    parsed = parse_option_key(key)
    if parsed is None or parsed[0] != question.key:
        return None
    return parsed[1] if parsed[1] in labels else None


def _single(question: QuestionRecord, value: Any) -> Any:
    if not isinstance(value, str):
        return Refusal("A SINGLE_SELECT question expects one option id")
    label = option_label(question, value)
    if label is None:
        return Refusal(f"{_short(value)} is not an option of this question")
    return label


def _multi(question: QuestionRecord, value: Any) -> Any:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return Refusal("A MULTI_SELECT question expects a list of option ids")
    if not value:
        return BLANK
    chosen: set[str] = set()
    for item in value:
        label = option_label(question, item)
        if label is None:
            return Refusal(f"{_short(item)} is not an option of this question")
        chosen.add(label)
    # the question's own option order: the same choice is always sent the same way
    return [o.name for o in question.format.options if o.name in chosen]


def _unknown(question: QuestionRecord, value: Any) -> Any:
    """A question type the gateway does not know: plain values only, sent as text."""
    scalars = (str, int, float, bool)
    if isinstance(value, scalars) or (
        isinstance(value, list) and all(isinstance(v, scalars) for v in value)
    ):
        return value
    return Refusal("This question expects a string, number, boolean or a list of them")


def _short(value: str) -> str:
    return repr(value if len(value) <= 60 else value[:57] + "...")


_CHECKERS = {
    "TEXT": _text,
    "NUMBER": _number,
    "BOOLEAN": _boolean,
    "DATE": _date,
    "SINGLE_SELECT": _single,
    "MULTI_SELECT": _multi,
}

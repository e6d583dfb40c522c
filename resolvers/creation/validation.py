"""Everything a create mutation sends, checked before any upstream call, every problem at once.

Each problem carries the GraphQL path of the offending input field and PLATFORM_INPUT_INVALID,
so the payload's `userErrors` tell the caller all there is to fix in one round trip. Names must
be sane, the e-mail must be an address (email-validator, no DNS lookup), a phone must be a
possible number (phonenumbers; French numbers may omit +33), attachments and answers are checked
by their own modules. Unknown questions and other non-blocking findings are warnings.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from phonenumbers import (
    NumberParseException,
    PhoneNumberFormat,
    format_number,
    is_possible_number,
    parse,
)

from resolvers.creation.answers import JobQuestions, validate_answers
from resolvers.creation.attachments import validate_attachments
from resolvers.creation.inputs import (
    ApplicationDraft,
    FileLimits,
    Problem,
    SourceInput,
    UrlPolicy,
    Validation,
    ValidDraft,
)

MAX_NAME = 100
MAX_SOURCE = 200
PHONE_REGION = "FR"
_NAMES = (("first_name", "firstName"), ("last_name", "lastName"))


def validate_draft(
    draft: ApplicationDraft,
    *,
    job_key: str,
    questions: JobQuestions,
    limits: FileLimits,
    policy: UrlPolicy,
) -> Validation:
    """Check the whole draft against the job (its key and its questions)."""
    result = Validation()
    names = {attr: check_name(getattr(draft.candidate, attr)) for attr, _ in _NAMES}
    for attr, field in _NAMES:
        message = names[attr][1]
        if message is not None:
            result.errors.append(Problem(["candidate", field], message))
    email, email_error = check_email(draft.candidate.email_address)
    if email_error is not None:
        result.errors.append(Problem(["candidate", "emailAddress"], email_error))
    phone, phone_error = check_phone(draft.candidate.phone_number)
    if phone_error is not None:
        result.errors.append(Problem(["candidate", "phoneNumber"], phone_error))
    attachments, problems = validate_attachments(draft.attachments, limits, policy)
    result.errors.extend(problems)
    answers, problems, warnings = validate_answers(draft.answers, job_key, questions)
    result.errors.extend(problems)
    result.warnings.extend(warnings)
    source, problems = check_source(draft.source)
    result.errors.extend(problems)
    if not result.errors:
        result.draft = ValidDraft(
            first_name=names["first_name"][0],
            last_name=names["last_name"][0],
            email=email,
            phone=phone,
            attachments=attachments,
            answers=answers,
            source=source,
        )
    return result


def check_name(value: str) -> tuple[str, str | None]:
    """(trimmed name, error message or None)."""
    name = " ".join(value.split())
    if not name:
        return name, "The name is required"
    if len(name) > MAX_NAME:
        return name, f"A name of at most {MAX_NAME} characters"
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        return name, "The name holds control characters"
    if not any(char.isalpha() for char in name):
        return name, "A name holds at least one letter"
    return name, None


def check_email(value: str) -> tuple[str, str | None]:
    """(normalised address, error message or None); syntax only, no DNS."""
    try:
        checked = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        return value, f"Not a valid e-mail address: {exc}"
    return checked.normalized, None


def check_phone(value: str | None) -> tuple[str | None, str | None]:
    """(E.164 number or None when absent, error message or None)."""
    if value is None or not value.strip():
        return None, None
    if len(value) > 40:
        return None, "Not a phone number (too long)"
    try:
        number = parse(value, PHONE_REGION)
    except NumberParseException:
        return None, "Not a phone number; use +<country code> for numbers outside France"
    if not is_possible_number(number):
        return None, "Not a possible phone number for its country"
    return format_number(number, PhoneNumberFormat.E164), None


def check_source(source: SourceInput | None) -> tuple[SourceInput | None, list[Problem]]:
    """Blank parts count as absent; each part at most MAX_SOURCE characters."""
    if source is None:
        return None, []
    parts = {"id": source.id, "name": source.name}
    problems = []
    for field, value in parts.items():
        if value is not None and len(value.strip()) > MAX_SOURCE:
            problems.append(Problem(["source", field], f"At most {MAX_SOURCE} characters"))
        parts[field] = (value.strip() or None) if value is not None else None
    if parts["id"] is None and parts["name"] is None:
        return None, problems
    return SourceInput(id=parts["id"], name=parts["name"]), problems

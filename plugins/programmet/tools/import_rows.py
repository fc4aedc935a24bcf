"""One spreadsheet row -> one draft event, or the reasons it cannot be one.

Every problem in a row is collected and reported together, named by the
column header as the spreadsheet has it ('Dato: '31.02.2027' is not a date'),
so whoever fixes the spreadsheet fixes the whole row at once.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..settings import Term
from .import_drafts import Draft, Outcome, identity, skipped
from .import_row_cells import LANGUAGE_WORDS, REGISTRATION_WORDS, SKIP, STATUS_WORDS, Row
from .import_row_times import row_moment, row_when
from .import_values import (
    branch_choices,
    first_sentence,
    match_branch,
    match_term,
    norm,
    parse_price,
    parse_yes_no,
    split_list,
)
from .workspace import Workspace

ACCESS_FIELDS = ("sign_language", "text_interpreted", "hearing_loop", "step_free")
LIST_FIELDS = ("tags", "organizers", "partners", "performers")


def draft_from_row(row: Row, workspace: Workspace) -> Draft | Outcome:
    """The draft for one row, or the row skipped with every reason."""
    if row.lookup("status", STATUS_WORDS) == SKIP:
        return skipped(row.origin, f"{row.label('status')} {row.text('status')!r} is marked skip in the mapping")
    problems: list[str] = []
    title = " ".join(row.text("title").split())
    if not title:
        problems.append(f"{row.label('title')}: empty; every event needs a title")
    when = row_when(row, problems)
    place = _place(row, workspace, problems)
    terms = _terms(row, workspace, problems)
    summary, body = _texts(row, problems)
    price = _price(row, problems)
    registration, link = _registration(row, price, problems)
    extras = _extras(row, problems)
    if problems:
        return skipped(row.origin, "; ".join(problems))
    meta = {"title": title, **when, **place, **terms, "summary": summary, **registration}
    meta.update({"price": price} if price else {})
    meta.update(extras)
    key = row.text("id") or identity(title, meta["start"], meta["branch"])
    return Draft(key=key, origin=row.origin, meta=meta, body="\n\n".join(p for p in (body, link) if p))


# -- where and what ---------------------------------------------------------


def _place(row: Row, workspace: Workspace, problems: list[str]) -> dict[str, str]:
    text = row.text("branch")
    if not text:
        problems.append(f"{row.label('branch')}: empty; every event needs a branch")
        return {}
    branch = match_branch(text, workspace.branches, row.values.get("branch"))
    if branch is None:
        problems.append(
            f"{row.label('branch')}: {text!r} matches no branch; use one of {branch_choices(workspace.branches)}, "
            "or add it under values: branch: in a mapping file"
        )
        return {}
    room = row.text("room")
    # 'scenen' is the room 'Scenen': the branch's own spelling passes the build's check.
    rooms = {norm(r): r for r in workspace.vocab.rooms_of(branch)}
    return {"branch": branch, **({"room": rooms.get(norm(room), room)} if room else {})}


def _terms(row: Row, workspace: Workspace, problems: list[str]) -> dict[str, object]:
    settings, vocab = workspace.settings, workspace.vocab
    terms: dict[str, object] = {}
    category = _term(row, "category", settings.categories, vocab.hints, problems, required=True)
    if category:
        terms["category"] = category
    theme = _term(row, "theme", settings.themes, vocab.hints, problems, required=False)
    if theme:
        terms["theme"] = theme
    whole = _term(row, "audiences", settings.audiences, vocab.hints, [], required=False)
    items = [whole] if whole else split_list(row.raw("audiences"), words=True)
    audiences = [_one_term(row, "audiences", item, settings.audiences, vocab.hints, problems) for item in items]
    if not items:
        problems.append(f"{row.label('audiences')}: empty; every event needs at least one audience")
    terms["audiences"] = list(dict.fromkeys(a for a in audiences if a))
    return terms


def _term(
    row: Row, name: str, terms: tuple[Term, ...], hints: Mapping[str, str], problems: list[str], *, required: bool
) -> str | None:
    text = row.text(name)
    if not text:
        if required:
            problems.append(f"{row.label(name)}: empty; every event needs a {name}")
        return None
    return _one_term(row, name, text, terms, hints, problems)


def _one_term(
    row: Row, name: str, text: str, terms: tuple[Term, ...], hints: Mapping[str, str], problems: list[str]
) -> str | None:
    found = match_term(text, [t.id for t in terms], hints, row.values.get(name))
    if found is None:
        choices = ", ".join(f"{t.id} ({t.label})" for t in terms)
        problems.append(f"{row.label(name)}: {text!r} is not a known {name.rstrip('s')}; one of {choices}")
    return found


# -- texts, registration and the rest ---------------------------------------


def _texts(row: Row, problems: list[str]) -> tuple[str, str]:
    body = row.text("description").replace("\r\n", "\n").replace("\r", "\n")
    summary = " ".join(row.text("summary").split())
    if not summary:
        summary = first_sentence(body) or ""
        if not summary:
            why = "the description's first sentence is over 200 characters" if body else "there is no description"
            problems.append(f"{row.label('summary')}: empty, and {why}; write a one-sentence summary")
    elif len(summary) > 200:
        problems.append(f"{row.label('summary')}: {len(summary)} characters; a summary has at most 200")
    return summary, body


def _registration(row: Row, price: int | None, problems: list[str]) -> tuple[dict[str, object], str]:
    """The registration field, and a 'Mer informasjon' link for the body when the link is not a sign-up."""
    url, text = row.text("registration_url"), row.text("registration")
    # A link with no word on what it is: a ticket sale if the event costs, else a free sign-up.
    implied = ("ticket" if price else "required") if url else None
    kind = row.lookup("registration", REGISTRATION_WORDS) if text else implied
    if kind is None and text:
        problems.append(f"{row.label('registration')}: {text!r} is not ja, nei or billett")
    if kind in (None, "none"):
        return {}, (f"[Mer informasjon]({url})" if url else "")
    registration: dict[str, object] = {"type": kind}
    if url:
        registration["url"] = url
    if row.text("registration_deadline"):
        moment = row_moment(row, "registration_deadline", problems)
        if moment.day and moment.clock:
            registration["deadline"] = f"{moment.day} {moment.clock:%H:%M}"
        elif moment.day:
            registration["deadline"] = moment.day.isoformat()
        else:
            problems.append(f"{row.label('registration_deadline')}: {row.text('registration_deadline')!r} needs a date")
    if row.text("registration_note"):
        registration["note"] = row.text("registration_note")
    return {"registration": registration}, ""


def _extras(row: Row, problems: list[str]) -> dict[str, object]:
    extras: dict[str, object] = {}
    for name in ("age_min", "age_max"):
        if row.text(name):
            if row.text(name).isdigit():
                extras[name] = int(row.text(name))
            else:
                problems.append(f"{row.label(name)}: {row.text(name)!r} is not an age in whole years")
    extras.update(_texts_of(row, ("price_note",)))
    status = row.lookup("status", STATUS_WORDS)
    if status is None:
        problems.append(f"{row.label('status')}: {row.text('status')!r} is not a status (avlyst, utsatt, fullt …)")
    elif status != "scheduled":
        extras["status"] = status
    extras.update(_texts_of(row, ("status_note",)))
    access = [name for name in ACCESS_FIELDS if _flag(row, name, problems)]
    extras.update({"accessibility": access} if access else {})
    if row.text("language"):
        extras["language"] = row.lookup("language", LANGUAGE_WORDS) or norm(row.text("language"))
    extras.update({name: split_list(row.raw(name)) for name in LIST_FIELDS if row.text(name)})
    return extras


def _price(row: Row, problems: list[str]) -> int | None:
    price = parse_price(row.raw("price"))
    if price is None:
        problems.append(
            f"{row.label('price')}: {row.text('price')!r} is not a price in whole kroner (like 150 kr or Gratis); "
            "put details in a price note column"
        )
    return price


def _texts_of(row: Row, names: tuple[str, ...]) -> dict[str, str]:
    return {name: " ".join(row.text(name).split()) for name in names if row.text(name)}


def _flag(row: Row, name: str, problems: list[str]) -> bool:
    value = parse_yes_no(row.raw(name))
    if value is None:
        problems.append(f"{row.label(name)}: {row.text(name)!r} is not ja or nei")
    return bool(value)

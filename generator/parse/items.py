"""The decisions section: item blocks, their decisions, guideline paragraphs and rationales.

An item block is: the item text ending in ``: <decision>`` (wrapped over lines, the decision
possibly alone on the next line, the item itself containing colons: the decision follows the
*last* colon), then "Claims Administrator guideline:", "MAXIMUS guideline:" and "Decision
rationale:" paragraphs. The decision is read from the item line, never guessed from the prose.

Where an item starts is found by walking back from its decision line to the previous line that
ends a sentence (the previous rationale's last line, or the section's intro "set forth below:").
Partial approvals ("X was the original request. Y was authorized by the Claims Administrator.
The remaining IMR eligible portion of the original request, Z: Upheld") hold sentence ends of
their own, so they are recognized by their grammar and kept whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator import patterns as P
from generator.citations import parse_guideline
from generator.clean import squash
from generator.dates import parse_date
from generator.model import (
    Citation,
    Decision,
    Diagnostic,
    Issue,
    PartialApproval,
    Treatment,
    note,
    warning,
)

# Longest item text seen in real letters spans 5 lines; partial approvals up to 7. A walk back
# longer than this means the previous rationale did not end with a sentence: stop there.
_MAX_ITEM_LINES = 5
_MAX_PARTIAL_LINES = 10

_DECISIONS: dict[str, Decision] = {"upheld": "upheld", "overturned": "overturned"}

_ROLE_LABELS = (
    ("claims_administrator", P.CA_GUIDELINE_LABEL),
    ("maximus", P.MAXIMUS_GUIDELINE_LABEL),
    ("rationale", P.RATIONALE_LABEL),
)


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Anchor:
    """The line holding an item's decision, and where the item's own words end."""

    line: int
    head_end: int  # absolute offset where the item text ends (before its last colon)
    word: str | None  # the decision word as written, None when absent


def _lines(text: str, start: int, end: int) -> list[_Line]:
    lines: list[_Line] = []
    pos = start
    for raw in text[start:end].split("\n"):
        if raw:
            lines.append(_Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return lines


def _is_label(line: _Line) -> bool:
    return any(pattern.match(line.text) for _role, pattern in _ROLE_LABELS)


def _find_anchors(lines: list[_Line]) -> list[_Anchor]:
    anchors: list[_Anchor] = []
    since_anchor = True  # no anchor yet since the last guideline label
    for i, line in enumerate(lines):
        tail = P.DECISION_TAIL.search(line.text)
        if tail and not _is_label(line):
            anchors.append(_Anchor(i, line.start + tail.start(), tail.group("word")))
            since_anchor = False
            continue
        alone = P.DECISION_ALONE.match(line.text)
        if alone and i > 0 and lines[i - 1].text.endswith(":") and not _is_label(lines[i - 1]):
            anchors.append(_Anchor(i, lines[i - 1].end - 1, alone.group("word")))
            since_anchor = False
            continue
        if P.CA_GUIDELINE_LABEL.match(line.text) or P.MAXIMUS_GUIDELINE_LABEL.match(line.text):
            if since_anchor and i > 0 and not _is_label(lines[i - 1]):
                # A guideline label with no decision line before it: the line above is the item,
                # its decision word one we do not know (or missing).
                prev = lines[i - 1]
                colon = P.LAST_COLON_TAIL.search(prev.text)
                if colon:
                    anchors.append(_Anchor(i - 1, prev.start + colon.start(), colon.group("word")))
                else:
                    anchors.append(_Anchor(i - 1, prev.end, None))
            since_anchor = False
        elif P.RATIONALE_LABEL.match(line.text):
            since_anchor = True
    return anchors


def _walk_back(lines: list[_Line], last: int, floor: int, limit: int) -> int:
    """First line of the run ending at ``last`` that follows a sentence end or a label."""
    start = last
    while start - 1 >= floor and last - start + 1 < limit:
        above = lines[start - 1]
        if P.SENTENCE_END.search(above.text) or _is_label(above):
            break
        start -= 1
    return start


def _head_start(text: str, lines: list[_Line], anchor: _Anchor, floor: int) -> int:
    """Index of the first line of the item whose decision is on ``anchor.line``."""
    last = anchor.line
    if lines[last].start >= anchor.head_end:  # decision alone on its line: item ends above
        last -= 1
    start = _walk_back(lines, last, floor, _MAX_ITEM_LINES)
    # A partial approval holds sentence ends of its own: find its "X was the original request."
    # line and keep the whole when the text from there parses as one.
    for i in range(last, max(floor, last - _MAX_PARTIAL_LINES) - 1, -1):
        if P.PARTIAL_MARKER.search(lines[i].text):
            begin = _walk_back(lines, i, floor, _MAX_ITEM_LINES)
            head = squash(text[lines[begin].start : anchor.head_end])
            if _partial(head).approval is not None:
                return min(begin, start)
            break
    return start


_SENTENCE_INSIDE = re.compile(r"[.?!]\s+[A-Z]")


@dataclass(frozen=True)
class _Partial:
    """A partial approval read from its sentences: the disputed item's text, the parts, and a
    note when the letter restates the whole request in other words than it first gave it."""

    item: str
    approval: PartialApproval | None = None
    findings: tuple[Diagnostic, ...] = ()


def _same_request(a: str, b: str) -> bool:
    def key(text: str) -> str:
        return " ".join(text.casefold().split()).strip(" .,;:")

    return key(a) == key(b)


def _partial(head: str) -> _Partial:
    """Split a partial approval into its sentences: "<original> was the original request.",
    an optional sentence on what the Claims Administrator authorized, and "The remaining IMR
    eligible portion of the original request, <remainder>" or "The original request,
    <remainder>".

    Returns the head unchanged with no parts unless the whole head fits, so a rationale that
    merely mentions an "original request" never becomes part of the next item. Each part is kept
    as the letter writes it; when the letter restates the whole request ("The original request,
    X is") in other words than the first sentence, a note says so.
    """
    original = P.PARTIAL_ORIGINAL.match(head)
    if original is None or _SENTENCE_INSIDE.search(original.group("original")):
        return _Partial(head)
    rest = head[original.end() :]
    authorized = None
    for pattern in (P.PARTIAL_AUTHORIZED_PASSIVE, P.PARTIAL_AUTHORIZED_ACTIVE):
        match = pattern.match(rest)
        if match and not _SENTENCE_INSIDE.search(match.group("authorized")):
            authorized = squash(match.group("authorized"))
            rest = rest[match.end() :]
            break
    remainder_match = P.PARTIAL_REMAINDER.match(rest)
    if remainder_match is None or _SENTENCE_INSIDE.search(remainder_match.group("remainder")):
        return _Partial(head)
    first = squash(original.group("original"))
    remainder = squash(remainder_match.group("remainder"))
    findings: tuple[Diagnostic, ...] = ()
    if remainder_match.group("whole") and not _same_request(first, remainder):
        text = (
            f"the letter gives the original request as {first!r} and then as {remainder!r}; "
            "both kept as written"
        )
        findings = (note("partial-request-differs", text),)
    return _Partial(remainder, PartialApproval(first, authorized, remainder), findings)


@dataclass(frozen=True)
class _ItemDates:
    """Dates written into an item's name: its date of service and the request's date."""

    name: str
    date_of_service: str | None = None
    request_date: str | None = None


def _item_dates(item: str) -> _ItemDates:
    """Take the date fields out of an item's name ("..., DOS: 11/11/2016" -> date of service
    2016-11-11); the name keeps every other word as written."""
    found: dict[str, str | None] = {}
    for match in reversed(list(P.ITEM_DATE_FIELD.finditer(item))):
        label = match.group("label").lower()
        field = "request_date" if "request" in label else "date_of_service"
        found.setdefault(field, parse_date(match.group("date")))
        item = item[: match.start()] + item[match.end() :]
    name = item.strip(" ,;:")
    if not name:  # a date and nothing else: keep the words rather than lose the item
        return _ItemDates(item)
    return _ItemDates(name, found.get("date_of_service"), found.get("request_date"))


def _labelled(text: str, start: int, end: int) -> dict[str, tuple[int, int]]:
    """Where each labelled paragraph of a block starts and ends (absolute offsets)."""
    found: list[tuple[int, int, str]] = []
    for role, pattern in _ROLE_LABELS:
        match = pattern.search(text, start, end)
        if match:
            found.append((match.start(), match.end(), role))
    found.sort()
    spans: dict[str, tuple[int, int]] = {}
    for i, (_s, label_end, role) in enumerate(found):
        stop = found[i + 1][0] if i + 1 < len(found) else end
        spans[role] = (label_end, stop)
    return spans


def _decision(word: str | None) -> tuple[Decision, list[Diagnostic]]:
    if word is None:
        return "unknown", [warning("decision-missing", "no decision word after the item")]
    decision = _DECISIONS.get(word.strip().lower())
    if decision is None:
        text = f"decision {word.strip()!r} is neither Upheld nor Overturned"
        return "unknown", [warning("decision-unknown", text)]
    return decision, []


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _heads(text: str, start: int, end: int) -> tuple[list[_Line], list[_Anchor], list[int]]:
    """The lines of ``text[start:end]``, the decision anchors among them, and the first line of
    each anchor's item."""
    lines = _lines(text, start, end)
    anchors = _find_anchors(lines)
    heads = []
    floor = 0
    for anchor in anchors:
        heads.append(_head_start(text, lines, anchor, floor))
        floor = anchor.line + 1
    return lines, anchors, heads


_ROLE_NAMES = {"claims_administrator": "Claims Administrator", "maximus": "MAXIMUS"}


def _issue(
    text: str,
    index: int,
    block: tuple[int, int],
    head: tuple[int, int],
    word: str | None,
    paragraphs: dict[str, tuple[int, int] | None],
) -> Issue:
    """One item from its head (item text and decision word) and its paragraphs: role ->
    ``(start, end)`` in ``text``, or None when the letter has no such paragraph. A guideline role
    missing from ``paragraphs`` is one the layout lacks: null text, no citations, no warning."""
    item_text = squash(text[head[0] : head[1]]).rstrip(":").strip()
    partial = _partial(item_text)
    dates = _item_dates(partial.item)
    item = dates.name
    decision, found = _decision(word)
    found += partial.findings
    guideline_text: dict[str, str | None] = {}
    citations: dict[str, list[Citation]] = {}
    for role in ("claims_administrator", "maximus"):
        citations[role] = []
        guideline_text[role] = None
        if role not in paragraphs:
            continue
        span = paragraphs[role]
        if span is None:
            guideline_text[role] = ""
            found.append(
                warning("guideline-missing", f"no '{_ROLE_NAMES[role]} guideline:' paragraph")
            )
            continue
        s, e = _strip_span(text, *span)
        guideline_text[role] = squash(text[s:e])
        citations[role] = parse_guideline(text[s:e], s)
    rationale_at = paragraphs.get("rationale")
    if rationale_at is not None:
        r_start, r_end = _strip_span(text, *rationale_at)
    else:
        r_start = r_end = block[1]
        missing = "no 'Decision rationale:' paragraph (letter truncated?)"
        found.append(warning("rationale-missing", missing))
    rationale = squash(text[r_start:r_end])
    if rationale_at is not None and not rationale:
        found.append(warning("rationale-empty", "the decision rationale is empty"))
    return Issue(
        index=index,
        item=item,
        decision=decision,
        decision_text=(word or "").strip(),
        treatment=Treatment(name=item.rstrip(" .:;,")),
        citations=citations,
        guideline_text=guideline_text,
        rationale=rationale,
        diagnostics=found,
        span=_strip_span(text, *block),
        item_span=head,
        rationale_span=(r_start, r_end),
        partial=partial.approval,
        date_of_service=dates.date_of_service,
        request_date=dates.request_date,
    )


def parse_items(text: str, start: int, end: int) -> list[Issue]:
    """Every decided item in ``text[start:end]`` (the decisions section), in order: each item
    line with its decision, then its "Claims Administrator guideline:", "MAXIMUS guideline:"
    and "Decision rationale:" paragraphs."""
    lines, anchors, heads = _heads(text, start, end)
    issues: list[Issue] = []
    for n, (anchor, first) in enumerate(zip(anchors, heads, strict=True)):
        block_start = lines[first].start
        block_end = lines[heads[n + 1]].start if n + 1 < len(anchors) else end
        spans = _labelled(text, lines[anchor.line].end, block_end)
        paragraphs = {role: spans.get(role) for role in ("claims_administrator", "maximus")}
        paragraphs["rationale"] = spans.get("rationale")
        head = (block_start, anchor.head_end)
        issues.append(_issue(text, n + 1, (block_start, block_end), head, anchor.word, paragraphs))
    return issues


def parse_listed_items(
    text: str, listing: tuple[int, int], guidelines: list[tuple[int, int]],
    rationales: list[tuple[int, int]],
) -> tuple[list[Issue], list[Diagnostic]]:  # fmt: skip
    """The 2013 layout: the items listed under ISSUE AT DISPUTE: ("1. Baclofen 10mg, #90:
    Upheld"), the n-th guideline and rationale sections belonging to the n-th item. The layout
    has no Claims Administrator guideline (null text, no citations). Returns the items and a
    warning when the letter has more or fewer sections than items."""
    lines, anchors, heads = _heads(text, *listing)
    issues: list[Issue] = []
    for n, (anchor, first) in enumerate(zip(anchors, heads, strict=True)):
        head_start = lines[first].start
        number = P.LIST_ENUMERATOR.match(text[head_start : anchor.head_end])
        if number is not None:  # "1. Baclofen 10mg, #90: Upheld": the number is no part of it
            head_start += number.end()
        paragraphs: dict[str, tuple[int, int] | None] = {
            "maximus": guidelines[n] if n < len(guidelines) else None,
            "rationale": rationales[n] if n < len(rationales) else None,
        }
        block = (head_start, lines[anchor.line].end)
        issues.append(_issue(text, n + 1, block, (head_start, anchor.head_end), anchor.word,
                             paragraphs))  # fmt: skip
    found = []
    if issues and (len(guidelines), len(rationales)) != (len(issues), len(issues)):
        found.append(
            warning(
                "sections-unmatched",
                f"{len(issues)} items at dispute but {len(guidelines)} guideline and "
                f"{len(rationales)} rationale sections; each section was given to the item "
                "in its place",
            )
        )
    return issues, found

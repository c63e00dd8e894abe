"""Reasons: why a disputed item was upheld or overturned, read from its rationale by named rules.

The reasons are data (``lexicons/reasons.yaml``: key, label, the decision each explains,
description, examples); the rules (``RULES``) are named regular expressions of
``patterns/reasons.py``, each giving one reason. ``assign_reasons`` is a pure function of the
rationale's text, the item's decision and its treatment kind:

- the rationale is read one sentence at a time;
- only rules for reasons that explain the item's decision run (an upheld item gets reasons for
  upholding, an overturned one reasons for overturning; an ``unknown`` decision gets none);
- a rule limited to treatment kinds (drug monitoring: drugs) runs only for those kinds;
- a match is dropped when it is a hypothesis ("When treatment ... exceeds the guideline, ...",
  "not needed unless ..."), when its rule reads only the records and the sentence reports a
  guideline, and, for a rule that states a presence, when a negation comes before it in its
  clause ("no documented improvement in pain" is not "improvement in pain").

Every match is kept as evidence: the rule's name, the span of the matched words and the words.
A rationale no rule matches gets an empty list: unassigned, never guessed. How well the rules do
against 339 hand-labelled items is measured by ``benchmarks/reasons_eval.py``.

Speed (a letter's reasons cost well under a millisecond: ``benchmarks/normalize_bench.py``): each
rule has ``needs``, words one of which every match of its pattern holds. They are looked for
once in the whole rationale, lowercased, and the rule is tried only on the sentences that hold
one; most rules are absent from most rationales, and a rule present is tried on a sentence or
two, not on all of them. Nothing depends on that but the time taken: the evidence is the same
as trying every rule on every sentence (tests/test_reasons.py compares the two over the
published letters, the seeds and the fixtures, and checks that every match holds a word).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import patterns as P
from generator import yamlio
from generator.errors import GeneratorError
from generator.model import ItemReason, ReasonEvidence, Span

DEFAULT_PATH = Path(__file__).resolve().parent / "lexicons" / "reasons.yaml"

DECISIONS = ("upheld", "overturned")
ORIGINS = ("issue", "data")
_FIELDS = {"key", "label", "decision", "origin", "description", "examples"}

# How far back a guard looks for a negation or a hypothesis before a match, in characters: a
# clause of the letters' rationales ("In this case, there is no ...") fits in it.
_LOOKBACK = 60


class ReasonsError(GeneratorError):
    """The reasons lexicon is malformed, or a rule names a reason it does not have."""


@dataclass(frozen=True)
class Reason:
    """One entry of ``lexicons/reasons.yaml``."""

    key: str
    label: str
    decision: str
    origin: str
    description: str
    examples: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    """One named way a reason shows in a rationale.

    ``needs``: words one of which every match of ``pattern`` holds (lowercase; a space for the
    pattern's ``\\s+``: the ``*_WORDS`` beside each pattern); the rule is tried only on the
    sentences that hold one, so they only save time and must never leave out a match.
    ``kinds``: the treatment kinds it applies to (empty: every kind). ``records_only``: the rule
    reads what the records show, so it skips sentences that report a guideline. ``presence``:
    the pattern states that something is there (a finding, a benefit), so a negation before it
    in its clause voids the match. ``negated``: the pattern opens with a negation and the words
    it spans, so a hypothesis among those words ("not needed unless") voids the match.
    ``unless``: sentences the rule skips. ``topic``: what a negated pattern denies, searched in a
    sentence before the pattern (much faster than the pattern's failing on every negation of
    the sentence).
    """

    name: str
    reason: str
    pattern: re.Pattern[str]
    needs: tuple[str, ...]
    kinds: frozenset[str] = frozenset()
    records_only: bool = False
    presence: bool = False
    negated: bool = False
    unless: re.Pattern[str] | None = None
    topic: re.Pattern[str] | None = None


_DRUG = frozenset({"drug"})

# The rules, by reason in the lexicon's order. A rule's name is its reason's key and what it
# reads, so evidence says which words of which rule gave the reason.
RULES: tuple[Rule, ...] = (
    Rule("no-functional-improvement/not-documented", "no-functional-improvement",
         P.NO_IMPROVEMENT_DOCUMENTED, P.NO_IMPROVEMENT_DOCUMENTED_WORDS, negated=True,
         topic=P.IMPROVEMENT_TOPIC),
    Rule("no-functional-improvement/not-helping", "no-functional-improvement",
         P.TREATMENT_NOT_HELPING, P.TREATMENT_NOT_HELPING_WORDS),
    Rule("no-functional-improvement/trial-results", "no-functional-improvement",
         P.TRIAL_RESULTS_MISSING, P.TRIAL_RESULTS_MISSING_WORDS),
    Rule("beyond-duration/long-term", "beyond-duration", P.LONG_TERM_USE, P.LONG_TERM_USE_WORDS,
         records_only=True),
    Rule("beyond-duration/limit-applied", "beyond-duration", P.USE_LIMIT_APPLIED,
         P.USE_LIMIT_APPLIED_WORDS),
    Rule("beyond-duration/short-term-not-shown", "beyond-duration", P.SHORT_TERM_NOT_SHOWN,
         P.SHORT_TERM_NOT_SHOWN_WORDS, negated=True, topic=P.SHORT_TERM_TOPIC),
    Rule("not-first-line/not-tried", "not-first-line", P.FIRST_LINE_NOT_TRIED,
         P.FIRST_LINE_NOT_TRIED_WORDS, negated=True, topic=P.FIRST_LINE_TOPIC),
    Rule("not-first-line/oral-form", "not-first-line", P.ORAL_FORM_NOT_TRIED,
         P.ORAL_FORM_NOT_TRIED_WORDS),
    Rule("not-first-line/ladder", "not-first-line", P.NOT_FIRST_LINE, P.NOT_FIRST_LINE_WORDS),
    Rule("not-first-line/plain-films", "not-first-line", P.PLAIN_FILMS_FIRST,
         P.PLAIN_FILMS_FIRST_WORDS, kinds=frozenset({"imaging"})),
    Rule("compound-ingredient/contains", "compound-ingredient", P.COMPOUND_CONTAINS,
         P.COMPOUND_CONTAINS_WORDS, kinds=_DRUG),
    Rule("no-objective-findings/not-documented", "no-objective-findings",
         P.NO_OBJECTIVE_FINDINGS, P.NO_OBJECTIVE_FINDINGS_WORDS, negated=True,
         topic=P.FINDINGS_TOPIC),
    Rule("no-objective-findings/denied", "no-objective-findings", P.FINDINGS_DENIED,
         P.FINDINGS_DENIED_WORDS),
    Rule("no-objective-findings/normal-exam", "no-objective-findings", P.NORMAL_EXAMINATION,
         P.NORMAL_EXAMINATION_WORDS, records_only=True),
    Rule("no-drug-monitoring/not-done", "no-drug-monitoring", P.NO_DRUG_MONITORING,
         P.NO_DRUG_MONITORING_WORDS, kinds=_DRUG, negated=True, topic=P.MONITORING_TOPIC),
    Rule("above-quantity/exceeds", "above-quantity", P.EXCEEDS_GUIDELINE,
         P.EXCEEDS_GUIDELINE_WORDS),
    Rule("not-specific/not-specified", "not-specific", P.REQUEST_NOT_SPECIFIC,
         P.REQUEST_NOT_SPECIFIC_WORDS),
    Rule("red-flags/present", "red-flags", P.RED_FLAG_PRESENT, P.RED_FLAG_PRESENT_WORDS,
         records_only=True, presence=True),
    Rule("failed-conservative/failed", "failed-conservative", P.CONSERVATIVE_CARE_FAILED,
         P.CONSERVATIVE_CARE_FAILED_WORDS, presence=True),
    Rule("no-red-flags/none", "no-red-flags", P.NO_RED_FLAGS, P.NO_RED_FLAGS_WORDS,
         negated=True, topic=P.RED_FLAG_TOPIC),
    Rule("no-surgical-plan/none", "no-surgical-plan", P.NO_SURGICAL_PLAN,
         P.NO_SURGICAL_PLAN_WORDS, negated=True, topic=P.SURGICAL_PLAN_TOPIC),
    Rule("conservative-care-not-tried/not-documented", "conservative-care-not-tried",
         P.CONSERVATIVE_CARE_NOT_TRIED, P.CONSERVATIVE_CARE_NOT_TRIED_WORDS, negated=True,
         topic=P.CONSERVATIVE_CARE_TOPIC),
    Rule("conservative-care-not-tried/under-way", "conservative-care-not-tried",
         P.CARE_UNDER_WAY, P.CARE_UNDER_WAY_WORDS),
    Rule("not-recommended/guideline", "not-recommended", P.NOT_RECOMMENDED,
         P.NOT_RECOMMENDED_WORDS, unless=P.COMPOUND_SENTENCE),
    Rule("no-indication/not-documented", "no-indication", P.NO_INDICATION,
         P.NO_INDICATION_WORDS, negated=True, topic=P.INDICATION_TOPIC),
    Rule("no-rationale/none", "no-rationale", P.NO_RATIONALE, P.NO_RATIONALE_WORDS,
         unless=P.FINDINGS_DENIED, topic=P.RATIONALE_TOPIC),
    Rule("home-exercise/instead", "home-exercise", P.HOME_EXERCISE, P.HOME_EXERCISE_WORDS),
    Rule("depends-on-denied/primary-denied", "depends-on-denied", P.DEPENDS_ON_DENIED,
         P.DEPENDS_ON_DENIED_WORDS),
    Rule("repeat-study/done-before", "repeat-study", P.REPEAT_STUDY, P.REPEAT_STUDY_WORDS,
         kinds=frozenset({"imaging", "lab"})),
    Rule("duplicate-therapy/same-class", "duplicate-therapy", P.DUPLICATE_THERAPY,
         P.DUPLICATE_THERAPY_WORDS, kinds=_DRUG),
    Rule("functional-improvement/documented", "functional-improvement",
         P.IMPROVEMENT_DOCUMENTED, P.IMPROVEMENT_DOCUMENTED_WORDS, records_only=True,
         presence=True),
    Rule("objective-findings/present", "objective-findings", P.FINDINGS_PRESENT,
         P.FINDINGS_PRESENT_WORDS, records_only=True, presence=True),
    Rule("indication-documented/present", "indication-documented", P.INDICATION_PRESENT,
         P.INDICATION_PRESENT_WORDS, presence=True),
    Rule("within-guideline/within", "within-guideline", P.WITHIN_GUIDELINE,
         P.WITHIN_GUIDELINE_WORDS, presence=True),
)  # fmt: skip


@dataclass(frozen=True)
class ReasonRules:
    """The reasons and the rules that assign them, checked against each other."""

    reasons: tuple[Reason, ...]
    rules: tuple[Rule, ...]
    # The rules that run for a decision and a treatment kind, worked out once for each pair.
    _active: dict[tuple[str, str | None], tuple[Rule, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def reason(self, key: str) -> Reason:
        for reason in self.reasons:
            if reason.key == key:
                return reason
        raise KeyError(key)

    def active(self, decision: str, kind: str | None) -> tuple[Rule, ...]:
        """The rules for reasons that explain ``decision`` and apply to ``kind``, in order."""
        rules = self._active.get((decision, kind))
        if rules is None:
            explains = {r.key for r in self.reasons if r.decision == decision}
            rules = tuple(
                rule
                for rule in self.rules
                if rule.reason in explains
                and (not rule.kinds or (kind is not None and kind in rule.kinds))
            )
            self._active[(decision, kind)] = rules
        return rules


def load_reasons(path: Path = DEFAULT_PATH, rules: tuple[Rule, ...] = RULES) -> ReasonRules:
    """Read and validate ``lexicons/reasons.yaml`` and pair it with ``rules``.

    Raises ``ReasonsError`` naming the file and the entry: unknown or missing fields, a key that
    is no slug or is used twice, a decision other than upheld/overturned, an origin other than
    issue/data, no examples; a rule naming a reason the file lacks, two rules with one name, a
    rule without needs or with a word that is not ``patterns.NEEDED_WORD``, a reason no rule
    gives.
    """
    try:
        raw = yamlio.load(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise ReasonsError(f"{path}: cannot read: {err}") from err
    try:
        reasons = _reasons(raw)
        _check_rules(reasons, rules)
    except ReasonsError as err:
        raise ReasonsError(f"{path}: {err}") from None
    return ReasonRules(reasons, rules)


def _reasons(raw: Any) -> tuple[Reason, ...]:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("reasons"), list):
        raise ReasonsError("expected a mapping with a 'reasons' list")
    out: list[Reason] = []
    for n, entry in enumerate(raw["reasons"], 1):
        where = f"reason {n}"
        if not isinstance(entry, Mapping):
            raise ReasonsError(f"{where}: not a mapping")
        where = f"reason {entry.get('key', n)!r}"
        if set(entry) != _FIELDS:
            extra, missing = set(entry) - _FIELDS, _FIELDS - set(entry)
            raise ReasonsError(f"{where}: unknown {sorted(extra)} / missing {sorted(missing)}")
        key = entry["key"]
        if not isinstance(key, str) or not P.SLUG.match(key):
            raise ReasonsError(f"{where}: key is not a slug")
        if any(r.key == key for r in out):
            raise ReasonsError(f"{where}: key used twice")
        if entry["decision"] not in DECISIONS:
            raise ReasonsError(f"{where}: decision must be one of {DECISIONS}")
        if entry["origin"] not in ORIGINS:
            raise ReasonsError(f"{where}: origin must be one of {ORIGINS}")
        examples = entry["examples"]
        if not isinstance(examples, list) or not examples:
            raise ReasonsError(f"{where}: needs examples")
        for name in ("label", "description", "examples"):
            values = entry[name] if name == "examples" else [entry[name]]
            if not all(isinstance(v, str) and v.strip() for v in values):
                raise ReasonsError(f"{where}: {name} must be non-empty text")
        out.append(
            Reason(
                key=key,
                label=entry["label"],
                decision=entry["decision"],
                origin=entry["origin"],
                description=" ".join(entry["description"].split()),
                examples=tuple(examples),
            )
        )
    return tuple(out)


def _check_rules(reasons: tuple[Reason, ...], rules: tuple[Rule, ...]) -> None:
    keys = {r.key for r in reasons}
    names: set[str] = set()
    for rule in rules:
        if rule.reason not in keys:
            raise ReasonsError(f"rule {rule.name!r} names no reason of the file: {rule.reason!r}")
        if rule.name in names:
            raise ReasonsError(f"rule {rule.name!r} is named twice")
        names.add(rule.name)
        if not rule.needs or not all(P.NEEDED_WORD.fullmatch(word) for word in rule.needs):
            raise ReasonsError(
                f"rule {rule.name!r}: needs must be words of lowercase ASCII, one space apart"
            )
    given = {rule.reason for rule in rules}
    for key in sorted(keys - given):
        raise ReasonsError(f"reason {key!r}: no rule gives it")


# -- assignment ------------------------------------------------------------------------------


def _sentences(text: str) -> list[Span]:
    """The spans of ``text``'s sentences (``patterns.SENTENCE_BREAK``), without the spaces
    between them."""
    spans = []
    start = 0
    for brk in P.SENTENCE_BREAK.finditer(text):
        spans.append((start, brk.start()))
        start = brk.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


# The letters other than ASCII that a case-insensitive pattern matches to an ASCII letter
# (Python's ``re``): lowercased in their place, they keep a rule's words findable.
_ASCII_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _searchable(text: str) -> str | None:
    """``text`` lowercased, where a rule's ``needs`` are found wherever its pattern matches; or
    ``None`` when they might not be: whitespace other than single spaces (the words' spaces
    would miss it) or characters that are not printable (every sentence is then tried). Same
    length as ``text``, so an offset in one is the same place in the other (lowercasing
    lengthens only U+0130, which is folded first)."""
    if "  " in text or not text.isprintable():
        return None
    return text.lower() if text.isascii() else text.translate(_ASCII_FOLD).lower()


def _candidates(
    rule: Rule, searchable: str | None, sentences: list[Span], starts: list[int]
) -> Iterable[int]:
    """The indices of the sentences (``starts``: where each begins) that hold one of
    ``rule.needs``: the only ones its pattern can match (a word has no sentence break in it, so
    each is found inside one sentence); every sentence when ``searchable`` is ``None``."""
    if searchable is None:
        return range(len(sentences))
    found: set[int] = set()
    for word in rule.needs:
        at = searchable.find(word)
        while at >= 0:
            n = bisect_right(starts, at) - 1
            found.add(n)
            at = searchable.find(word, sentences[n][1])
    return found


def assign_reasons(
    rationale: str, decision: str, kind: str | None, rules: ReasonRules, offset: int = 0
) -> list[ItemReason]:
    """The reasons a rationale gives for its item's decision, in the lexicon's order, each with
    its evidence in text order; empty when no rule matches or the decision is ``unknown``.

    ``rationale`` is the rationale's text as the record holds it (``Issue.rationale``) or its
    slice of the cleaned letter (line breaks are read as spaces, which keeps every offset);
    ``offset`` is added to every span, so that passing ``rationale_span[0]`` makes the spans
    point into ``Determination.text``. ``kind`` is the treatment kind (``Treatment.kind``);
    ``None`` runs only the rules for every kind.

    Each rule is tried on the sentences that hold one of its ``needs`` (found in one pass over
    the rationale per word), not on every sentence: the same evidence, for a fraction of the
    searches.
    """
    if decision not in DECISIONS:
        return []
    text = rationale.replace("\n", " ")
    sentences = _sentences(text)
    starts = [start for start, _ in sentences]
    searchable = _searchable(text)
    found: dict[str, list[ReasonEvidence]] = {}
    for rule in rules.active(decision, kind):
        for n in _candidates(rule, searchable, sentences, starts):
            start, end = sentences[n]
            for evidence in _tried(rule, text[start:end], offset + start):
                found.setdefault(rule.reason, []).append(evidence)
    return _item_reasons(found, rules)


def _tried(rule: Rule, sentence: str, at: int) -> Iterator[ReasonEvidence]:
    """The evidence ``rule`` finds in ``sentence``, which starts at ``at``: none in a sentence
    without the rule's topic, one that reports a guideline (for a rule that reads the records)
    or one the rule skips (``unless``); else each match that ``_holds``, its words
    ``_tightened``."""
    if rule.topic is not None and not rule.topic.search(sentence):
        return
    if rule.records_only and P.GUIDELINE_STATEMENT.search(sentence):
        return
    if rule.unless is not None and rule.unless.search(sentence):
        return
    for match in rule.pattern.finditer(sentence):
        if _holds(rule, sentence, match):
            a, b = _tightened(rule, sentence, match)
            yield ReasonEvidence(rule.name, (at + a, at + b), sentence[a:b])


def _item_reasons(found: dict[str, list[ReasonEvidence]], rules: ReasonRules) -> list[ItemReason]:
    """The reasons found, in the lexicon's order, each with its evidence once, in text order."""
    return [
        ItemReason(reason.key, tuple(sorted(set(found[reason.key]), key=_order)))
        for reason in rules.reasons
        if reason.key in found
    ]


def _holds(rule: Rule, sentence: str, match: re.Match[str]) -> bool:
    """Whether a match is a finding about this case: not a hypothesis and, for a presence, not
    negated."""
    before = sentence[max(0, match.start() - _LOOKBACK) : match.start()]
    if P.CONDITIONAL_BEFORE.search(before):
        return False
    if rule.negated and P.CONDITIONAL_INSIDE.search(match.group(0)):
        return False
    return not (rule.presence and P.NEGATION_BEFORE.search(before))


def _tightened(rule: Rule, sentence: str, match: re.Match[str]) -> Span:
    """The words of a match, from its last negation cue that still gives the same match: the
    leftmost match of "a negation, some words, what is denied" starts at the first cue of the
    clause, where the evidence is the last ("not been evaluated for the spine, ... it is not
    recommended as first-line treatment" keeps "not recommended as first-line treatment")."""
    start, end = match.span()
    if rule.negated:
        for cue in reversed(list(P.NEGATION_CUE.finditer(sentence, start + 1, end))):
            again = rule.pattern.match(sentence, cue.start())
            if again is not None and again.end() == end:
                return (cue.start(), end)
    return (start, end)


def _order(evidence: ReasonEvidence) -> tuple[int, int, str]:
    return (evidence.span[0], evidence.span[1], evidence.rule)

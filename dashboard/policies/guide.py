"""The guide for traders ("which measures apply to me?"): datasets/policies/guide.yaml read through
the one content reader, and the measures that apply to a reader's answers, most relevant first.
No Streamlit here.

The schema checks the file's shape (questions, options, the rules of each measure) and that every
rule names known questions and options, known measures and channels; each measure's `quote` must
appear word for word in its official text or explanation, so every sentence the guide shows rests
on the published text. Every problem is a `ContentError` naming file, entry and field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dashboard.policies.content import POLICIES_DIR, Text, channels, measures
from dashboard.policies.content import language_texts as _text
from loaders.content.reader import ContentError, load_content, mapping

GUIDE_PATH = POLICIES_DIR / "guide.yaml"
WHEN_WEIGHT = 10  # each question a measure asks about and the reader's answer fits
BOOST_WEIGHT = 2  # each answer that makes the measure more relevant
EVERYONE_WEIGHT = 1  # a measure for every trader, shown after the specific ones

Answers = Mapping[str, tuple[str, ...]]  # question id -> the chosen option ids (none: unanswered)


@dataclass(frozen=True)
class Option:
    id: str
    label: Text
    includes: tuple[str, ...] = ()  # the options it stands for too ("both": import and export)


@dataclass(frozen=True)
class Question:
    id: str
    many: bool
    prompt: Text
    options: tuple[Option, ...]

    def option(self, option_id: str) -> Option:
        return next(option for option in self.options if option.id == option_id)


@dataclass(frozen=True)
class Rule:
    measure: int
    when: tuple[tuple[str, tuple[str, ...]], ...]
    boost: tuple[tuple[str, tuple[str, ...]], ...]
    everyone: bool
    quote: str
    for_you: Text
    outside_shenzhen: Text | None


@dataclass(frozen=True)
class Guide:
    questions: tuple[Question, ...]
    rules: tuple[Rule, ...]
    outside_text: Text
    outside_channels: tuple[str, ...]

    def question(self, question_id: str) -> Question:
        return next(question for question in self.questions if question.id == question_id)


@dataclass(frozen=True)
class Match:
    rule: Rule
    score: int
    reasons: tuple[tuple[str, str], ...]  # (question id, option id) of the answers that made it apply


# --- schema -------------------------------------------------------------------------------------


def _options(raw: Any, file: str, entry: str) -> tuple[Option, ...]:
    if not isinstance(raw, list) or not raw:
        raise ContentError(file, entry, "options", "expected a non-empty list")
    out: list[Option] = []
    for index, value in enumerate(raw, start=1):
        value = mapping(value, file, entry, f"options[{index}]")
        option_id = value.get("id")
        if not isinstance(option_id, str) or not option_id or option_id in {o.id for o in out}:
            raise ContentError(file, entry, f"options[{index}].id", "missing, not text, or repeated")
        includes = value.get("includes") or []
        if not isinstance(includes, list) or not all(isinstance(i, str) for i in includes):
            raise ContentError(file, entry, f"option {option_id}.includes", "expected a list of option ids")
        out.append(Option(option_id, _text(value.get("label"), file, entry, f"option {option_id}.label"), tuple(includes)))
    known = {option.id for option in out}
    for option in out:
        if set(option.includes) - known:
            raise ContentError(file, entry, f"option {option.id}.includes", f"unknown options {sorted(set(option.includes) - known)}")
    return tuple(out)


def _questions(raw: Any, file: str) -> tuple[Question, ...]:
    if not isinstance(raw, list) or not raw:
        raise ContentError(file, None, "questions", "expected a non-empty list")
    out: list[Question] = []
    for index, value in enumerate(raw, start=1):
        value = mapping(value, file, f"question #{index}")
        question_id = value.get("id")
        if not isinstance(question_id, str) or not question_id.isidentifier() or question_id in {q.id for q in out}:
            raise ContentError(file, f"question #{index}", "id", "missing, not a name, or repeated")
        entry = f"question {question_id}"
        if not isinstance(value.get("many"), bool):
            raise ContentError(file, entry, "many", "expected true or false")
        out.append(
            Question(
                question_id, value["many"], _text(value.get("prompt"), file, entry, "prompt"), _options(value.get("options"), file, entry)
            )
        )
    return tuple(out)


def _conditions(raw: Any, questions: tuple[Question, ...], file: str, entry: str, field: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """question -> options, every question and option known."""
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise ContentError(file, entry, field, "expected question: [options]")
    by_id = {question.id: question for question in questions}
    out = []
    for question_id, options in raw.items():
        if question_id not in by_id:
            raise ContentError(file, entry, f"{field}.{question_id}", f"not a question ({', '.join(by_id)})")
        known = {option.id for option in by_id[question_id].options}
        if not isinstance(options, list) or not options or not all(isinstance(o, str) and o in known for o in options):
            raise ContentError(file, entry, f"{field}.{question_id}", f"expected a non-empty list of {', '.join(sorted(known))}")
        out.append((question_id, tuple(options)))
    return tuple(out)


def _in_text(quote: str, *texts: str) -> bool:
    squeeze = lambda text: "".join(text.split())  # noqa: E731  (line breaks and spaces do not count)
    return any(squeeze(quote) in squeeze(text) for text in texts)


def _rule(raw: Any, questions: tuple[Question, ...], file: str, index: int) -> Rule:
    raw = mapping(raw, file, f"measure #{index}")
    number = raw.get("measure")
    if not isinstance(number, int) or isinstance(number, bool) or number not in measures():
        raise ContentError(file, f"measure #{index}", "measure", f"{number!r} is not a measure number")
    entry = f"measure {number}"
    quote = raw.get("quote")
    item = measures()[number]
    if not isinstance(quote, str) or not quote.strip():
        raise ContentError(file, entry, "quote", "missing or empty")
    if not _in_text(quote, item.official_text_zh, item.official_explanation_zh):
        raise ContentError(file, entry, "quote", "not found word for word in the measure's official text or explanation")
    when = _conditions(raw.get("when"), questions, file, entry, "when")
    boost = _conditions(raw.get("boost"), questions, file, entry, "boost")
    everyone = raw.get("everyone", False)
    if not isinstance(everyone, bool):
        raise ContentError(file, entry, "everyone", "expected true or false")
    if not (when or boost or everyone):
        raise ContentError(file, entry, "when", "the measure would never apply: give when, boost or everyone")
    outside = raw.get("outside_shenzhen")
    return Rule(
        measure=number,
        when=when,
        boost=boost,
        everyone=everyone,
        quote=quote.strip(),
        for_you=_text(raw.get("for_you"), file, entry, "for_you"),
        outside_shenzhen=None if outside is None else _text(outside, file, entry, "outside_shenzhen"),
    )


def guide_schema(document: Any, file: str) -> Guide:
    raw = mapping(document, file)
    questions = _questions(raw.get("questions"), file)
    rules_raw = raw.get("measures")
    if not isinstance(rules_raw, list) or not rules_raw:
        raise ContentError(file, None, "measures", "expected a non-empty list")
    rules = tuple(_rule(value, questions, file, index) for index, value in enumerate(rules_raw, start=1))
    numbers = [rule.measure for rule in rules]
    if len(set(numbers)) != len(numbers):
        raise ContentError(file, None, "measures", "a measure is listed twice")
    outside = mapping(raw.get("outside_shenzhen"), file, "outside_shenzhen")
    outside_channels = outside.get("channels")
    if not isinstance(outside_channels, list) or not outside_channels or not all(c in channels() for c in outside_channels):
        raise ContentError(file, "outside_shenzhen", "channels", "expected channel ids from channels.yaml")
    return Guide(questions, rules, _text(outside.get("text"), file, "outside_shenzhen", "text"), tuple(outside_channels))


def guide() -> Guide:
    """The guide, checked; read again when the file changes."""
    return load_content(GUIDE_PATH, guide_schema)


# --- which measures apply ------------------------------------------------------------------------


def expanded(content: Guide, answers: Answers) -> dict[str, set[str]]:
    """The answers with what each option stands for ("both" -> import and export too)."""
    out: dict[str, set[str]] = {}
    for question in content.questions:
        chosen = set(answers.get(question.id, ()))
        for option_id in list(chosen):
            if option_id in {o.id for o in question.options}:
                chosen |= set(question.option(option_id).includes)
        out[question.id] = chosen
    return out


def matches(answers: Answers, content: Guide | None = None) -> list[Match]:
    """The measures that apply, most relevant first (then by number). A measure's `when` must fit
    every answered question it names; an unanswered one does not rule it out but adds nothing.
    Nothing answered: no measures."""
    content = content or guide()
    chosen = expanded(content, answers)
    if not any(chosen.values()):
        return []
    found: list[Match] = []
    for rule in content.rules:
        score, reasons, ruled_out = 0, [], False
        for question_id, options in rule.when:
            hits = chosen[question_id] & set(options)
            if chosen[question_id] and not hits:
                ruled_out = True
            if hits:
                score += WHEN_WEIGHT
                reasons += [(question_id, option) for option in options if option in hits]
        if ruled_out:
            continue
        for question_id, options in rule.boost:
            hits = chosen[question_id] & set(options)
            if hits:
                score += BOOST_WEIGHT
                reasons += [(question_id, option) for option in options if option in hits]
        if rule.everyone:
            score += EVERYONE_WEIGHT
        if score > 0:
            found.append(Match(rule, score, tuple(dict.fromkeys(reasons))))
    return sorted(found, key=lambda match: (-match.score, match.rule.measure))

"""Every word the report prints that is not a graph fact or a quote, in Swedish and English.

The sentences are templates: each takes graph facts (names, counts, dates) and nothing else, so
every format (HTML, PDF, Markdown, DOCX) says the same sentences, and the report says nothing the
graph does not. A test checks that both languages have every key.
"""

from __future__ import annotations

from collections.abc import Sequence

from api.report.model import Citation, Counts, Part, Polarity, PositionOnSection, Ref, Stance

WORDS: dict[str, dict[str, str]] = {
    "sv": {
        "title": "Remissammanställning",
        "draft": "Utkast sammanställt ur kunskapsgrafen. Varje mening är en mall ifylld med "
        "uppgifter ur grafen, eller ett ordagrant citat ur ett remissvar.",
        "contents": "Innehåll",
        "consultation": "Remissen",
        "case": "Diarienummer",
        "issued_by": "Remitterad av",
        "consultees": "Remissinstanser",
        "consultee_group": "Remissinstanser enligt remissen",
        "sent": "Remitterat dokument",
        "version": "Versionen som sammanställningen följer",
        "deadline": "Sista svarsdag",
        "extensions": "Förlängd svarstid",
        "extension": "{answer}: {deadline} förlängd till {extended}",
        "informed_by": "Underlag",
        "triggered": "Remissen ledde till",
        "answers": "Remissvar",
        "answers_summary": "{answers}; {stances} av {actors}.",
        "n.answers": "ett svarsdokument|{n} svarsdokument",
        "n.stances": "ett ställningstagande|{n} ställningstaganden",
        "n.actors": "en aktör|{n} aktörer",
        "respondent": "Avsändare",
        "document": "Dokument",
        "document_type": "Typ",
        "date": "Datum",
        "status": "Status",
        "stance_count": "Ställningstaganden",
        "extended_deadline": "Förlängd svarstid",
        "by_section": "Synpunkter avsnitt för avsnitt",
        "whole": "Strategin som helhet",
        "part_summary": "{stances} av {actors}; positiva: {positive}, neutrala: {neutral}, "
        "negativa: {negative}.",
        "only_under": "Inga ställningstaganden på avsnittet självt; {under} på avsnitt under det.",
        "also_under": "Därtill {under} på avsnitt under det.",
        "no_comment": "Ingen remissinstans har kommenterat avsnittet.",
        "position": "Ståndpunkt",
        "for": "För",
        "against": "Emot",
        "nobody": "ingen",
        "agree": "Samstämmigt: {count} för, ingen emot.",
        "agree_one": "En aktör för, ingen emot.",
        "disagree": "Delade meningar: {for_count} för, {against_count} emot.",
        "only_against": "{count} emot, ingen för.",
        "remarks": "Övriga synpunkter",
        "see": "se {key}",
        "uncommented": "Avsnitt utan synpunkter",
        "uncommented_none": "Samtliga avsnitt har kommenterats.",
        "uncommented_count": "Avsnitt som ingen har kommenterat: {count} av {total}.",
        "elsewhere": "Synpunkter på annat än strategins avsnitt",
        "summary": "Sammanfattande tabell",
        "summary_intro": "Ställningstaganden per aktör och del av strategin, på delen eller "
        "under den, efter polaritet: positiva (+), neutrala (○), negativa (−). Samma tal som "
        "utforskarens matris.",
        "summary_outside": "Därtill {count} på annat än strategins delar.",
        "actor": "Aktör",
        "cross_cutting": "Genomgående ståndpunkter",
        "cross_cutting_none": "Ingen ståndpunkt förs fram i mer än en del.",
        "argued_in": "Förs fram i",
        "stances": "Ställningstaganden",
        "appendix": "Bilaga: samtliga ställningstaganden med källa",
        "appendix_intro": "Citaten står i avsnitten ovan; här anges var varje ställningstagande "
        "finns i sin källa.",
        "iri": "IRI",
        "type": "Typ av ställningstagande",
        "polarity": "Polaritet",
        "targets": "Avser",
        "positions": "Ståndpunkter",
        "source": "Källa",
        "lines": "Fil och rader",
        "characters": "Tecken",
        "cited_section": "Avsnitt som svaret hänvisar till",
        "quote_at": "Citatet",
        "positive": "positiv",
        "neutral": "neutral",
        "negative": "negativ",
        "side.FOR": "för",
        "side.AGAINST": "emot",
        "kind.Document": "Dokument",
        "kind.Decision": "Beslut",
        "kind.StrategyPoint": "Strategins punkter",
        "kind.Section": "Avsnitt i en annan version",
        "kind.Node": "Annat",
        "footnote": "{document}, {lines}",
    },
    "en": {
        "title": "Consultation report",
        "draft": "A draft compiled from the knowledge graph. Every sentence is a template "
        "filled with facts from the graph, or a verbatim quote from an answer.",
        "contents": "Contents",
        "consultation": "The consultation",
        "case": "Case number",
        "issued_by": "Sent by",
        "consultees": "Consultees",
        "consultee_group": "Consultees as the consultation names them",
        "sent": "Document sent for comment",
        "version": "The version this report follows",
        "deadline": "Deadline",
        "extensions": "Extended deadlines",
        "extension": "{answer}: {deadline} extended to {extended}",
        "informed_by": "Informed by",
        "triggered": "It led to",
        "answers": "Answers",
        "answers_summary": "{answers}; {stances} by {actors}.",
        "n.answers": "one answering document|{n} answering documents",
        "n.stances": "one stance|{n} stances",
        "n.actors": "one actor|{n} actors",
        "respondent": "From",
        "document": "Document",
        "document_type": "Type",
        "date": "Date",
        "status": "Status",
        "stance_count": "Stances",
        "extended_deadline": "Extended deadline",
        "by_section": "Comments section by section",
        "whole": "The strategy as a whole",
        "part_summary": "{stances} by {actors}; positive: {positive}, neutral: {neutral}, "
        "negative: {negative}.",
        "only_under": "No stances on the section itself; {under} on sections under it.",
        "also_under": "And {under} on sections under it.",
        "no_comment": "No consultee commented on this section.",
        "position": "Position",
        "for": "For",
        "against": "Against",
        "nobody": "nobody",
        "agree": "In agreement: {count} for, none against.",
        "agree_one": "One actor for, none against.",
        "disagree": "Divided: {for_count} for, {against_count} against.",
        "only_against": "{count} against, none for.",
        "remarks": "Other remarks",
        "see": "see {key}",
        "uncommented": "Sections no one commented on",
        "uncommented_none": "Every section was commented on.",
        "uncommented_count": "Sections no one commented on: {count} of {total}.",
        "elsewhere": "Comments on other things than the strategy's sections",
        "summary": "Summary table",
        "summary_intro": "Stances by actor and part of the strategy, on the part or under it, "
        "by polarity: positive (+), neutral (○), negative (−). The same numbers as the "
        "explorer's matrix.",
        "summary_outside": "And {count} on other things than the strategy's parts.",
        "actor": "Actor",
        "cross_cutting": "Cross-cutting positions",
        "cross_cutting_none": "No position is argued in more than one part.",
        "argued_in": "Argued in",
        "stances": "Stances",
        "appendix": "Appendix: every stance with its source",
        "appendix_intro": "The quotes stand in the sections above; here is where each stance "
        "stands in its source.",
        "iri": "IRI",
        "type": "Stance type",
        "polarity": "Polarity",
        "targets": "On",
        "positions": "Positions",
        "source": "Source",
        "lines": "File and lines",
        "characters": "Characters",
        "cited_section": "Section the answer cites",
        "quote_at": "The quote",
        "positive": "positive",
        "neutral": "neutral",
        "negative": "negative",
        "side.FOR": "for",
        "side.AGAINST": "against",
        "kind.Document": "Documents",
        "kind.Decision": "Decisions",
        "kind.StrategyPoint": "The strategy's points",
        "kind.Section": "Sections of another version",
        "kind.Node": "Other",
        "footnote": "{document}, {lines}",
    },
}

LANGUAGES = tuple(WORDS)


class Words:
    """The report's words and sentences in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in WORDS else "sv"
        self._words = WORDS[self.lang]

    def __getitem__(self, key: str) -> str:
        return self._words[key]

    def count(self, n: int, noun: str) -> str:
        """`n` of `noun` (answers, stances, actors) in the right number: "en aktör", "3 aktörer"."""
        one, many = self[f"n.{noun}"].split("|")
        return one if n == 1 else many.format(n=n)

    def answers_summary(self, answers: int, stances: int, actors: int) -> str:
        return _sentence(
            self["answers_summary"].format(
                answers=self.count(answers, "answers"),
                stances=self.count(stances, "stances"),
                actors=self.count(actors, "actors"),
            )
        )

    def summary_outside(self, count: int) -> str:
        return self["summary_outside"].format(count=self.count(count, "stances"))

    def heading(self, part: Part) -> str:
        """A part's heading: a section's number and title, or what the stances are on."""
        if part.kind == "STRATEGY":
            return f"{self['whole']}: {part.ref.label}"
        return f"{part.notation} {part.ref.label}" if part.notation else part.ref.label

    def part_summary(self, part: Part) -> str:
        """What is said on a part, in counts; or that nothing is."""
        if not part.commented:
            return self["no_comment"]
        if not part.mentions:
            return self["only_under"].format(under=self.count(part.under, "stances"))
        said = _sentence(
            self["part_summary"].format(
                stances=self.count(len(part.mentions), "stances"),
                actors=self.count(len(part.actors), "actors"),
                positive=part.count(Polarity.POSITIVE),
                neutral=part.count(Polarity.NEUTRAL),
                negative=part.count(Polarity.NEGATIVE),
            )
        )
        if not part.under:
            return said
        return f"{said} {self['also_under'].format(under=self.count(part.under, 'stances'))}"

    def agreement(self, group: PositionOnSection) -> str:
        """Whether the actors arguing a position on a part agree or differ."""
        pro, contra = len(group.actors_for), len(group.actors_against)
        if pro and contra:
            return self["disagree"].format(
                for_count=self.count(pro, "actors"), against_count=self.count(contra, "actors")
            )
        if contra:
            return _sentence(self["only_against"].format(count=self.count(contra, "actors")))
        return (
            self["agree_one"] if pro == 1 else self["agree"].format(count=self.count(pro, "actors"))
        )

    def names(self, refs: Sequence[Ref]) -> str:
        return ", ".join(ref.label for ref in refs) or self["nobody"]

    def polarity(self, polarity: Polarity) -> str:
        return self[polarity.value]

    def kind(self, part: Part) -> str:
        """The heading over the parts for things of `part`'s kind."""
        return self._words.get(f"kind.{part.kind}", self["kind.Node"])

    def attribution(self, stance: Stance) -> str:
        """Who took the stance and what kind it is: "Uppsala kommun (välkomnar)"."""
        return f"{stance.actor.label} ({stance.type.label})"

    def source(self, citation: Citation) -> str:
        """Where a quote stands: the document, and its file and lines where the graph has them."""
        lines = citation.lines
        return (
            self["footnote"].format(document=citation.document.label, lines=lines)
            if lines
            else citation.document.label
        )

    def counts(self, counts: Counts | None) -> str:
        """A summary table cell: "2+ 1○ 1−", only the polarities present; empty for none."""
        if counts is None:
            return ""
        signs = ((counts.positive, "+"), (counts.neutral, "○"), (counts.negative, "−"))
        return " ".join(f"{n}{sign}" for n, sign in signs if n)

    def uncommented_summary(self, count: int, total: int) -> str:
        if count == 0:
            return self["uncommented_none"]
        return self["uncommented_count"].format(count=count, total=total)


def _sentence(text: str) -> str:
    """`text` with its first letter capitalised, as a sentence starting with a count word."""
    return text[:1].upper() + text[1:]

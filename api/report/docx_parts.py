"""The WordprocessingML that python-docx has no API for, for api/report/render_docx.py:
footnotes (a part of their own), bookmarks and links to them, the styles they use, the
document's language, and a zip written the same way every time.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterable

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement, parse_xml
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph

LANGUAGE_TAGS = {"sv": "sv-SE", "en": "en-GB"}
"""The BCP 47 tag Word's spelling and hyphenation want, by the report's language."""

# Word's own style ids and names for these, so Word treats them as its built-in styles.
_STYLES = (
    f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="FootnoteText">'
    '<w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:link w:val="FootnoteTextChar"/>'
    '<w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    '<w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>',
    f'<w:style {nsdecls("w")} w:type="character" w:customStyle="1" w:styleId="FootnoteTextChar">'
    '<w:name w:val="Footnote Text Char"/><w:basedOn w:val="DefaultParagraphFont"/>'
    '<w:link w:val="FootnoteText"/><w:uiPriority w:val="99"/>'
    '<w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>',
    f'<w:style {nsdecls("w")} w:type="character" w:styleId="FootnoteReference">'
    '<w:name w:val="footnote reference"/><w:basedOn w:val="DefaultParagraphFont"/>'
    '<w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>',
    f'<w:style {nsdecls("w")} w:type="character" w:styleId="Hyperlink">'
    '<w:name w:val="Hyperlink"/><w:basedOn w:val="DefaultParagraphFont"/>'
    '<w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    '<w:rPr><w:color w:val="0563C1" w:themeColor="hyperlink"/><w:u w:val="single"/></w:rPr>'
    "</w:style>",
)

# What follows w:footnotePr in w:settings (ECMA-376 CT_Settings), to insert it in its place.
_AFTER_FOOTNOTE_PR = (
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)

# The separator lines Word draws above the footnotes of a page (ids -1 and 0, which Word
# expects in every footnotes part and names in the settings).
_SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
)

_BOOKMARK_NAME = 40
"""The longest bookmark name Word keeps."""

# A fixed time for every zip entry: the earliest a zip can state (1980), so no render's time
# leaks into the file.
_EPOCH = (1980, 1, 1, 0, 0, 0)


def prepare(document: Document, *, title: str, lang: str) -> None:
    """Give `document` the styles the report uses, its language and its properties, and take
    out what the template brings that is not the report's (its thumbnail, its dates)."""
    styles = document.styles.element
    present = {style.get(qn("w:styleId")) for style in styles.iterchildren(qn("w:style"))}
    for xml in _STYLES:
        style = parse_xml(xml)
        if style.get(qn("w:styleId")) not in present:
            styles.append(style)
    tag = LANGUAGE_TAGS.get(lang, lang)
    for lang_element in styles.iter(qn("w:lang")):  # the defaults: spelling for Latin script
        lang_element.set(qn("w:val"), tag)
    normal = document.styles["Normal"].element.get_or_add_rPr()
    _set_lang(normal, tag)
    _set_footnote_separators(document)
    properties = document.core_properties
    properties.title = title
    properties.language = tag
    properties.author = ""
    properties.comments = ""
    properties.last_modified_by = ""
    properties.revision = 1
    # python-docx can set a date but not unset one: take the elements out.
    core = properties._element
    for name in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
        for element in core.findall(qn(name)):
            core.remove(element)
    package_rels = document.part.package.rels
    for rid, rel in sorted(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rid]


def _set_lang(rpr: BaseOxmlElement, tag: str) -> None:
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = OxmlElement("w:lang", {qn("w:val"): tag})
    rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "m:oMath")


def _set_footnote_separators(document: Document) -> None:
    settings = document.settings.element
    for old in settings.findall(qn("w:footnotePr")):
        settings.remove(old)
    footnote_pr = parse_xml(
        f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
    )
    settings.insert_element_before(footnote_pr, *_AFTER_FOOTNOTE_PR)


class Footnotes:
    """The footnotes of a document, numbered in the order they are referenced."""

    def __init__(self) -> None:
        self._texts: list[str] = []

    def reference(self, paragraph: Paragraph, text: str) -> None:
        """Add a footnote saying `text`, referenced (superscript) at the end of `paragraph`."""
        self._texts.append(text)
        run = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:rStyle", {qn("w:val"): "FootnoteReference"}))
        rpr.append(OxmlElement("w:vertAlign", {qn("w:val"): "superscript"}))
        run.append(rpr)
        run.append(OxmlElement("w:footnoteReference", {qn("w:id"): str(len(self._texts))}))
        paragraph._p.append(run)

    def attach(self, document: Document) -> None:
        """Add the footnotes part to `document`, related from its main part."""
        root = parse_xml(f"<w:footnotes {nsdecls('w')}>{_SEPARATORS}</w:footnotes>")
        for number, text in enumerate(self._texts, start=1):
            root.append(_footnote(number, text))
        blob = serialize_part_xml(root)
        part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, blob, document.part.package)
        document.part.relate_to(part, RT.FOOTNOTES)


def _footnote(number: int, text: str) -> BaseOxmlElement:
    note = OxmlElement("w:footnote", {qn("w:id"): str(number)})
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    ppr.append(OxmlElement("w:pStyle", {qn("w:val"): "FootnoteText"}))
    p.append(ppr)
    mark = OxmlElement("w:r")
    mark_pr = OxmlElement("w:rPr")
    mark_pr.append(OxmlElement("w:rStyle", {qn("w:val"): "FootnoteReference"}))
    mark.append(mark_pr)
    mark.append(OxmlElement("w:footnoteRef"))
    p.append(mark)
    p.append(_text_run(f" {text}"))
    note.append(p)
    return note


def _text_run(text: str) -> BaseOxmlElement:
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(t)
    return run


def bookmark_names(keys: Iterable[str]) -> dict[str, str]:
    """Stance key → its bookmark name, `stance_<key>` in the letters Word allows; a name too long
    or shared by two keys ends in a digest of its key instead, so it is still unique and the
    same on every render."""
    plain = {key: "stance_" + re.sub(r"[^A-Za-z0-9_]", "_", key) for key in keys}
    taken = Counter(plain.values())
    named: dict[str, str] = {}
    for key, name in plain.items():
        if len(name) > _BOOKMARK_NAME or taken[name] > 1:
            digest = hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
            name = f"{name[: _BOOKMARK_NAME - 9]}_{digest}"
        named[key] = name
    return named


def bookmark(paragraph: Paragraph, name: str, number: int) -> None:
    """Mark the whole of `paragraph` as the bookmark `name` (`number`: its id, unique in the
    document)."""
    p = paragraph._p
    start = OxmlElement("w:bookmarkStart", {qn("w:id"): str(number), qn("w:name"): name})
    ppr = p.pPr
    if ppr is None:
        p.insert(0, start)
    else:
        ppr.addnext(start)
    p.append(OxmlElement("w:bookmarkEnd", {qn("w:id"): str(number)}))


def link(paragraph: Paragraph, text: str, anchor: str) -> None:
    """Add `text` to `paragraph` as a link to the bookmark `anchor` in the same document."""
    hyperlink = OxmlElement("w:hyperlink", {qn("w:anchor"): anchor, qn("w:history"): "1"})
    run = _text_run(text)
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:rStyle", {qn("w:val"): "Hyperlink"}))
    run.insert(0, rpr)
    hyperlink.append(run)
    paragraph._p.append(hyperlink)


def stable_zip(data: bytes) -> bytes:
    """The zip `data` written again with its entries in name order ([Content_Types].xml first,
    as readers expect) and one fixed time and mode, so equal parts give equal bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    names = sorted(entries, key=lambda name: (name != "[Content_Types].xml", name))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o600 << 16
            target.writestr(info, entries[name], compresslevel=6)
    return out.getvalue()

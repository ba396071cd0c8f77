"""Building test files as bytes: XLSX workbooks by hand (to control shared strings, styles,
namespaces and hostile XML exactly) or with openpyxl, and CSV text."""

import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

from companies.imports.reader import column_letter

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)


def cell(reference: str, value, *, style: int | None = None) -> str:
    """One <c>: str → inline string, bool → boolean, number → number; ("s", i) → shared."""
    s = f' s="{style}"' if style is not None else ""
    if isinstance(value, tuple):
        return f'<c r="{reference}" t="s"{s}><v>{value[1]}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"{s}><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{reference}"{s}><v>{value}</v></c>'
    return f'<c r="{reference}" t="inlineStr"{s}><is><t>{escape(value)}</t></is></c>'


def sheet_xml(rows: list[list], *, start_row: int = 1, styles: dict | None = None) -> str:
    """A worksheet from Python values; `styles` maps "B2" → cellXfs index; None cells are left
    out, as Excel does."""
    styles = styles or {}
    body = []
    for offset, values in enumerate(rows):
        number = start_row + offset
        cells = "".join(
            cell(
                f"{column_letter(i)}{number}",
                value,
                style=styles.get(f"{column_letter(i)}{number}"),
            )
            for i, value in enumerate(values)
            if value is not None
        )
        body.append(f'<row r="{number}">{cells}</row>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{MAIN}"><dimension ref="A1"/><sheetData>{"".join(body)}</sheetData>'
        "</worksheet>"
    )


def make_xlsx(
    sheets: dict[str, str] | str,
    *,
    shared: str | None = None,
    styles: str | None = None,
    hidden: tuple[str, ...] = (),
    date1904: bool = False,
    extra: dict[str, bytes | str] | None = None,
    replace: dict[str, bytes | str] | None = None,
) -> bytes:
    """A minimal but complete workbook. `sheets` maps sheet name → worksheet XML (a str alone is
    one sheet "Sheet1"); `shared` is the sharedStrings.xml text, `styles` the styles.xml text;
    `extra` adds parts, `replace` overrides any part by name."""
    if isinstance(sheets, str):
        sheets = {"Sheet1": sheets}
    relationships, entries = [], []
    parts: dict[str, bytes | str] = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS}
    for index, (name, xml) in enumerate(sheets.items(), start=1):
        relationships.append(
            f'<Relationship Id="rId{index}" Type="{RELS}/worksheet" '
            f'Target="worksheets/sheet{index}.xml"/>'
        )
        state = ' state="hidden"' if name in hidden else ""
        entries.append(
            f'<sheet name={quoteattr(name)} sheetId="{index}"{state} r:id="rId{index}"/>'
        )
        parts[f"xl/worksheets/sheet{index}.xml"] = xml
    if shared is not None:
        relationships.append(
            f'<Relationship Id="rIdS" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
        )
        parts["xl/sharedStrings.xml"] = shared
    if styles is not None:
        relationships.append(f'<Relationship Id="rIdY" Type="{RELS}/styles" Target="styles.xml"/>')
        parts["xl/styles.xml"] = styles
    properties = '<workbookPr date1904="1"/>' if date1904 else "<workbookPr/>"
    parts["xl/workbook.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
        f"{properties}<sheets>{''.join(entries)}</sheets></workbook>"
    )
    parts["xl/_rels/workbook.xml.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
        f"{''.join(relationships)}</Relationships>"
    )
    parts.update(extra or {})
    parts.update(replace or {})
    return zip_bytes(parts)


def zip_bytes(parts: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def shared_strings(*items: str) -> str:
    """sharedStrings.xml from raw <si> bodies, e.g. "<t>Alpha</t>"."""
    body = "".join(f"<si>{item}</si>" for item in items)
    return f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">{body}</sst>'


def styles_xml(*number_formats: int, custom: dict[int, str] | None = None) -> str:
    """styles.xml whose cellXfs are, in order, the given numFmtIds (index 0 is General)."""
    formats = "".join(
        f"<numFmt numFmtId={quoteattr(str(i))} formatCode={quoteattr(code)}/>"
        for i, code in (custom or {}).items()
    )
    xfs = "".join(f'<xf numFmtId="{i}" fontId="0"/>' for i in (0, *number_formats))
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}">'
        f'<numFmts count="{len(custom or {})}">{formats}</numFmts>'
        f'<cellStyleXfs count="1"><xf numFmtId="49"/></cellStyleXfs>'
        f"<cellXfs>{xfs}</cellXfs></styleSheet>"
    )


def openpyxl_xlsx(rows: list[list], *, title: str = "Applicants") -> bytes:
    """A workbook as Excel-like software writes it, through openpyxl."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

"""The XLSX reader's hand-written XML scanner against openpyxl on workbooks written here by hand
with the XML features real files use (namespace prefixes, entities and character references,
CDATA, comments, processing instructions, rich text with phonetic runs, CR LF, single quotes,
pretty-printing, every cell type, a sheet long enough to cross the scanner's chunk boundaries
many times); the refusals (DTD, UTF-16, bad UTF-8, undefined entity, truncated part) with their
messages; and that reading a sheet takes the same memory for 100,000 rows as for 10,000 (peak
RSS of the reading process, its own VmHWM: no timings)."""
import argparse
import datetime
import json
import os
import shutil
import subprocess
import tempfile
import zipfile

import openpyxl

from intake_common import check, finish

ap = argparse.ArgumentParser()
ap.add_argument("--dump", required=True)
args = ap.parse_args()
tmp = tempfile.mkdtemp(prefix="intake-reader-")

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '</Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    '</Relationships>')
WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    '</Relationships>')
WORKBOOK = (f'<?xml version="1.0" encoding="UTF-8"?>\n<workbook {NS} {R_NS}><sheets>'
            '<sheet name="Số liệu" sheetId="1" r:id="rId1"/></sheets></workbook>')
# Style 1 is a date (built-in format 14).
STYLES = (f'<?xml version="1.0" encoding="UTF-8"?>\n<styleSheet {NS}>'
          '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs>'
          '</styleSheet>')


def xlsx(path, sheet, shared, compress=zipfile.ZIP_DEFLATED):
    """A workbook from the sheet part's text (str or bytes) and the shared strings' text."""
    with zipfile.ZipFile(path, "w", compress) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/_rels/workbook.xml.rels", WB_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/styles.xml", STYLES)
        z.writestr("xl/sharedStrings.xml", shared)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def dump(path):
    p = subprocess.run([args.dump, path], capture_output=True, text=True)
    return p.returncode, [json.loads(line) for line in p.stdout.splitlines()], p.stderr


def reference(path):
    """Every cell as openpyxl reads it (cached values), None for an empty or unset cell."""
    wb = openpyxl.load_workbook(path, data_only=True)
    ws = wb.worksheets[0]
    return {(c.row, c.column): c.value for row in ws.iter_rows() for c in row
            if c.value is not None}


def as_reference(cell):
    _, _, _, kind, text, number = cell
    if kind == "text" or kind == "error":
        return text
    if kind == "boolean":
        return number != 0
    if kind == "date":
        return datetime.datetime.fromisoformat(text)
    if kind == "number":
        return int(number) if number == int(number) else number
    return None


def compare(name, path):
    rc, cells, err = dump(path)
    check(rc == 0, f"{name}: đọc được ({err.strip()})")
    ours = {(c[1], c[2]): as_reference(c) for c in cells if c[3] != "no_value"}
    ref = reference(path)
    for key in sorted(set(ours) | set(ref)):
        a, b = ours.get(key), ref.get(key)
        if isinstance(b, datetime.datetime) and isinstance(a, datetime.datetime):
            same = a == b
        elif isinstance(b, (int, float)) and not isinstance(b, bool):
            same = isinstance(a, (int, float)) and abs(a - b) < 1e-9
        else:
            same = a == b
        check(same, f"{name}: ô {key}: vanban {a!r}, openpyxl {b!r}")
    return cells


# 1. The XML features, with a namespace prefix on every element of the sheet.
shared = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    f'<sst {NS} count="5" uniqueCount="5">\r\n'
    '  <si><t>Sở Y tế &amp; Sở Tư pháp</t></si>\r\n'
    '  <si><t xml:space="preserve">S&#7903; N&#x1ED9;i v&#x1EE5; &lt;1&gt; &quot;x&quot; &apos;y&apos;</t></si>\r\n'
    '  <si><r><rPr><b/></rPr><t>Đồng </t></r><r><t>Nai</t></r>'
    '<rPh sb="0" eb="1"><t>ふりがな</t></rPh></si>\r\n'
    '  <si><t>dòng 1\r\ndòng 2</t></si>\r\n'
    '  <si><t/></si>\r\n'
    '</sst>\r\n')
sheet = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<!-- written by hand -->\n'
    f'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" {R_NS}>\n'
    '  <x:sheetData>\n'
    '    <x:row r="1">\n'
    '      <x:c r="A1" t="s"><x:v>0</x:v></x:c>\n'
    "      <x:c r = 'B1' t = 's' ><x:v>1</x:v></x:c>\n"
    '      <x:c r="C1" t="s"><x:v>2</x:v></x:c>\n'
    '      <x:c r="D1" t="s"><x:v>3</x:v></x:c>\n'
    '    </x:row>\n'
    '    <?some-pi data?>\n'
    '    <x:row r="3">\n'
    '      <x:c r="A3"><x:v>1234567</x:v></x:c>\n'
    '      <x:c r="B3"><x:v>-2.5E3</x:v></x:c>\n'
    '      <x:c r="C3" s="1"><x:v>45565</x:v></x:c>\n'
    '      <x:c r="D3" s="1"/>\n'
    '      <x:c r="E3" t="b"><x:v>1</x:v></x:c>\n'
    '      <x:c r="F3" t="e"><x:v>#DIV/0!</x:v></x:c>\n'
    '      <x:c r="G3" t="str"><x:f>"a"&amp;"b"</x:f><x:v>ab</x:v></x:c>\n'
    '      <x:c r="H3"><x:f>1+2</x:f><x:v>3</x:v></x:c>\n'
    '      <x:c r="I3"><x:f>1+2</x:f></x:c>\n'
    '      <x:c r="J3" t="inlineStr"><x:is><x:t><![CDATA[<b>&amp;</b>]]></x:t></x:is></x:c>\n'
    '      <x:c r="K3" t="inlineStr"><x:is><x:r><x:t>Tân </x:t></x:r><x:r><x:t>Phú</x:t></x:r></x:is></x:c>\n'
    '      <x:c r="L3" t="s"><x:v>4</x:v></x:c>\n'
    '    </x:row>\n'
    '    <x:row r="4"/>\n'
    '  </x:sheetData>\n'
    '  <x:mergeCells count="1"><x:mergeCell ref="A5:B5"/></x:mergeCells>\n'
    '</x:worksheet>\n')
cells = compare("đặc điểm XML", xlsx(os.path.join(tmp, "xml.xlsx"), sheet, shared))
by = {(c[1], c[2]): c for c in cells}
# Literal expectations where openpyxl cannot tell (phonetic runs, formula without a value).
check(by.get((1, 3), [None] * 5)[4] == "Đồng Nai", "chữ phiên âm (rPh) không được đọc")
check(by.get((1, 4), [None] * 5)[4] == "dòng 1\ndòng 2", "CR LF thành LF")
check(by.get((3, 9), [None] * 4)[3] == "no_value", "công thức chưa tính: no_value")
check((3, 4) not in by and (4, 1) not in by, "ô trống có định dạng và hàng rỗng không được đưa ra")

# 1b. Cells without a prefix, on both sides of the scanner's one-step path for <v>TEXT</v></c>
#     (short printable ASCII only): an entity, text over 32 bytes, non-ASCII text, a tab, an empty
#     <v>, a space before </c> and a formula all take the token path; the results must not differ.
long_ascii = "x" * 33
plain_sheet = (
    f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet {NS}><sheetData><row r="1">'
    '<c r="A1"><v>12</v></c><c r="B1"><v>1&#50;</v></c>'
    f'<c r="C1" t="str"><v>{long_ascii}</v></c><c r="D1" t="str"><v>abc</v></c>'
    '<c r="E1" t="str"><v>Đà Lạt</v></c><c r="F1" t="str"><v>a\tb</v></c>'
    '<c r="G1"><v>5</v> </c><c r="H1" t="s"><v>1</v></c><c r="I1"><f>1+1</f><v>2</v></c>'
    '<c r="J1" t="str"><v>a&amp;b</v></c><c r="K1" s="1"><v>45565</v></c>'
    '</row></sheetData></worksheet>')
cells = compare("ô không tiền tố", xlsx(os.path.join(tmp, "plain.xlsx"), plain_sheet, shared))
check(len(cells) == 11, f"ô không tiền tố: 11 ô, nhận {len(cells)}")

# 2. A long sheet (about 1.4 MB of XML, stored uncompressed and compressed): every value where
#    openpyxl has it, across many of the scanner's 256 KB chunk boundaries.
rows = []
for r in range(1, 10001):
    rows.append(f'<row r="{r}"><c r="A{r}" t="s"><v>{r % 3}</v></c>'
                f'<c r="B{r}"><v>{r * 7}</v></c><c r="C{r}" t="inlineStr"><is><t>đơn vị &amp; {r}</t></is></c>'
                f'<c r="D{r}"><v>{r}.25</v></c></row>')
long_sheet = f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet {NS}><sheetData>{"".join(rows)}</sheetData></worksheet>'
long_shared = (f'<?xml version="1.0" encoding="UTF-8"?>\n<sst {NS}>'
               '<si><t>một</t></si><si><t>hai</t></si><si><t>ba</t></si></sst>')
for mode, name in ((zipfile.ZIP_STORED, "không nén"), (zipfile.ZIP_DEFLATED, "nén")):
    cells = compare(f"trang dài ({name})",
                    xlsx(os.path.join(tmp, f"dai-{mode}.xlsx"), long_sheet, long_shared, mode))
    check(len(cells) == 40000, f"trang dài ({name}): 40.000 ô, nhận {len(cells)}")


# 3. Refusals, each with its message.
def refused(name, sheet_text, expected):
    path = xlsx(os.path.join(tmp, name + ".xlsx"), sheet_text, long_shared)
    rc, _, err = dump(path)
    check(rc == 1, f"{name}: mã thoát 1, nhận {rc}")
    check(expected in err, f"{name}: cần \"{expected}\" trong thông báo, nhận: {err.strip()}")


head = f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet {NS}><sheetData>'
tail = '</sheetData></worksheet>'
refused("dtd", '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n<worksheet/>',
        "phần xl/worksheets/sheet1.xml có khai báo DTD, tệp XLSX không có")
refused("utf16", (head + tail).encode("utf-16"), "chỉ đọc được UTF-8")
refused("utf8", head.encode() + b'<row r="1"><c r="A1" t="inlineStr"><is><t>\xff</t></is></c></row>'
        + tail.encode(), "phần xl/worksheets/sheet1.xml không phải XML hợp lệ (dòng 2): văn bản "
        "không phải UTF-8 hợp lệ")
refused("entity", head + '<row r="1"><c r="A1" t="inlineStr"><is><t>a&nbsp;b</t></is></c></row>'
        + tail, "thực thể &nbsp; không được định nghĩa")
refused("cut", head + '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"',
        "tệp kết thúc giữa một thẻ mở")
refused("unclosed", head + '<row r="1"><c r="A1"><v>1</v></c></row>',
        "tệp kết thúc trước </sheetData>")

# 4. Memory: 10,000 and 100,000 rows of 15 cells (numbers and a repeated shared text, the shape
#    of a one-stop-system export). The reader keeps one row, so the peak differs by far less than
#    the 10 MB the extra 90,000 rows take in the file (sheet XML ≈ 100 MB uncompressed).
def export(path, n):
    parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet {NS}><sheetData>']
    for r in range(1, n + 1):
        cells = "".join(f'<c r="{chr(66 + k)}{r}"><v>{(r * 31 + k * 7) % 5000}</v></c>'
                        for k in range(14))
        parts.append(f'<row r="{r}"><c r="A{r}" t="s"><v>{r % 3}</v></c>{cells}</row>')
    parts.append(tail)
    return xlsx(path, "".join(parts), long_shared)


def peak(path):
    p = subprocess.run([args.dump, path, "--rss"], capture_output=True, text=True)
    check(p.returncode == 0, f"{path}: {p.stderr.strip()}")
    f = p.stdout.split()
    return int(f[1]), int(f[5])


r10, k10 = peak(export(os.path.join(tmp, "10k.xlsx"), 10000))
r100, k100 = peak(export(os.path.join(tmp, "100k.xlsx"), 100000))
check(r10 == 10000 and r100 == 100000, f"đọc đủ hàng: {r10}, {r100}")
print(f"đỉnh bộ nhớ: 10.000 hàng {k10} KiB, 100.000 hàng {k100} KiB")
check(k100 - k10 < 4096, f"bộ nhớ không tăng theo số hàng: 10.000 hàng {k10} KiB, 100.000 hàng "
      f"{k100} KiB (chênh quá 4 MiB)")

shutil.rmtree(tmp)
finish("check_reader")

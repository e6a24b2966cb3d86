#!/usr/bin/env python3
# xlsx_edit_check.py - the helper of tests/scripts/xlsx-edit.sh (see there).
#   xlsx_edit_check.py make WORK SEED          the generated workbooks' sources
#   xlsx_edit_check.py edit WORK SEED          5 random edits on each, checked
#   xlsx_edit_check.py office WORK             LibreOffice's CSV of each, checked
# WORK holds NAME.xlsx (the workbook), NAME.csv (its CSV copy); edit leaves
# NAME.before.xlsx, NAME.edits (the ids touched, the fields changed).
import base64, csv, io, json, os, random, re, subprocess, sys, zipfile
import xml.etree.ElementTree as ET

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
TODAY = "2023-08-01"
HEADER = ["序号", "专题领域", "重大隐患", "涉及层面", "整改措施", "检查日期", "计划整改时限",
          "责任单位", "整改阶段", "实际整改完成时间", "整改进展", "整改进展时间", "备注",
          "隐患来源", "挂牌督办", "责任人", "整改资金（万元）", "应急预案"]
DOMAINS = ["消防", "燃气", "电动自行车", "建筑施工", "道路交通"]
PLACES = ["某某酒店", "某饭店", "公园路15号出租屋", "某商场", "佰迪乐KTV", "某工地"]
NAMES = ["张三", "李四", "王五", "刘志强", "黄小平"]
failures = []
moved = [0]             # rows found below their place (the rows moved down)


def fail(msg):
    failures.append(msg)
    print("xlsx-edit: FAIL " + msg)


def hazard(rng, i):
    d = rng.randint(1, 28)
    return {"专题领域": rng.choice(DOMAINS), "重大隐患": "隐患%d_%d，需整改" % (i, rng.randint(1, 999)),
            "涉及层面": rng.choice(["市", "县区"]), "整改措施": "整改措施%d" % i,
            "检查日期": "2023-06-%02d" % d, "计划整改时限": "2023-07-%02d" % rng.randint(1, 28),
            "责任单位": rng.choice(PLACES), "整改阶段": "未整改", "隐患来源": "部门检查",
            "挂牌督办": "否", "责任人": rng.choice(NAMES),
            "整改资金（万元）": rng.choice(["0", "0.5", "1.2", "3", "12.75"]), "应急预案": "是"}


# ---- the workbooks' sources -------------------------------------------------

PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0000003010100c9fe92ef0000000049454e44ae426082")).decode()

FODS_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:font-face-decls><style:font-face style:name="宋体" svg:font-family="宋体"/></office:font-face-decls>
<office:automatic-styles>
 <number:date-style style:name="N1"><number:year number:style="long"/><number:text>-</number:text>
  <number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
 <style:style style:name="co1" style:family="table-column"><style:table-column-properties style:column-width="0.6in"/></style:style>
 <style:style style:name="co2" style:family="table-column"><style:table-column-properties style:column-width="1.7in"/></style:style>
 <style:style style:name="ro1" style:family="table-row"><style:table-row-properties style:row-height="0.3in" style:use-optimal-row-height="false"/></style:style>
 <style:style style:name="title" style:family="table-cell"><style:text-properties style:font-name="宋体" fo:font-size="18pt" fo:font-weight="bold"/></style:style>
 <style:style style:name="head" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000" fo:background-color="#dddddd" fo:wrap-option="wrap"/><style:text-properties style:font-name="宋体" fo:font-size="11pt" fo:font-weight="bold"/></style:style>
 <style:style style:name="body" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000" fo:wrap-option="wrap"/><style:text-properties style:font-name="宋体" fo:font-size="10.5pt"/></style:style>
 <style:style style:name="date" style:family="table-cell" style:data-style-name="N1"><style:table-cell-properties fo:border="0.5pt solid #000000"/><style:text-properties style:font-name="宋体" fo:font-size="10.5pt"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet>
"""


def cell(v, style="body", span=None):
    s = ' table:number-columns-spanned="%d"' % span if span else ""
    if v is None or v == "":
        return '<table:table-cell table:style-name="%s"%s/>' % (style, s)
    if isinstance(v, (int, float)):
        return ('<table:table-cell table:style-name="%s" office:value-type="float" office:value="%s"%s>'
                '<text:p>%s</text:p></table:table-cell>' % (style, v, s, v))
    if re.fullmatch(r"\d{4}-\d\d-\d\d", v) and style == "date":
        return ('<table:table-cell table:style-name="date" office:value-type="date" office:date-value="%s"%s>'
                '<text:p>%s</text:p></table:table-cell>' % (v, s, v))
    esc = v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return '<table:table-cell table:style-name="%s" office:value-type="string"%s>%s</table:table-cell>' % (
        style, s, "".join("<text:p>%s</text:p>" % p for p in esc.split("\n")))


def fods(rng, unit):
    n, tmpl = rng.randint(2, 7), rng.randint(0, 4)
    rows = []
    ncol = len(HEADER)
    rows.append('<table:table-row>%s</table:table-row>' % cell("附件2", "body"))
    rows.append('<table:table-row table:style-name="ro1">%s<table:covered-table-cell table:number-columns-repeated="%d"/></table:table-row>'
                % (cell("重大事故隐患清单", "title", ncol), ncol - 1))
    rows.append('<table:table-row>%s<table:covered-table-cell table:number-columns-repeated="5"/></table:table-row>'
                % cell("填报单位：" + unit, "body", 6))
    head = "".join(cell(h, "head") for h in HEADER)
    head = head.replace('<table:table-cell table:style-name="head" office:value-type="string">'
                        '<text:p>备注</text:p>',
                        '<table:table-cell table:style-name="head" office:value-type="string">'
                        '<office:annotation><dc:creator>街道</dc:creator><text:p>写清楚原因</text:p>'
                        '</office:annotation><text:p>备注</text:p>', 1)
    rows.append('<table:table-row table:style-name="ro1">%s</table:table-row>' % head)
    for i in range(1, n + 1):
        h = hazard(rng, i)
        cells = [cell(i)]
        for k in HEADER[1:]:
            v = h.get(k, "")
            if k == "整改资金（万元）":
                cells.append(cell(float(v) if "." in v else int(v)))
            elif k in ("检查日期", "计划整改时限") and rng.random() < 0.7:
                cells.append(cell(v, "date"))
            else:
                cells.append(cell(v))
        rows.append('<table:table-row table:style-name="ro1">%s</table:table-row>' % "".join(cells))
    for i in range(n + 1, n + tmpl + 1):
        rows.append('<table:table-row>%s%s</table:table-row>' % (cell(i), cell(None) * (ncol - 1)))
    rows.append('<table:table-row>%s<table:covered-table-cell table:number-columns-repeated="%d"/></table:table-row>'
                % (cell("填报说明：1.“涉及层面”填写市或县区。", "body", ncol), ncol - 1))
    rows.append('<table:table-row>%s%s%s</table:table-row>' % (
        cell("审核人：某某"), cell(None) * 5,
        '<table:table-cell><draw:frame draw:name="章" svg:width="0.3in" svg:height="0.3in" svg:x="0in" svg:y="0in">'
        '<draw:image><office:binary-data>%s</office:binary-data></draw:image></draw:frame>'
        '<text:p>填表人：某某</text:p></table:table-cell>' % PNG))
    cols = '<table:table-column table:style-name="co1"/><table:table-column table:style-name="co2" table:number-columns-repeated="%d"/>' % (ncol - 1)
    body = ('<table:table table:name="台账">%s%s</table:table>'
            '<table:table table:name="说明"><table:table-row>%s</table:table-row></table:table>'
            '<table:named-expressions><table:named-range table:name="填报区域" '
            'table:base-cell-address="$台账.$A$4" table:cell-range-address="$台账.$A$4:.$R$%d"/>'
            '</table:named-expressions>' % (cols, "".join(rows), cell("本表每月25日前报街道"), 4 + n + tmpl))
    return FODS_HEAD + body + "</office:spreadsheet></office:body></office:document>\n"


def hz_csv(rng, unit, n):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(HEADER + ["填报单位"])
    for i in range(1, n + 1):
        h = hazard(rng, i)
        w.writerow([str(i)] + [h.get(k, "") for k in HEADER[1:]] + [unit])
    return out.getvalue()


def add_parts(path):
    """An hz-made workbook gains what a clerk's has: template rows, a merged
    title, a second sheet, a defined name, a picture and comments."""
    z = zipfile.ZipFile(path)
    parts = {i.filename: z.read(i) for i in z.infolist()}
    z.close()
    sheet = "xl/worksheets/sheet1.xml"
    wb = parts["xl/workbook.xml"].decode()
    wb = wb.replace("</sheets>", '<sheet name="说明" sheetId="9" r:id="rIdX9"/></sheets>'
                    '<definedNames><definedName name="填报区域">Sheet1!$A$4:$R$30</definedName></definedNames>', 1)
    parts["xl/workbook.xml"] = wb.encode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode().replace(
        "</Relationships>", '<Relationship Id="rIdX9" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/worksheet" Target="worksheets/sheet9.xml"/></Relationships>')
    parts["xl/_rels/workbook.xml.rels"] = rels.encode()
    ct = parts["[Content_Types].xml"].decode().replace(
        "</Types>", '<Override PartName="/xl/worksheets/sheet9.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
    parts["[Content_Types].xml"] = ct.encode()
    xml = template_rows(parts[sheet].decode(), 3)
    if "<mergeCell " not in xml:        # the title merged, as a clerk's form has it
        xml = xml.replace("</sheetData>", '</sheetData><mergeCells count="1">'
                          '<mergeCell ref="A2:R2"/></mergeCells>', 1)
    parts[sheet] = xml.encode()
    add_image_and_comments(parts, sheet)
    parts["xl/worksheets/sheet9.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.'
        'openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr">'
        '<is><t>本表每月25日前报街道</t></is></c></row></sheetData></worksheet>').encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)


NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def add_image_and_comments(parts, sheet):
    """What a clerk's workbook carries besides its cells, as Excel writes
    them: a picture (the office's emblem) anchored on the title rows, and
    comments (a note on the header's 备注 cell and on a record's cell),
    with their VML shapes. hz must keep every one of these parts byte for
    byte."""
    xml = parts[sheet].decode()
    head = re.search(r'<row r="(\d+)"[^>]*>(?:(?!</row>).)*>序号<', xml, re.S)
    hrow = int(head.group(1))
    cols = re.findall(r'<c r="([A-Z]+)%d"[^>]*>(?:(?!</c>).)*>备注<' % hrow, xml, re.S)
    notes = [(cols[0] if cols else "M") + str(hrow), "C%d" % (hrow + 1)]
    xml = xml.replace("</worksheet>", '<drawing r:id="rIdHzD"/><legacyDrawing r:id="rIdHzV"/></worksheet>', 1)
    parts[sheet] = xml.encode()
    rels = "xl/worksheets/_rels/" + sheet.rsplit("/", 1)[1] + ".rels"
    r = parts.get(rels, ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         '</Relationships>').encode()).decode()
    kind = NS_REL + "/"
    r = r.replace("</Relationships>",
                  '<Relationship Id="rIdHzD" Type="%sdrawing" Target="../drawings/hzdrawing1.xml"/>'
                  '<Relationship Id="rIdHzV" Type="%svmlDrawing" Target="../drawings/hzvmlDrawing1.vml"/>'
                  '<Relationship Id="rIdHzC" Type="%scomments" Target="../hzcomments1.xml"/>'
                  '</Relationships>' % (kind, kind, kind))
    parts[rels] = r.encode()
    parts["xl/media/hzimage1.png"] = base64.b64decode(PNG)
    parts["xl/drawings/_rels/hzdrawing1.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="%simage" Target="../media/hzimage1.png"/></Relationships>' % kind).encode()
    parts["xl/drawings/hzdrawing1.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<xdr:twoCellAnchor editAs="oneCell"><xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff>'
        '<xdr:row>0</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>0</xdr:col>'
        '<xdr:colOff>304800</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>'
        '<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Picture 1" descr="街道徽标"/><xdr:cNvPicPr>'
        '<a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr><xdr:blipFill>'
        '<a:blip xmlns:r="%s" r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>'
        '<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="304800" cy="190500"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/>'
        '</xdr:twoCellAnchor></xdr:wsDr>' % NS_REL).encode()
    parts["xl/hzcomments1.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><comments xmlns="%s"><authors>'
        '<author>街道</author></authors><commentList>%s</commentList></comments>' % (NS_MAIN, "".join(
            '<comment ref="%s" authorId="0"><text><r><t>%s</t></r></text></comment>' % (ref, t)
            for ref, t in zip(notes, ["写清楚原因", "已电话核实"])))).encode()

    def shape(i, ref):
        col = sum((ord(ch) - 64) * 26 ** k for k, ch in enumerate(reversed(re.match(r"[A-Z]+", ref).group()))) - 1
        row = int(re.search(r"\d+", ref).group()) - 1
        return ('<v:shape id="_x0000_s%d" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;'
                'margin-top:1.5pt;width:108pt;height:59.25pt;z-index:%d;visibility:hidden" fillcolor="#ffffe1" '
                'o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>'
                '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left">'
                '</div></v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
                '<x:Anchor>%d, 15, %d, 2, %d, 15, %d, 16</x:Anchor><x:AutoFill>False</x:AutoFill>'
                '<x:Row>%d</x:Row><x:Column>%d</x:Column></x:ClientData></v:shape>'
                % (1025 + i, i + 1, col + 1, row, col + 3, row + 4, row, col))
    parts["xl/drawings/hzvmlDrawing1.vml"] = (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit">'
        '<o:idmap v:ext="edit" data="1"/></o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" '
        'o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
        '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>%s</xml>'
        % "".join(shape(i, ref) for i, ref in enumerate(notes))).encode()
    ct = parts["[Content_Types].xml"].decode()
    if 'Extension="png"' not in ct:
        ct = ct.replace("</Types>", '<Default Extension="png" ContentType="image/png"/></Types>')
    if 'Extension="vml"' not in ct:
        ct = ct.replace("</Types>", '<Default Extension="vml" ContentType="application/'
                        'vnd.openxmlformats-officedocument.vmlDrawing"/></Types>')
    ct = ct.replace("</Types>", '<Override PartName="/xl/hzcomments1.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>'
                    '<Override PartName="/xl/drawings/hzdrawing1.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.drawing+xml"/></Types>')
    parts["[Content_Types].xml"] = ct.encode()


def template_rows(xml, k):
    """k blank template rows (序号 only, in the record's style) after the
    last record, the footer moved down below them."""
    rows = re.findall(r'<row r="(\d+)"[^>]*>(.*?)</row>', xml)
    last = max(int(r) for r, body in rows if re.search(r'<c r="A\d+"[^>]*><v>\d+</v>', body))
    lastid = int(re.search(r'<row r="%d".*?<c r="A%d"[^>]*><v>(\d+)</v>' % (last, last), xml).group(1))
    style = re.search(r'<c r="A%d" s="(\d+)"' % last, xml).group(1)

    def move(m):
        n = int(m.group(2))
        return m.group(1) + str(n + k if n > last else n)
    after = [m.start() for m in re.finditer(r'<row r="(\d+)"', xml) if int(m.group(1)) > last]
    cut = after[0] if after else -1
    head, sep, tail = (xml[:cut], "x", xml[cut:]) if after else ("", "", "")
    if sep:
        tail = re.sub(r'(<row r=")(\d+)', move, tail)
        tail = re.sub(r'(<c r="[A-Z]+)(\d+)', move, tail)
        tail = re.sub(r'(<mergeCell ref="[A-Z]+)(\d+)', move, tail)
        tail = re.sub(r'(<mergeCell ref="[A-Z]+\d+:[A-Z]+)(\d+)', move, tail)
    else:
        head, sep, tail = xml.partition("</sheetData>")
        tail = sep + tail
    new = "".join('<row r="%d"><c r="A%d" s="%s"><v>%d</v></c></row>' % (last + i, last + i, style, lastid + i)
                  for i in range(1, k + 1))
    return head + new + tail


def make(work, seed):
    rng = random.Random(seed)
    for k in range(3):
        with open(os.path.join(work, "lo%d.fods" % k), "w") as f:
            f.write(fods(rng, ["公园社区", "滨江社区", "南湖社区"][k]))
    for k in range(2):
        with open(os.path.join(work, "hzsrc%d.csv" % k), "w") as f:
            f.write(hz_csv(rng, ["城西社区", "北门社区"][k], rng.randint(2, 6)))


# ---- reading --------------------------------------------------------------

def hz(*args, check=False):
    p = subprocess.run(list(args), capture_output=True, text=True)
    if check and p.returncode != 0:
        fail("%s: exit %d: %s" % (" ".join(args), p.returncode, p.stderr.strip()))
    return p


def records(path):
    """hz's records, normalized, keyed by header; 填报单位 apart."""
    p = hz("hz-fmt", "-q", "--normalize", "-o", "jsonl", "--lang", "zh", path)
    recs = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
    return recs


def sheet_cells(path):
    """The first sheet's cells: {row: {col: (style, type, value)}}, values
    resolved through the shared strings."""
    z = zipfile.ZipFile(path)
    sst = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(NS + "si"):
            sst.append("".join(t.text or "" for t in si.iter(NS + "t")))
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rid = wb.find(NS + "sheets")[0].get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = [r.get("Target") for r in rels if r.get("Id") == rid][0]
    name = target[1:] if target.startswith("/") else "xl/" + target
    rows = {}
    for row in ET.fromstring(z.read(name)).iter(NS + "row"):
        r = int(row.get("r"))
        cells = {}
        for c in row.iter(NS + "c"):
            ref = c.get("r")
            col = re.match(r"[A-Z]+", ref).group(0)
            t = c.get("t", "n")
            v = c.find(NS + "v")
            if t == "s" and v is not None:
                val = sst[int(v.text)]
            elif t == "inlineStr":
                val = "".join(x.text or "" for x in c.iter(NS + "t"))
            else:
                val = v.text if v is not None else ""
            cells[col] = (c.get("s", "0"), "s" if t in ("s", "inlineStr", "str") else t, val)
        rows[r] = cells
    return rows, name


def raw_entries(path):
    out = []
    z = zipfile.ZipFile(path)
    with open(path, "rb") as f:
        for i in z.infolist():
            f.seek(i.header_offset)
            h = f.read(30)
            n, m = int.from_bytes(h[26:28], "little"), int.from_bytes(h[28:30], "little")
            f.seek(i.header_offset + 30 + n + m)
            out.append((i.filename, i.CRC, i.compress_type, f.read(i.compress_size)))
    return out


# ---- the edits --------------------------------------------------------------

def ids_of(recs):
    return [int(r["id"]) for r in recs if str(r.get("id", "")).isdigit()]


def random_edit(rng, recs, state):
    ids = ids_of(recs)
    kind = rng.choice(["add", "add", "add-id", "edit", "progress", "done", "extend"])
    if kind == "extend" and state.get("extended"):
        kind = "edit"
    if not ids:
        kind = "add"
    if kind in ("add", "add-id"):
        h = hazard(rng, len(ids) + 1)
        args = ["hz-add", "--extend", "--today", TODAY]
        if kind == "add-id":
            args.append("序号=%d" % (max(ids + [0]) + rng.randint(30, 60)))
        return args + ["%s=%s" % kv for kv in h.items()]
    target = str(rng.choice(ids))
    if kind == "edit":
        fields = rng.sample([("责任人", rng.choice(NAMES) + "甲"), ("整改资金（万元）", rng.choice(["2.5", "7", "0.25"])),
                             ("计划整改时限", "2023/9/%d" % rng.randint(1, 28)), ("备注", "已约谈 & <复查>"),
                             ("责任单位", rng.choice(PLACES) + "（新）")], rng.randint(1, 3))
        return ["hz-edit", "--today", TODAY, target] + ["%s=%s" % f for f in fields]
    if kind == "progress":
        return ["hz-progress", "--today", TODAY, target, "--date", "2023-07-%02d" % rng.randint(1, 28),
                "--text", "已督促整改，第%d次" % rng.randint(1, 9)]
    if kind == "done":
        return ["hz-progress", "--today", TODAY, target, "--done", "2023-07-%02d" % rng.randint(1, 28)]
    state["extended"] = True
    return ["hz-progress", "--today", TODAY, target, "--extend", "2023-09-%02d" % rng.randint(1, 28)]


def strip_unit(recs):
    return [{k: v for k, v in r.items() if k not in ("reporter", "填报单位")} for r in recs]


def edit_one(work, name, rng):
    book, copy = os.path.join(work, name + ".xlsx"), os.path.join(work, name + ".csv")
    before = os.path.join(work, name + ".before.xlsx")
    with open(book, "rb") as f, open(before, "wb") as g:
        g.write(f.read())
    recs0 = records(book)
    unit = {r.get("reporter") for r in recs0}
    state, touched, done = {}, set(), 0
    for _ in range(5):
        args = random_edit(rng, records(book), state)
        a = hz(args[0], "-f", book, *args[1:])
        b = hz(args[0], "-f", copy, *args[1:])
        if a.returncode != b.returncode:
            fail("%s: %s: exit %d on the workbook, %d on its CSV copy: %s" % (
                name, " ".join(args), a.returncode, b.returncode, a.stderr.strip() or b.stderr.strip()))
            continue
        if a.returncode == 0:
            done += 1
            if args[0] == "hz-add":
                touched.update(a.stdout.split())
            else:
                touched.add(args[3])
    if done < 3:
        fail("%s: only %d of 5 edits were made: the test would prove little" % (name, done))
    x, c = records(book), records(copy)
    if strip_unit(x) != strip_unit(c):
        fail("%s: the workbook's records differ from its CSV copy's after the same edits" % name)
        for r, s in zip(strip_unit(x), strip_unit(c)):
            if r != s:
                print("  xlsx: %s\n  csv:  %s" % (r, s))
                break
    # the trap of issue 22: new rows keep the title's 填报单位
    if len(unit) == 1 and any(r.get("reporter") not in unit for r in x):
        fail("%s: a record lost its 填报单位 %s" % (name, unit))
    check_package(name, before, book)
    check_cells(name, before, book, touched, recs0, x)
    with open(os.path.join(work, name + ".edits"), "w") as f:
        json.dump(sorted(touched), f)
    return done


KEPT_PARTS = re.compile(r"xl/(.*comments\d*\.xml|drawings/.*|media/.*)$")
kept_parts = [0]


def check_package(name, before, after):
    a, b = raw_entries(before), raw_entries(after)
    _, sheet = sheet_cells(before)
    if [e[0] for e in a] != [e[0] for e in b]:
        fail("%s: the entries of the package changed: %s -> %s" % (name, [e[0] for e in a], [e[0] for e in b]))
        return
    for x, y in zip(a, b):
        if x[0] != sheet and x != y:
            fail("%s: entry %s is not byte-identical (compressed bytes)" % (name, x[0]))
    # every workbook made here carries a picture and comments (the
    # LibreOffice ones from their ODS, the hz-made ones from add_parts)
    if name.startswith(("lo", "hz")):
        pics = [e[0] for e in a if re.match(r"xl/media/.*\.png$", e[0])]
        notes = [e[0] for e in a if re.match(r"xl/.*comments\d*\.xml$", e[0])]
        if not pics or not notes:
            fail("%s: no picture or no comments to keep (%s %s): the test would prove little" % (name, pics, notes))
    kept_parts[0] += sum(1 for e in a if KEPT_PARTS.match(e[0]))


def check_cells(name, before, after, touched, recs0, recs1):
    """Every cell outside the records touched keeps its value and style;
    in a touched record, the cells of fields not changed too, and a changed
    cell keeps its style."""
    b, _ = sheet_cells(before)
    a, _ = sheet_cells(after)
    head = [r for r, cells in b.items() if cells.get("A", ("", "", ""))[2] == "序号"]
    if not head:
        fail("%s: no header row found" % name)
        return
    h = head[0]
    colof = {v[2]: k for k, v in b[h].items()}

    def rid(cells):
        v = cells.get("A", ("", "", ""))[2]
        return str(int(float(v))) if re.fullmatch(r"\d+(\.0)?", v or "") else None

    def filled(cells):
        return {k: v for k, v in cells.items() if v[2] != ""}

    byid_a = {}         # a 序号 a register repeats (duplicate-id) pairs in order
    for r in sorted(a):
        if r > h and rid(a[r]) and len(filled(a[r])) > 1:
            byid_a.setdefault(rid(a[r]), []).append(r)
    nxt = 1
    changed = {}
    old = {str(r.get("id")): r for r in recs0}
    for r in recs1:
        o = old.get(str(r.get("id")))
        if o:
            changed[str(r["id"])] = {k for k in r if r.get(k) != o.get(k)}
    checked = 0
    for r in sorted(b):
        cells = b[r]
        if r <= h:
            mine = a.get(r, {})
            for col, v in cells.items():
                if mine.get(col) != v:
                    fail("%s: row %d (above the records) cell %s: %s -> %s" % (name, r, col, v, mine.get(col)))
            checked += len(cells)
            continue
        i = rid(cells)
        rest = filled(cells)
        if i is not None and len(rest) > 1:          # a record
            if not byid_a.get(i):
                fail("%s: record %s is gone" % (name, i))
                continue
            r2 = byid_a[i].pop(0)
            for col, v in cells.items():
                w = a[r2].get(col)
                hdr = b[h].get(col, ("", "", ""))[2]
                if i in touched and w is not None and w[0] != v[0]:
                    fail("%s: record %s cell %s changed its style %s -> %s" % (name, i, col, v[0], w[0]))
                if i not in touched or not field_changed(hdr, changed.get(i, set())):
                    if w != v:
                        fail("%s: record %s cell %s (%s) changed: %s -> %s" % (name, i, col, hdr, v, w))
                checked += 1
            continue
        if not rest or (i is not None and i in touched):
            continue                                 # blank, or a template row filled
        # another row (template, footer): the same, at or below its place
        found = None
        for r2 in range(max(r, nxt), r + 7):
            if filled(a.get(r2, {})) == rest and a.get(r2, {}) == cells:
                found = r2
                break
        if found is None:
            fail("%s: row %d %s is not found unchanged below" % (name, r, sorted(rest.items())[:2]))
        else:
            nxt = found + 1
            checked += len(cells)
            moved[0] += found > r
    # the new records: dates as date cells, numbers as numbers
    for i in touched:
        if i in old:
            continue
        if not byid_a.get(i):
            fail("%s: new record %s not found in the sheet" % (name, i))
            continue
        r2 = byid_a[i][-1]
        c = a[r2]
        if c.get("A", ("", "", ""))[1] != "n":
            fail("%s: new record %s: 序号 is not a number cell: %s" % (name, i, c.get("A")))
        m = c.get(colof.get("整改资金（万元）"))
        if m is not None and m[2] and m[1] != "n":
            fail("%s: new record %s: 整改资金 is not a number cell: %s" % (name, i, m))
    if checked == 0:
        fail("%s: no cell was compared" % name)


FIELD_HEADERS = {"stage": ["整改阶段"], "done_date": ["实际整改完成时间"],
                 "progress": ["整改进展", "整改进展时间"], "owner": ["责任人"],
                 "funds": ["整改资金（万元）"], "deadline": ["计划整改时限"], "remarks": ["备注"],
                 "unit": ["责任单位"], "extension": ["延期至"], "plan": ["应急预案"]}


def field_changed(header, keys):
    return any(header in FIELD_HEADERS.get(k, [k]) for k in keys)


def edit(work, seed):
    rng = random.Random(seed)
    names = sorted(f[:-5] for f in os.listdir(work) if f.endswith(".xlsx") and ".before." not in f)
    total = 0
    for n in names:
        total += edit_one(work, n, rng)
    print("xlsx-edit: %d workbooks, %d edits made, %d rows moved down by them; "
          "%d picture, drawing and comment parts kept byte for byte" % (
              len(names), total, moved[0], kept_parts[0]))


# ---- LibreOffice's reading --------------------------------------------------

def office_rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return [[c for c in row] for row in csv.reader(f)]


def office(work):
    names = sorted(f[:-6] for f in os.listdir(work) if f.endswith(".edits"))
    for n in names:
        with open(os.path.join(work, n + ".edits")) as f:
            touched = set(json.load(f))
        b = office_rows(os.path.join(work, "..", "csv", n + ".before.csv"))
        a = office_rows(os.path.join(work, "..", "csv", n + ".csv"))
        head = [k for k, r in enumerate(b) if r and r[0] == "序号"]
        if not head:
            fail("%s: LibreOffice's CSV has no header" % n)
            continue
        h = head[0]

        def trim(r):
            r = list(r)
            while r and r[-1] == "":
                r.pop()
            return r

        for k in range(h):
            if trim(b[k]) != trim(a[k]):
                fail("%s: LibreOffice reads row %d differently: %s -> %s" % (n, k + 1, b[k][:3], a[k][:3]))
        if trim(a[h])[:len(trim(b[h]))] != trim(b[h]):
            fail("%s: LibreOffice reads the header differently" % n)
        arows = {}
        for r in a[h + 1:]:
            if r and r[0].isdigit() and len(trim(r)) > 1:
                arows.setdefault(r[0], []).append(r)
        nxt = h + 1
        for k in range(h + 1, len(b)):
            r = trim(b[k])
            if not r:
                continue
            if arows.get(r[0]) and len(r) > 1 and r[0].isdigit():
                if r[0] not in touched and trim(arows[r[0]].pop(0)) != r:
                    fail("%s: LibreOffice reads untouched record %s differently" % (n, r[0]))
                continue
            if r[0] in touched:
                continue
            for k2 in range(max(k, nxt), min(len(a), k + 7)):
                if trim(a[k2]) == r:
                    nxt = k2 + 1
                    break
            else:
                fail("%s: LibreOffice does not find row %d (%s) below its place" % (n, k + 1, r[:2]))


if __name__ == "__main__":
    cmd, work = sys.argv[1], sys.argv[2]
    if cmd == "make":
        make(work, int(sys.argv[3]))
    elif cmd == "addparts":
        add_parts(work)
    elif cmd == "edit":
        edit(work, int(sys.argv[3]))
    elif cmd == "office":
        office(work)
    sys.exit(1 if failures else 0)

"""workbooks.py - hostile (and plain) workbooks made at test time: a minimal
OLE2 compound file around BIFF8 records (.xls), and .xlsx parts zipped as
given. Used by tests/scripts/workbook-hostile.sh and the fuzz seeds."""
import struct
import zipfile

END, FREE, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def record(rtype, data):
    return struct.pack("<HH", rtype, len(data)) + data


def _dirent(name, etype, child=NOSTREAM, start=END, size=0, color=1):
    n = (name + "\0").encode("utf-16-le")
    return (n.ljust(64, b"\0") + struct.pack("<HBB", len(n), etype, color)
            + struct.pack("<III", NOSTREAM, NOSTREAM, child) + b"\0" * 16 + b"\0" * 4
            + b"\0" * 16 + struct.pack("<III", start, size, 0))


def cfbf(stream, name="Workbook"):
    """A compound file holding one stream (padded past the mini-stream cutoff)."""
    data = stream.ljust(4096, b"\0")
    data += b"\0" * (-len(data) % 512)
    nsec = len(data) // 512
    assert nsec + 2 <= 128, "stream too large for one FAT sector"
    fat = [FATSECT, END] + [3 + i if i + 1 < nsec else END for i in range(nsec)]
    fat += [FREE] * (128 - len(fat))
    header = (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
              + struct.pack("<I", 0) + struct.pack("<I", FREE) * 108)
    dirs = (_dirent("Root Entry", 5, child=1) + _dirent(name, 2, start=2, size=len(stream))
            + _dirent("", 0, color=0) + _dirent("", 0, color=0))
    return header + struct.pack("<128I", *fat) + dirs + data


def bof(dt):
    return record(0x0809, struct.pack("<HHHHII", 0x0600, dt, 0x0DBB, 0x07CC, 0, 0x0006))


def xstring(s, extra=b"", flags=0):
    """A BIFF8 unicode string: cch, flags, characters (16-bit), then extra."""
    return struct.pack("<HB", len(s), flags | 1) + extra + s.encode("utf-16-le")


def xls(sheets, sst=None, sst_records=None):
    """sheets: [(name, [records of the sheet body])]; sst: list of strings,
    or sst_records: raw records in place of the SST."""
    glob = [bof(5), record(0x0042, struct.pack("<H", 1200))]
    sheet_blobs = [bof(0x10) + b"".join(body) + record(0x000A, b"") for _, body in sheets]
    tail = b""
    if sst_records is not None:
        tail = b"".join(sst_records)
    elif sst is not None:
        tail = record(0x00FC, struct.pack("<II", len(sst), len(sst)) + b"".join(xstring(s) for s in sst))
    tail += record(0x000A, b"")
    bs_len = sum(4 + 8 + len(n.encode("utf-16-le")) for n, _ in sheets)
    off = len(b"".join(glob)) + bs_len + len(tail)
    bs = b""
    for (name, _), blob in zip(sheets, sheet_blobs):
        bs += record(0x0085, struct.pack("<IH", off, 0) + struct.pack("<BB", len(name), 1)
                     + name.encode("utf-16-le"))
        off += len(blob)
    return cfbf(b"".join(glob) + bs + tail + b"".join(sheet_blobs))


def dimensions(rows, cols):
    return record(0x0200, struct.pack("<IIHHH", 0, rows, 0, cols, 0))


def label_sst(row, col, i):
    return record(0x00FD, struct.pack("<HHHI", row, col, 15, i))


def number(row, col, v):
    return record(0x0203, struct.pack("<HHHd", row, col, 15, v))


NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def xlsx(path, sheets, strings=None, styles=None, extra=(), sheet_xml=None):
    """sheets: [(name, sheetData inner XML)] or sheet_xml: [(name, whole XML)];
    extra: (name, bytes) entries added as they are (even twice)."""
    z = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
    items = sheet_xml or [(n, '<worksheet %s><sheetData>%s</sheetData></worksheet>' % (NS, d))
                          for n, d in sheets]
    z.writestr("xl/workbook.xml", '<workbook %s><sheets>%s</sheets></workbook>' % (NS, "".join(
        '<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (n, i + 1, i + 1) for i, (n, _) in enumerate(items))))
    rels = "".join('<Relationship Id="rId%d" Type="%sworksheet" Target="worksheets/sheet%d.xml"/>'
                   % (i + 1, REL, i + 1) for i in range(len(items)))
    if strings is not None:
        rels += '<Relationship Id="rS" Type="%ssharedStrings" Target="sharedStrings.xml"/>' % REL
        z.writestr("xl/sharedStrings.xml", '<sst %s>%s</sst>' % (NS, "".join(
            "<si><t>%s</t></si>" % s for s in strings)))
    if styles is not None:
        rels += '<Relationship Id="rT" Type="%sstyles" Target="styles.xml"/>' % REL
        z.writestr("xl/styles.xml", styles)
    z.writestr("xl/_rels/workbook.xml.rels",
               '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s'
               '</Relationships>' % rels)
    for i, (_, x) in enumerate(items):
        z.writestr("xl/worksheets/sheet%d.xml" % (i + 1), x)
    for name, data in extra:
        z.writestr(name, data)
    z.close()


HDR = "序号,专题领域,重大隐患,涉及层面,整改措施,检查日期,计划整改时限,责任单位,整改阶段,隐患来源,挂牌督办,责任人,整改资金（万元）,应急预案".split(",")
REC = "1,消防,通道堆物,县区,清理,2023-05-01,2023-06-01,某酒店,未整改,部门检查,否,张三,0.5,是".split(",")


def col_name(c):
    s = ""
    c += 1
    while c:
        c, m = divmod(c - 1, 26)
        s = chr(65 + m) + s
    return s


def inline_row(r, values, refs=True):
    return '<row r="%d">%s</row>' % (r, "".join(
        '<c%s t="inlineStr"><is><t>%s</t></is></c>' % (' r="%s%d"' % (col_name(i), r) if refs else "", v)
        for i, v in enumerate(values)))

#!/usr/bin/env bash
# office-docs.sh BUILD_DIR SRC_DIR - the office's documents (hz-notice(1),
# hz-bulletin(1)): on examples/, the .docx LibreOffice converts to PDF
# without error, with the expected tables (pdftotext), every word at 12 pt
# or more, 第 N 页 共 M 页 footers; a letterhead template keeps its other
# parts byte for byte; --record appends the notice record; the text forms
# for mail; -o json and -o xlsx of the bulletin; on examples/office (units,
# 报送台账, notices) the reports and notices tables show the real rows.
set -u
build=${1:?usage: office-docs.sh BUILD_DIR SRC_DIR}
src=${2:?usage: office-docs.sh BUILD_DIR SRC_DIR}
notice=$build/hz-notice
bulletin=$build/hz-bulletin
ex=$src/examples

. "$(dirname "$0")/lib/office.bash"
office_setup office-docs pdftotext pdfinfo python3 unzip
checks=0

ok() {
	checks=$((checks + 1))
}

convert() {
	"$office" --headless "-env:UserInstallation=file://$work/profile" \
		--convert-to "$2" --outdir "$work" "$1" >"$work/office.log" 2>&1 &&
		[ -s "$work/$(basename "${1%.*}").${2%%:*}" ] ||
		{ fail "$office could not convert $1:"; cat "$work/office.log"; }
}

# text PDF: the PDF's text, all pages, without white space (a cell's
# text wraps where its column ends)
text() {
	pdftotext "$1" - | tr -d ' \n\f'
}

# check_pdf PDF MIN_PT: every word MIN_PT or more; each page footed
check_pdf() {
	local pages pt word p
	pages=$(pdfinfo "$1" | awk '/^Pages:/ { print $2 }')
	read -r pt word < <(pdf_smallest "$1")
	echo "$(basename "$1"): $pages pages, smallest word $pt pt ($word)"
	if at_least "$pt" "$2"; then ok; else fail "$1: a word at $pt pt ($word), under $2 pt"; fi
	for ((p = 1; p <= pages; p++)); do
		pdftotext -f $p -l $p -layout "$1" - | grep -q "第 *$p *页 *共 *$pages *页" ||
			fail "$1: page $p has no footer 第 $p 页 共 $pages 页"
	done
}

letter=(--to 公园社区 --doc '城公安办督〔2023〕5号' --reply-by 2023-08-10 --as-of 2023-07-31
	--office 城中区某某街道公共安全办)
inputs=("$ex/register.csv" "$ex/roster.csv" "$ex/duties.csv")

# ---- hz-notice ----
"$notice" -q "${letter[@]}" --output "$work/notice.docx" --record "$work/notices.csv" \
	"${inputs[@]}" 2>"$work/notice.err" || fail "hz-notice failed: $(cat "$work/notice.err")"
convert "$work/notice.docx" pdf
if [ -s "$work/notice.pdf" ]; then
	text "$work/notice.pdf" >"$work/notice.txt"
	# the overdue hazards of 公园社区 on 2023-07-31, as hz-overdue lists them
	want=$("$build/hz-overdue" --as-of 2023-07-31 -o jsonl "$ex/register.csv" 2>/dev/null | wc -l)
	got=$(grep -c '超期未整改的重大事故隐患（'"$want"'项）' "$work/notice.txt")
	if [ "$want" -gt 0 ] && [ "$got" -eq 1 ]; then ok; else fail "notice: not the $want overdue hazards"; fi
	for cell in 督促函 '城公安办督〔2023〕5号' 公园社区： 厨房排油烟 2023-06-02 超期天数 \
		二、逾期未履行的工作任务 专项行动推进会 三、未报送或迟报的材料 无记录 2023年8月10日 \
		城中区某某街道公共安全办 2023年7月31日; do
		grep -qF -- "$cell" "$work/notice.txt" || fail "notice: '$cell' is not on the page"
	done
	ok
	check_pdf "$work/notice.pdf" 11.95
	# the table's header row repeats on every page: as a <w:tblHeader/> row
	if unzip -p "$work/notice.docx" word/document.xml | grep -q '<w:tblHeader/>'; then ok; else fail "no repeated header row"; fi
fi

# the record: one notice, under one header; a second run adds one line
"$notice" -q "${letter[@]}" --doc '城公安办督〔2023〕6号' -o text --record "$work/notices.csv" \
	"${inputs[@]}" >"$work/notice-text.txt" 2>/dev/null || fail "hz-notice -o text failed"
if [ "$(head -1 "$work/notices.csv")" = "文号,类别,对象,签发日期,回复期限,回复日期,涉及隐患,事由,备注" ] &&
   [ "$(grep -c '^城公安办督' "$work/notices.csv")" -eq 2 ] &&
   grep -q '^城公安办督〔2023〕5号,督促函,公园社区,2023-07-31,2023-08-10,,' "$work/notices.csv" &&
   "$build/hz-fmt" -q -o jsonl "$work/notices.csv" >/dev/null 2>&1; then
	ok
else
	fail "--record: the notices file is not two notices under one header:"
	cat "$work/notices.csv"
fi
# the text form: the same lists, no markup
if grep -q '^一、超期未整改的重大事故隐患' "$work/notice-text.txt" && grep -q 厨房排油烟管道长期未清洗 "$work/notice-text.txt" &&
   ! grep -q '<w:' "$work/notice-text.txt"; then
	ok
else
	fail "-o text: not the letter as text"
fi

# ---- a letterhead template ----
python3 - "$work/letterhead.docx" <<'PY'
import sys, zipfile
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
def p(text, split=False):
    if split:   # a field Word split across runs
        a, b = text[:len(text) // 2], text[len(text) // 2:]
        return ('<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:sz w:val="32"/></w:rPr><w:t>%s</w:t></w:r>'
                '<w:r><w:rPr><w:b/></w:rPr><w:t>%s</w:t></w:r></w:p>' % (a, b))
    return '<w:p><w:r><w:rPr><w:sz w:val="32"/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % text
parts = {
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>',
    '_rels/.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/_rels/document.xml.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rIdF" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>',
    'word/header1.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr %s><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:color w:val="FF0000"/><w:sz w:val="44"/></w:rPr><w:t>城中区某某街道公共安全办公室文件</w:t></w:r></w:p></w:hdr>' % W,
    'word/footer1.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr %s><w:p><w:r><w:t>地址：某某路1号　电话：0772-0000000</w:t></w:r></w:p></w:ftr>' % W,
    'word/document.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document %s><w:body>%s%s%s%s%s%s<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/><w:footerReference w:type="default" r:id="rIdF"/><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'
        % (W, p('{{文号}}', True), p('{{对象}}：'), p('现将有关问题函告如下：'), p('{{清单}}'),
           p('请于{{回复期限}}前回复。'), p('{{日期}}')),
}
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    for name, data in parts.items():
        z.writestr(name, data)
PY
"$notice" -q "${letter[@]}" --template "$work/letterhead.docx" --output "$work/filled.docx" \
	"${inputs[@]}" 2>"$work/filled.err" || fail "hz-notice --template failed: $(cat "$work/filled.err")"
if [ -s "$work/filled.docx" ]; then
	same=0 differ=
	for part in '[Content_Types].xml' _rels/.rels word/_rels/document.xml.rels word/header1.xml word/footer1.xml; do
		if cmp -s <(unzip -p "$work/letterhead.docx" "$part") <(unzip -p "$work/filled.docx" "$part"); then
			same=$((same + 1))
		else
			differ="$differ $part"
		fi
	done
	# and raw: the same compressed bytes and CRC in the archive's listing
	raw_t=$(unzip -v "$work/letterhead.docx" | awk '$NF ~ /header1|footer1/ { print $1, $3, $7, $NF }')
	raw_f=$(unzip -v "$work/filled.docx" | awk '$NF ~ /header1|footer1/ { print $1, $3, $7, $NF }')
	if [ "$same" -eq 5 ] && [ "$raw_t" = "$raw_f" ]; then ok; else fail "the template's parts changed:$differ $raw_f"; fi
	doc=$(unzip -p "$work/filled.docx" word/document.xml)
	case $doc in
	*'{{'*) fail "a {{field}} is left in the letter" ;;
	*'城公安办督〔2023〕5号'*'公园社区：'*'<w:tbl>'*'请于2023年8月10日前回复。'*'2023年7月31日'*) ok ;;
	*) fail "the fields or the lists are not where the template puts them" ;;
	esac
	convert "$work/filled.docx" pdf
	if [ -s "$work/filled.pdf" ] && text "$work/filled.pdf" | grep -q '城中区某某街道公共安全办公室文件' &&
	   text "$work/filled.pdf" | grep -q 厨房排油烟; then
		ok
	else
		fail "the filled letterhead does not print its header and the lists"
	fi
fi
# a template without {{清单}}: an error, nothing written
python3 -c "
import zipfile, sys
src = zipfile.ZipFile(sys.argv[1]); out = zipfile.ZipFile(sys.argv[2], 'w')
for n in src.namelist():
    d = src.read(n)
    out.writestr(n, d.replace('{{清单}}'.encode(), b'') if n == 'word/document.xml' else d)
" "$work/letterhead.docx" "$work/nolist.docx"
"$notice" -q "${letter[@]}" --template "$work/nolist.docx" --output "$work/nolist-out.docx" \
	"${inputs[@]}" 2>"$work/nolist.err"
st=$?
if [ $st -eq 2 ] && grep -q '{{清单}}' "$work/nolist.err" && [ ! -e "$work/nolist-out.docx" ]; then
	ok
else
	fail "a template without {{清单}}: status $st, $(cat "$work/nolist.err")"
fi
# usage: the three required options
"$notice" --to 公园社区 "$ex/register.csv" >/dev/null 2>"$work/usage.err"
if [ $? -eq 2 ] && grep -q -- '--reply-by' "$work/usage.err"; then ok; else fail "hz-notice without --doc: not a usage error"; fi

# ---- hz-bulletin: a street database of two units ----
"$build/hz-fmt" -q --form "$ex/register.csv" |
	awk -F, 'NR > 1 && $1 + 0 <= 15 { sub(/公园社区$/, "解放社区") } { print }' >"$work/street.csv"
binputs=("$work/street.csv" "$ex/checks.csv" "$ex/activities.csv")
"$bulletin" -q --quarter 2023Q3 --office 城中区某某街道公共安全办 --output "$work/bulletin.docx" \
	"${binputs[@]}" 2>"$work/bulletin.err" || fail "hz-bulletin failed: $(cat "$work/bulletin.err")"
convert "$work/bulletin.docx" pdf
if [ -s "$work/bulletin.pdf" ]; then
	text "$work/bulletin.pdf" >"$work/bulletin.txt"
	for cell in 关于2023年第3季度重大事故隐患专项排查整治进展情况的通报 一、各单位整治进展 整改率 公园社区 解放社区 \
		二、全街道汇总 3.10 4.10 三、问题突出的单位 必要时挂牌督办 无记录 2023年9月30日; do
		grep -qF -- "$cell" "$work/bulletin.txt" || fail "bulletin: '$cell' is not on the page"
	done
	ok
	check_pdf "$work/bulletin.pdf" 11.95
fi
# json: both units ranked, the totals are hz-tally's
"$bulletin" -q --quarter 2023Q3 -o json "${binputs[@]}" >"$work/bulletin.json" 2>/dev/null
"$build/hz-tally" -q --as-of 2023-09-30 -o json "${binputs[@]}" >"$work/tally.json" 2>/dev/null
if python3 - "$work/bulletin.json" "$work/tally.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
t = json.load(open(sys.argv[2]))
units = [u["unit"] for u in b["units"]]
assert sorted(units) == ["公园社区", "解放社区"], units
assert [u["rank"] for u in b["units"]] == [1, 2]
rates = [u["rate"] for u in b["units"]]
assert rates == sorted(rates, reverse=True), rates
assert sum(u["found"] for u in b["units"]) == 45
assert b["totals"]["items"] == t["items"]
assert b["units"][0]["reports"] is None
PY
then ok; else fail "-o json: not the two units ranked with hz-tally's totals"; fi
# text and xlsx
"$bulletin" -q --quarter 2023Q3 -o text "${binputs[@]}" >"$work/bulletin-text.txt" 2>/dev/null
if grep -q '^一、各单位整治进展' "$work/bulletin-text.txt" && grep -q '解放社区' "$work/bulletin-text.txt"; then
	ok
else
	fail "-o text: not the bulletin as text"
fi
"$bulletin" -q --quarter 2023Q3 -o xlsx --output "$work/bulletin.xlsx" "${binputs[@]}" 2>/dev/null ||
	fail "hz-bulletin -o xlsx failed"
convert "$work/bulletin.xlsx" 'csv:Text - txt - csv (StarCalc):44,34,76'
if [ -s "$work/bulletin.csv" ] && grep -q '^1,' "$work/bulletin.csv" && grep -q '解放社区' "$work/bulletin.csv"; then
	ok
else
	fail "-o xlsx: the workbook has not the ranked table"
fi

# ---- the office's own records (examples/office): the reports and notices
# tables hold the real rows, 无记录 nowhere ----
oex=$ex/office
orec=(--units "$oex/units.csv" "$oex/报送台账.csv" "$oex/通知.csv")
"$notice" -q --to 应急办 --doc '城公安办督〔2023〕4号' --reply-by 2023-07-20 --as-of 2023-07-10 \
	--office 城中区某某街道公共安全办 --output "$work/notice-office.docx" "${orec[@]}" \
	2>"$work/notice-office.err" || fail "hz-notice on examples/office failed: $(cat "$work/notice-office.err")"
convert "$work/notice-office.docx" pdf
if [ -s "$work/notice-office.pdf" ]; then
	text "$work/notice-office.pdf" >"$work/notice-office.txt"
	# 应急办 sent nothing: May's and June's 调度表 and the plan, as of 07-10;
	# the 督促函 of June 5, 25 days past its reply day
	for cell in 三、未报送或迟报的材料 报送材料 期次 报送期限 \
		报送进展情况调度表2023-052023-05-28逾期未报送43天 \
		报送进展情况调度表2023-062023-06-28逾期未报送12天 \
		报送实施方案及动员部署情况2023-05-24前2023-05-24逾期未报送47天 \
		共向你单位发出督促函、督办通知1件，已回复0件，超期未回复1件 \
		'城公安办督〔2023〕2号' 2023-06-052023-06-1525; do
		grep -qF -- "$cell" "$work/notice-office.txt" || fail "notice (office): '$cell' is not on the page"
	done
	if grep -q 无记录 "$work/notice-office.txt" && ! grep -q '二、逾期未履行的工作任务（无记录）' "$work/notice-office.txt"; then
		fail "notice (office): 无记录 where the records are"
	else
		ok
	fi
	check_pdf "$work/notice-office.pdf" 11.95
fi
ooff=(--quarter 2023Q2 --today 2023-07-10 -E auto --units "$oex/units.csv" "$oex/公园社区-台账.csv"
	"$oex/解放社区-台账.csv" "$oex/城中社区-台账.xlsx" "$oex/报送台账.csv" "$oex/通知.csv")
"$bulletin" -q "${ooff[@]}" --office 城中区某某街道公共安全办 --output "$work/bulletin-office.docx" \
	2>"$work/bulletin-office.err" || fail "hz-bulletin on examples/office failed: $(cat "$work/bulletin-office.err")"
convert "$work/bulletin-office.docx" pdf
if [ -s "$work/bulletin-office.pdf" ]; then
	text "$work/bulletin-office.pdf" >"$work/bulletin-office.txt"
	# the ranked rows end in 按时/迟报/未报 and 发出/已回复/超期未回复
	for cell in 材料报送 督促函 '3/0/00/0/0' '2/1/01/1/0' '0/0/31/0/1' \
		四、材料报送情况（迟报、未报） 城中社区报送进展情况调度表2023-062023-06-28迟报4天（2023-07-02报送） \
		应急办报送实施方案及动员部署情况2023-05-24前2023-05-24逾期未报送47天 \
		五、督促函、督办通知回复情况 '城中社区城公安办督〔2023〕1号督促函2023-06-052023-06-152023-06-14已回复' \
		'应急办城公安办督〔2023〕2号督促函2023-06-052023-06-15超期未回复25天'; do
		grep -qF -- "$cell" "$work/bulletin-office.txt" || fail "bulletin (office): '$cell' is not on the page"
	done
	if grep -q 无记录 "$work/bulletin-office.txt"; then fail "bulletin (office): 无记录 where the records are"; else ok; fi
	check_pdf "$work/bulletin-office.pdf" 11.95
fi
"$bulletin" -q "${ooff[@]}" -o xlsx --output "$work/bulletin-office.xlsx" 2>/dev/null ||
	fail "hz-bulletin -o xlsx on examples/office failed"
convert "$work/bulletin-office.xlsx" 'csv:Text - txt - csv (StarCalc):44,34,76'
if [ -s "$work/bulletin-office.csv" ] && grep -q '应急办,0,0,0,-,0,0,0,0/0/3,1/0/1' "$work/bulletin-office.csv" &&
   grep -q '超期未回复 25 天' "$work/bulletin-office.csv"; then
	ok
else
	fail "-o xlsx (office): not the rows of the reports and notices"
fi

echo "office-docs: $checks passed, $failed failed"
exit $status

#!/usr/bin/env bash
# The office's closed loop end to end: a hazard goes 未整改 → 整改中 →
# 已整改 → 复查不通过 (back to 整改中) → 已整改 → 复查通过 (已销号), listed at
# 区级 and delisted; a 督促函 unanswered past its reply day is listed by
# hz-overdue; a verified anonymous tip's reward is in 4.5 and its 其中;
# hz-log prints every step with old and new values; an edit made outside
# hz makes hz-log --verify exit 1.
set -u
build=$(cd "$1" && pwd) || exit 1
export PATH="$build:$PATH" LC_ALL=C.UTF-8 TZ=UTC HZ_USER=街道安全办
unset LANGUAGE
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
fail=0
bad() { echo "supervision-scenario: $*"; fail=1; }
run() { "$@" --today 2023-07-31 || bad "failed ($?): $*"; }
stage() { hz-fmt -q -o jsonl reg.csv | grep -o '"stage":"[^"]*"'; }

run hz-add -q -f reg.csv 专题领域=消防 重大隐患=疏散通道堆放杂物 涉及层面=县区 整改措施=清理杂物 \
	检查日期=2023-06-01 计划整改时限=2023-06-30 责任单位=某某酒店 整改阶段=未整改 责任人=张三 \
	整改资金=0.2 应急预案=是 隐患来源=部门检查 挂牌督办=否 填报单位=公园社区 >/dev/null
run hz-progress -f reg.csv 1 --text 已清理一层 --date 2023-06-05
[ "$(stage)" = '"stage":"整改中"' ] || bad "after the first entry: $(stage)"
run hz-progress -f reg.csv 1 --done 2023-06-10
[ "$(stage)" = '"stage":"已整改"' ] || bad "after --done: $(stage)"
# 通过 needs a done date; a failed review reopens
run hz-progress -f reg.csv 1 --review 2023-06-12 --result 不通过 --text 二层仍有堆放 --reviewer 王五
[ "$(stage)" = '"stage":"整改中"' ] || bad "after 不通过: $(stage)"
hz-fmt -q -o jsonl reg.csv | grep -q '"done_date":null' || bad "不通过 kept the done date"
hz-fmt -q -o jsonl reg.csv | grep -q '"text":"复查未通过：二层仍有堆放"' || bad "no 复查未通过 entry"
hz-progress -f reg.csv 1 --review 2023-06-13 --result 通过 --today 2023-07-31 2>err.txt &&
	bad "通过 without a done date was taken"
run hz-progress -f reg.csv 1 --done 2023-06-20
[ "$(stage)" = '"stage":"已整改"' ] || bad "after the second --done: $(stage)"
run hz-progress -f reg.csv 1 --listed 2023-06-15 --level 县区级 --authority 城中区安委办 --doc '城安办〔2023〕7号'
hz-fmt -q -o jsonl reg.csv | grep -q '"listing_level":"区级"' || bad "not listed at 区级"
# 待复查 before the review, not after
hz-overdue -q --as-of 2023-07-01 --unreviewed 5 reg.csv || bad "--unreviewed did not list it"
run hz-progress -f reg.csv 1 --review 2023-06-25 --result 通过 --evidence 复查照片.jpg
[ "$(stage)" = '"stage":"已销号"' ] || bad "after 通过: $(stage)"
hz-overdue -q --as-of 2023-07-01 --unreviewed 5 reg.csv && bad "--unreviewed lists a reviewed hazard"
run hz-edit -f reg.csv 1 --extend 摘牌日期= 2>/dev/null
hz-validate -q --today 2023-07-31 reg.csv 2>err.txt
grep -q 'listed-not-delisted' err.txt || bad "listed, signed off, no 摘牌: no warning"
run hz-progress -f reg.csv 1 --delist 2023-06-28
hz-validate --today 2023-07-31 reg.csv 2>err.txt || bad "the register does not validate: $(cat err.txt)"
grep -q '0 errors, 0 warnings' err.txt || bad "findings: $(cat err.txt)"

# a 督促函 unanswered past its reply day, one answered
cat >notices.csv <<'CSV'
文号,类别,对象,签发日期,回复期限,回复日期,涉及隐患,事由
公安办督〔2023〕3号,督促函,公园社区,2023-06-01,2023-06-10,,公园社区:1,隐患整改滞后
公安办督〔2023〕4号,督促函,解放社区,2023-06-01,2023-06-10,2023-06-09,,报表迟报
CSV
hz-validate -q --today 2023-07-31 reg.csv notices.csv || bad "the notices do not validate"
hz-overdue --as-of 2023-07-01 -o text reg.csv notices.csv >overdue.txt 2>/dev/null
grep -q '^督促函 公安办督〔2023〕3号 → 公园社区：隐患整改滞后 — 超期未回复 21 天' overdue.txt ||
	bad "hz-overdue does not list the 督促函: $(cat overdue.txt)"
grep -q '4号' overdue.txt && bad "hz-overdue lists the answered one"
hz-overdue --as-of 2023-07-01 -o jsonl notices.csv 2>/dev/null | grep -q '"type":"notice".*"status":"超期未回复"' ||
	bad "no notice in hz-overdue -o jsonl"

# a verified anonymous tip with its reward paid, and a named one
cat >tips.csv <<'CSV'
登记编号,收到日期,渠道,匿名,被举报单位,举报内容,核实日期,核实结果,奖励金额（万元）,奖励发放日期,答复期限,答复日期
JB-1,2023-06-01,12345,是,某某酒店,疏散通道堆物,2023-06-05,属实,0.2,2023-06-20,2023-06-15,2023-06-12
JB-2,2023-06-02,电话,否,某某商场,消防通道上锁,2023-06-06,部分属实,0.1,2023-06-21,2023-06-16,2023-06-13
CSV
hz-validate -q --today 2023-07-31 tips.csv || bad "the tips do not validate"
hz-tally --as-of 2023-06-30 -o json tips.csv >tally.json
grep -q '{"code":"4.5","value":0.3,"value2":0.2}' tally.json || bad "4.5 from the tips: $(grep -o '{"code":"4.5"[^}]*}' tally.json)"
# the person who reported is never in a tip file
sed '1s/^登记编号/举报人,登记编号/; 2,$s/^/某人,/' tips.csv >named.csv
hz-validate -q --today 2023-07-31 named.csv 2>err.txt && bad "a 举报人 column was taken"
grep -q 'personal-data' err.txt || bad "no personal-data: $(cat err.txt)"

# every step in the journal, with old and new values
hz-log reg.csv 1 >log.txt || bad "hz-log failed"
for want in "hz-add 公园社区:1 added" \
	"hz-progress 公园社区:1 stage: '未整改' -> '整改中'" \
	"hz-progress 公园社区:1 stage: '整改中' -> '已整改'" \
	"hz-progress 公园社区:1 done_date: (empty) -> '2023-06-10'" \
	"hz-progress 公园社区:1 stage: '已整改' -> '整改中'" \
	"hz-progress 公园社区:1 review_result: (empty) -> '不通过'" \
	"hz-progress 公园社区:1 done_date: '2023-06-10' -> (empty)" \
	"hz-progress 公园社区:1 review_result: '不通过' -> (empty)" \
	"hz-progress 公园社区:1 listing_level: (empty) -> '区级'" \
	"hz-progress 公园社区:1 listed: '否' -> '2023-06-15'" \
	"hz-progress 公园社区:1 stage: '已整改' -> '已销号'" \
	"hz-progress 公园社区:1 review_result: (empty) -> '通过'" \
	"hz-progress 公园社区:1 delisted: (empty) -> '2023-06-28'"; do
	grep -qF -- "街道安全办 $want" log.txt || bad "hz-log lacks: $want"
done
hz-log -q --verify reg.csv || bad "--verify fails on a register only hz changed"
# an edit made outside hz
sed -i 's/某某酒店/某某宾馆/' reg.csv
hz-log --verify reg.csv 2>verify.txt
[ $? = 1 ] || bad "--verify does not see the edit made outside hz"
grep -q 'changed outside hz since the journal' verify.txt || bad "no note: $(cat verify.txt)"
LC_ALL=zh_CN.UTF-8 LANGUAGE= hz-log --verify reg.csv 2>&1 | grep -q '台账在 hz 之外被修改过（最后一次记录：' ||
	[ -z "$(locale -a 2>/dev/null | grep -i zh_CN)" ] || bad "no Chinese note"
[ $fail = 0 ] && echo "supervision-scenario: the closed loop, listing, notice, tip and journal as the office keeps them"
exit $fail

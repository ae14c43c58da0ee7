#!/usr/bin/env bash
# Writes a catalogue CSV of N service items (default 20000) for the demo
# district (data/demo/district.json: its departments and halls), in the
# format of docs/catalogue-format.md, to standard output. Every item passes
# the consistency rules; the mix has promised, immediate and joint items,
# 2–6 materials, 1–3 themes and 0–2 halls, so that searches, filters and
# KPIs have something to chew on. Deterministic: the same N gives the same
# file.
#
#   bench/gen-items.sh 20000 > /tmp/items.csv
#   yiwang seed demo --store sqlite:/tmp/b.db
#   time yiwang import items /tmp/items.csv --store sqlite:/tmp/b.db
set -euo pipefail
N=${1:-20000}
case "$N" in ''|*[!0-9]*) echo "usage: $0 [N]" >&2; exit 2 ;; esac

awk -v n="$N" 'BEGIN {
  srand(20260101)
  nd = split("河源市源城区市场监督管理局|河源市公安局源城分局|河源市源城区人力资源和社会保障局|河源市源城区医疗保障局|国家税务总局河源市源城区税务局|河源市源城区民政局|河源市源城区住房和城乡建设局|河源市自然资源局源城分局|河源市源城区交通运输局|河源市源城区卫生健康局|河源市源城区教育局|河源市源城区司法局|河源市源城区农业农村局|河源市源城区水务局|河源市源城区城市管理和综合执法局|河源市源城区应急管理局|河源市源城区退役军人事务局|河源市源城区文化广电旅游体育局|河源市生态环境局源城分局|河源市住房公积金管理中心源城管理部|河源市源城区不动产登记中心|河源市源城区残疾人联合会", dep, "|")
  nh = split("源城区政务服务中心|上城街道便民服务中心|新江街道便民服务中心|太平社区党群服务中心便民服务站", hall, "|")
  ns = split("个体工商户营业执照|企业营业执照|食品经营许可证|建设工程规划许可证|居住证|户口迁入落户|社会保障卡|城乡居民医疗保险参保|住房公积金提取|不动产权证书|道路运输经营许可证|城镇污水排入排水管网许可|民办学校办学许可|药品零售企业经营许可|公共场所卫生许可证|出生医学证明|结婚登记|残疾人证|退役军人优待证|公众聚集场所投入使用营业前消防安全检查|特种设备使用登记|渔业船舶登记|林木采伐许可证|文艺表演团体设立|网吧经营许可", subj, "|")
  na = split("设立|变更|注销|延续|补办|核发|登记|备案|申领|换领", act, "|")
  nm = split("居民身份证|营业执照|申请表|授权委托书及受托人身份证明|房屋租赁合同或产权证明|居民户口簿|近期免冠彩色照片|学历证书|劳动合同|经营场所平面图|法定代表人任职文件|验资报告|卫生检测报告|消防验收意见书|环境影响评价文件|安全生产管理制度|从业人员健康证明|原证照正本|遗失声明|承诺书", mat, "|")
  nt = split("开办企业|户籍|社保|医保|住房|工程建设|证照补办|跨域通办|教育|婚育|交通出行|民政|退役军人|残疾人|税务|公积金|生态环境|文化旅游", theme, "|")
  cols = "code,region,name,type,department,implementing_agency,service_objects,legal_basis,conditions,materials,steps,statutory_limit_days,promised_limit_days,handling_type,review_type,fee,online_depth,visits,handling_forms,result_type,result_name,delivery,halls,cross_region,consult_phone,complaint_phone,tolerance,themes"
  print cols
  for (i = 1; i <= n; i++) item(i)
}
function pick(k) { return 1 + int(rand() * k) }
function csv(s) { gsub(/"/, "\"\"", s); return "\"" s "\"" }
function js(s) { return "\"" s "\"" }
function materials(count, tol,   out, k, used, m) {
  out = "["
  for (k = 1; k <= count; k++) {
    do { m = pick(nm) } while (m in used)
    used[m] = 1
    out = out (k > 1 ? "," : "") "{\"name\":" js(mat[m]) ",\"required\":" (k <= 2 ? "true" : "false") \
      ",\"role\":\"" (tol && k == 2 ? "secondary" : "main") "\",\"form\":\"" (k % 2 ? "original" : "copy") \
      "\",\"count\":1,\"medium\":\"either\"" (m <= 2 ? ",\"elicence_type\":" js(mat[m]) : "") \
      ",\"trust_level\":\"" substr("ABCD", 1 + k % 4, 1) "\"}"
  }
  return out "]"
}
function halls(   out, k, cnt, h) {
  cnt = int(rand() * 3)
  out = "["
  for (k = 1; k <= cnt; k++) {
    h = (k == 1) ? 1 : 1 + pick(nh - 1)
    out = out (k > 1 ? "," : "") "{\"hall\":" js(hall[h]) ",\"comprehensive_window\":" (rand() < 0.7 ? "true" : "false") "}"
  }
  return out "]"
}
function themes(   out, k, cnt, t, used) {
  cnt = pick(3)
  out = ""
  for (k = 1; k <= cnt; k++) {
    do { t = pick(nt) } while (t in used)
    used[t] = 1
    out = out (k > 1 ? "|" : "") theme[t]
  }
  return out
}
function item(i,   kind, d, d2, s, a, name, promised, statutory, steps, ht, rt, depth, visits, forms, tol, type, res) {
  kind = rand()
  d = pick(nd); s = pick(ns); a = pick(na)
  name = subj[s] act[a] "（" i "）"
  type = (s % 8 == 0) ? "public_service" : (s % 5 == 0) ? "filing" : (s % 3 == 0) ? "confirmation" : "licensing"
  tol = rand() < 0.5
  if (kind < 0.25) {            # 即办件: done on the spot, fully online
    statutory = pick(10); promised = 0
    steps = "[{\"name\":\"受理\",\"role\":\"clerk\",\"limit_days\":0},{\"name\":\"办结\",\"role\":\"approver\",\"limit_days\":0}]"
    ht = "immediate"; rt = "instant"; depth = 4; visits = 0; forms = "window|online"
  } else if (kind < 0.35) {     # 联办件: two departments review in parallel
    d2 = 1 + (d % nd)
    statutory = 20 + pick(25); promised = 10 + pick(10)
    steps = "[{\"name\":\"受理\",\"role\":\"clerk\",\"limit_days\":1}," \
      "{\"name\":\"审查\",\"role\":\"approver\",\"limit_days\":5,\"parallel_group\":\"联审\"}," \
      "{\"name\":\"会审\",\"department\":" js(dep[d2]) ",\"role\":\"approver\",\"limit_days\":6,\"parallel_group\":\"联审\"}," \
      "{\"name\":\"决定\",\"role\":\"approver\",\"limit_days\":2}]"
    ht = "joint"; rt = "pre_review"; depth = 3; visits = 1; forms = "window|online"
  } else {                      # 承诺件
    statutory = 10 + pick(30); promised = 3 + int(rand() * (statutory - 3))
    steps = "[{\"name\":\"受理\",\"role\":\"clerk\",\"limit_days\":1}," \
      "{\"name\":\"审查\",\"role\":\"approver\",\"limit_days\":" (promised - 2) "}," \
      "{\"name\":\"决定\",\"role\":\"approver\",\"limit_days\":1}]"
    ht = "promised"; rt = "pre_review"; depth = 2 + int(rand() * 2); visits = rand() < 0.8 ? 1 : 2
    forms = rand() < 0.7 ? "window|online" : "window"
  }
  res = type == "licensing" ? "licence" : "other"
  printf "BENCH-%06d,441602,%s,%s,%s,,%s,%s,%s,%s,%s,%d,%d,%s,%s,%s,%d,%d,%s,%s,%s,%s,%s,%s,0762-33%05d,12345,%s,%s\n", \
    i, csv(name), type, dep[d], (i % 3 ? "person" : "person|legal_person"), \
    csv("《中华人民共和国行政许可法》；《广东省" subj[s] "管理办法》第" pick(40) "条"), \
    csv("申请人符合" subj[s] act[a] "的法定条件，材料齐全、符合法定形式。"), \
    csv(materials(2 + int(rand() * 5), tol)), csv(steps), statutory, promised, ht, rt, \
    csv("{\"charged\":false}"), depth, visits, forms, res, csv(subj[s]), \
    (res == "licence" && rand() < 0.5 ? "pickup|electronic" : "pickup|post"), csv(halls()), \
    csv("{\"scope\":\"" (rand() < 0.2 ? "province" : "none") "\",\"partners\":[]}"), i % 100000, \
    (tol ? "true" : "false"), themes()
}'

-- Knowledge base searches by agents (docs/knowledge.md, "Performance").
-- YW_KB_MIX=new (the default): each request takes the next combination of
-- 25 queries × 7 caller regions × 7 filters or pages (1,225 in all, more
-- than the reply cache holds), so almost every request runs its query.
-- YW_KB_MIX=common: the 25 queries from the district and from one street,
-- as a hotline's agents repeat the common questions all day (the reply
-- cache answers them). Two-character words go through the bigram index,
-- longer ones through trigrams. The Bearer token comes from YW_TOKEN.
local token = os.getenv("YW_TOKEN") or ""
local common = os.getenv("YW_KB_MIX") == "common"
wrk.headers["Authorization"] = "Bearer " .. token

local function enc(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local queries = {
  "社保", "噪声", "户口", "油烟", "路灯", "电梯", "个税", "低保",           -- two characters
  "公积金提取", "居住证办理", "异地就医备案", "二手房过户", "拖欠工资",    -- trigrams
  "失业金申领", "营业执照", "预付卡退费", "共享单车", "养犬登记",
  "公积金 贷款", "噪声 夜间", "身份证 换领", "医保 报销",                 -- two words
  "办理时限", "承诺", "粤省事 在线申请",                                  -- broad words
}
local regions = common and { "441602", "441602001" }
  or { "441602", "441602001", "441602002001", "441602003", "441602004001", "441600", "" }
local extras = common and { "" } or { "", "", "", "&page=2", "&category=SB01", "&item=1244160270718291X4-0004", "" }

local i = 0
request = function()
  i = i + 1
  local q = queries[i % #queries + 1]
  local r = regions[math.floor(i / #queries) % #regions + 1]
  local x = extras[math.floor(i / 7) % #extras + 1]
  local path = "/api/v1/kb/search?q=" .. enc(q) .. (r ~= "" and ("&region=" .. r) or "") .. x
  return wrk.format("GET", path)
end

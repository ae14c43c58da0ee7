-- An agent taking calls: POST /api/v1/hotline/orders (docs/hotline.md) with
-- the Bearer token in YW_TOKEN, cycling over the category ids in
-- YW_HL_CATEGORIES ("12,13,…") and the communities of the demo district;
-- every order has its own address and caller, as calls do, so the
-- duplicate check on intake looks at an address of its own.
local token = os.getenv("YW_TOKEN") or ""
local cats = {}
for id in string.gmatch(os.getenv("YW_HL_CATEGORIES") or "", "%d+") do
  cats[#cats + 1] = id
end
local regions = { "441602001001", "441602001002", "441602002001", "441602002002", "441602003001", "441602004001" }
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Content-Type"] = "application/json"

-- Each wrk thread numbers its own calls.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local n = 0
request = function()
  n = n + 1
  local k = (tid or 1) * 10000000 + n
  local body = string.format(
    '{"channel":"phone","type":"complaint","caller_name":"压测%d","caller_phone":"139%08d","category_id":%s,' ..
    '"region_code":"%s","address":"源城区压测路%d号","description":"压测工单%d：小区路灯不亮，夜间出行不便，请尽快维修"}',
    k, k % 100000000, cats[n % #cats + 1], regions[n % #regions + 1], k, k)
  return wrk.format("POST", "/api/v1/hotline/orders", nil, body)
end

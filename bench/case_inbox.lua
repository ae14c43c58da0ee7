-- A department's inbox: GET /api/v1/case-inbox?department_id=D&page=P as the
-- supervisor (Bearer YW_TOKEN), P in 1..5 (the pages people look at), over
-- a store of a million cases.
local token = os.getenv("YW_TOKEN") or ""
local dept = os.getenv("YW_INBOX_DEPARTMENT") or "1"
local headers = { ["Authorization"] = "Bearer " .. token }
local n = 0

request = function()
  n = n + 1
  return wrk.format("GET", "/api/v1/case-inbox?department_id=" .. dept .. "&page=" .. (n % 5 + 1), headers)
end

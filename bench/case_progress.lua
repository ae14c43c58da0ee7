-- The public progress lookup: POST /api/v1/progress {case_no, key} over the
-- cases in YW_PROGRESS ("CASE_NO:KEY …", the key being the last four digits
-- of the applicant's phone), so each reply is a case's whole timeline.
local cases = {}
for no, key in string.gmatch(os.getenv("YW_PROGRESS") or "", "(%d+):(%w+)") do
  cases[#cases + 1] = '{"case_no":"' .. no .. '","key":"' .. key .. '"}'
end
local n = 0
local headers = { ["Content-Type"] = "application/json" }

request = function()
  n = n + 1
  return wrk.format("POST", "/api/v1/progress", headers, cases[n % #cases + 1])
end

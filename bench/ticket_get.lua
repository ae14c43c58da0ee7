-- The ticket page's status read: GET /api/v1/tickets/{token}, public, over
-- the tokens in YW_TICKET_TOKENS (space-separated) of tickets waiting in
-- one queue, so each reply counts the people ahead and estimates the wait.
local tokens = {}
for t in string.gmatch(os.getenv("YW_TICKET_TOKENS") or "", "%x+") do
  tokens[#tokens + 1] = t
end
local n = 0

request = function()
  n = n + 1
  return wrk.format("GET", "/api/v1/tickets/" .. tokens[n % #tokens + 1])
end

-- Kiosk ticket: POST /api/v1/halls/1/tickets, public (no session), cycling
-- over the bench queues in YW_QUEUES ("12,13,14"), so no queue runs out of
-- its 9,999 numbers during a run.
local queues = {}
for id in string.gmatch(os.getenv("YW_QUEUES") or "", "%d+") do
  queues[#queues + 1] = id
end
local headers = { ["Content-Type"] = "application/json" }
local n = 0

request = function()
  n = n + 1
  return wrk.format("POST", "/api/v1/halls/1/tickets", headers,
    '{"queue_id":' .. queues[n % #queues + 1] .. '}')
end

-- Audited write: PUT /api/v1/halls/1 with a partial body, alternating two
-- phone values so every request really changes the row (and writes an
-- audit row). No "version" field, so writers never conflict on purpose.
local token = os.getenv("YW_TOKEN") or ""
local headers = {
  ["Authorization"] = "Bearer " .. token,
  ["Content-Type"] = "application/json",
}
local bodies = {
  '{"phone":"0762-3300100"}',
  '{"phone":"0762-3300101"}',
}
local n = 0

request = function()
  n = n + 1
  return wrk.format("PUT", "/api/v1/halls/1", headers, bodies[n % 2 + 1])
end


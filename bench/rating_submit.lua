-- Rating by the QR on a ticket: POST /api/v1/tickets/{token}/rating, public.
-- Every request rates another finished ticket (a ticket is rated once):
-- the tokens come from YW_RATING_TOKENS (a file, one per line, written by
-- `yiwang ratings bench-tickets`). Each wrk run gets its own range of them
-- (YW_TOKEN_OFFSET, YW_TOKEN_SPAN long) and thread t of n takes every n-th
-- one of it, so no two requests of a bench share a ticket.
local counter = 0
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end

local tokens, i, step, offset, span = {}, 0, 1, 0, 1
local headers = { ["Content-Type"] = "application/json" }
local bodies = { '{"level":"very_satisfied"}', '{"level":"satisfied","indicators":{"attitude":5}}' }

function init(args)
  for line in io.lines(os.getenv("YW_RATING_TOKENS")) do tokens[#tokens + 1] = line end
  step = tonumber(os.getenv("BENCH_WRK_THREADS") or "2")
  offset = tonumber(os.getenv("YW_TOKEN_OFFSET") or "0")
  span = tonumber(os.getenv("YW_TOKEN_SPAN") or tostring(#tokens))
  i = tid
end

request = function()
  local t = tokens[offset + i % span + 1]
  i = i + step
  return wrk.format("POST", "/api/v1/tickets/" .. t .. "/rating", headers, bodies[i % 2 + 1])
end

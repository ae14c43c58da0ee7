-- Authenticated read: adds the Bearer token from YW_TOKEN to every request.
local token = os.getenv("YW_TOKEN") or ""
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. token

-- The KPI page over a year of a city's hotline: GET /api/v1/hotline/kpis
-- for the year YW_KPI_YEAR by department, category (as stored and folded to
-- level 1) and region, including periods that start and end inside a month
-- (the most day rows the rollup sums). Bearer token in YW_TOKEN.
local token = os.getenv("YW_TOKEN") or ""
local y = os.getenv("YW_KPI_YEAR") or "2025"
wrk.headers["Authorization"] = "Bearer " .. token
local queries = {
  "from=" .. y .. "-01-01&to=" .. y .. "-12-31&by=department",
  "from=" .. y .. "-01-01&to=" .. y .. "-12-31&by=category",
  "from=" .. y .. "-01-01&to=" .. y .. "-12-31&by=region",
  "from=" .. y .. "-01-02&to=" .. y .. "-12-30&by=department",
  "from=" .. y .. "-01-02&to=" .. y .. "-12-30&by=category&level=1",
  "from=" .. y .. "-03-15&to=" .. y .. "-09-14&by=region",
  "from=" .. y .. "-06-01&to=" .. y .. "-06-30&by=category",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/hotline/kpis?" .. queries[i % #queries + 1])
end

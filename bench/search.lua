-- Catalogue search under load (docs/performance.md, "Catalogue"): each
-- request takes the next of a fixed set of public searches — long words
-- (trigram index), a two-character word (LIKE), filters, pages.
local paths = {
  "/api/v1/items?q=%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7",                 -- 营业执照
  "/api/v1/items?q=%E8%90%BD%E6%88%B7",                                   -- 落户
  "/api/v1/items?q=%E5%B1%85%E4%BD%8F%E8%AF%81",                          -- 居住证
  "/api/v1/items?q=%E5%8D%AB%E7%94%9F%E8%AE%B8%E5%8F%AF&page=2",          -- 卫生许可, page 2
  "/api/v1/items?department_id=3&online_depth=4",
  "/api/v1/items?theme=%E6%88%B7%E7%B1%8D&service_object=person",         -- theme 户籍
  "/api/v1/items?q=%E7%BB%93%E5%A9%9A%E7%99%BB%E8%AE%B0&type=public_service", -- 结婚登记
  "/api/v1/items",
}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

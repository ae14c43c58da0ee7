-- API keys of integrating systems (Open311 clients, the SMS gateway…),
-- issued by `yiwang apikey create` or the admin page (docs/api-keys.md).
-- Only a BLAKE2b hash of a key is kept; the prefix, its first characters,
-- finds the row and lets people recognise a key without holding it.
-- Times are UTC epoch milliseconds.
CREATE TABLE api_keys (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  prefix TEXT NOT NULL UNIQUE,        -- "ywk_1a2b3c4d"
  key_hash TEXT NOT NULL,             -- hex BLAKE2b-256 of the whole key
  created_by INTEGER,
  created_by_name TEXT,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER,
  revoked_by INTEGER,
  revoked_by_name TEXT,
  last_used_at INTEGER,
  use_count INTEGER NOT NULL DEFAULT 0
);
-- Names tell the keys in force apart; a revoked key's name may be reused.
CREATE UNIQUE INDEX api_keys_active_name ON api_keys(name) WHERE revoked_at IS NULL;

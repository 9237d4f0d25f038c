-- Issue 20: the bearer tokens of `aurum serve`. Only a token's SHA-256 (hex) is kept; the token is
-- shown once when made. A name is unique among the tokens not revoked; revoked rows stay, so the
-- audit trail's references to them keep their meaning.
CREATE TABLE api_tokens (
  name         VARCHAR(64)  NOT NULL,
  role         VARCHAR(20)  NOT NULL,
  sha256       CHAR(64)     NOT NULL PRIMARY KEY,
  created_by   VARCHAR(200) NOT NULL,
  created_at   BIGINT       NOT NULL,
  revoked_at   BIGINT,
  last_used_at BIGINT
);

CREATE UNIQUE INDEX api_tokens_active_name ON api_tokens (name) WHERE revoked_at IS NULL;

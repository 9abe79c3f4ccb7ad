-- otpkit schema for H2 2.x: verification state, enrollments and recovery codes.
-- Table, constraint and index names carry the prefix "otpkit_"; for another prefix, replace every
-- occurrence of it, or call JdbcSchema.ddl(Dialect.H2, prefix) or
-- JdbcSchema.createIfAbsent(dataSource, prefix).
-- Secrets are stored only encrypted (AES-256-GCM, see EncryptedSecret) and recovery codes only as
-- salted HMAC-SHA-256 hashes. Instants are TIMESTAMP(6) WITH TIME ZONE: UTC, to the microsecond.

-- Replay protection and throttling (AccountStateStore): one row per account.
CREATE TABLE IF NOT EXISTS otpkit_account_state (
  account_id      VARCHAR(255) NOT NULL,
  last_step       BIGINT       NOT NULL,
  failures        INTEGER      NOT NULL,
  last_failure_at TIMESTAMP(6) WITH TIME ZONE,
  drift           INTEGER      NOT NULL,
  CONSTRAINT otpkit_account_state_pk PRIMARY KEY (account_id)
);

-- Active and pending credential (EnrollmentStore): one row per account, either part may be NULL.
CREATE TABLE IF NOT EXISTS otpkit_enrollment (
  account_id             VARCHAR(255)         NOT NULL,
  active_secret          BINARY VARYING(255),
  active_key_id          VARCHAR(64),
  active_algorithm       VARCHAR(16),
  active_digits          INTEGER,
  active_period_seconds  INTEGER,
  active_t0              BIGINT,
  enabled_since          TIMESTAMP(6) WITH TIME ZONE,
  pending_id             VARCHAR(64),
  pending_secret         BINARY VARYING(255),
  pending_key_id         VARCHAR(64),
  pending_algorithm      VARCHAR(16),
  pending_digits         INTEGER,
  pending_period_seconds INTEGER,
  pending_t0             BIGINT,
  pending_created_at     TIMESTAMP(6) WITH TIME ZONE,
  pending_expires_at     TIMESTAMP(6) WITH TIME ZONE,
  pending_replacement    BOOLEAN,
  CONSTRAINT otpkit_enrollment_pk PRIMARY KEY (account_id)
);

-- Housekeeping (deleteExpiredPending) reads expired setups through this index, never the whole
-- table.
CREATE INDEX IF NOT EXISTS otpkit_enrollment_expires ON otpkit_enrollment (pending_expires_at);

-- Recovery codes (EnrollmentStore): salted hashes only; used_at is set once, conditionally.
CREATE TABLE IF NOT EXISTS otpkit_recovery_code (
  account_id VARCHAR(255)        NOT NULL,
  code_id    VARCHAR(64)         NOT NULL,
  code_index INTEGER             NOT NULL,
  salt       BINARY VARYING(64)  NOT NULL,
  hash       BINARY VARYING(64)  NOT NULL,
  used_at    TIMESTAMP(6) WITH TIME ZONE,
  CONSTRAINT otpkit_recovery_code_pk PRIMARY KEY (account_id, code_id)
);

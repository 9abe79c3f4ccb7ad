-- otpkit schema for MariaDB 10.6 and later and MySQL 8.0 and later (InnoDB): verification state,
-- enrollments and recovery codes.
-- Table, constraint and index names carry the prefix "otpkit_"; for another prefix, replace every
-- occurrence of it, or call JdbcSchema.ddl(Dialect.MARIADB, prefix) or
-- JdbcSchema.createIfAbsent(dataSource, prefix).
-- Secrets are stored only encrypted (AES-256-GCM, see EncryptedSecret) and recovery codes only as
-- salted HMAC-SHA-256 hashes.
-- Instants are DATETIME(6): UTC, to the microsecond (no time zone conversion by the server).
-- Account ids are VARBINARY holding their UTF-8 bytes, compared byte for byte: the servers' text
-- collations ignore case ("_ci") or trailing spaces ("PAD SPACE", utf8mb4_bin included), which
-- would make "alice", "Alice" and "alice " one account. The other text columns hold ASCII ids and
-- names and compare case-sensitively (ascii_bin).

-- Replay protection and throttling (AccountStateStore): one row per account.
CREATE TABLE IF NOT EXISTS otpkit_account_state (
  account_id      VARBINARY(1020) NOT NULL,
  last_step       BIGINT          NOT NULL,
  failures        INTEGER         NOT NULL,
  last_failure_at DATETIME(6),
  drift           INTEGER         NOT NULL,
  CONSTRAINT otpkit_account_state_pk PRIMARY KEY (account_id)
) ENGINE = InnoDB DEFAULT CHARACTER SET = ascii COLLATE = ascii_bin;

-- Active and pending credential (EnrollmentStore): one row per account, either part may be NULL.
-- Housekeeping (deleteExpiredPending) reads expired setups through the index on
-- pending_expires_at, never the whole table.
CREATE TABLE IF NOT EXISTS otpkit_enrollment (
  account_id             VARBINARY(1020) NOT NULL,
  active_secret          VARBINARY(255),
  active_key_id          VARCHAR(64),
  active_algorithm       VARCHAR(16),
  active_digits          INTEGER,
  active_period_seconds  INTEGER,
  active_t0              BIGINT,
  enabled_since          DATETIME(6),
  pending_id             VARCHAR(64),
  pending_secret         VARBINARY(255),
  pending_key_id         VARCHAR(64),
  pending_algorithm      VARCHAR(16),
  pending_digits         INTEGER,
  pending_period_seconds INTEGER,
  pending_t0             BIGINT,
  pending_created_at     DATETIME(6),
  pending_expires_at     DATETIME(6),
  pending_replacement    BOOLEAN,
  CONSTRAINT otpkit_enrollment_pk PRIMARY KEY (account_id),
  INDEX otpkit_enrollment_expires (pending_expires_at)
) ENGINE = InnoDB DEFAULT CHARACTER SET = ascii COLLATE = ascii_bin;

-- Recovery codes (EnrollmentStore): salted hashes only; used_at is set once, conditionally.
CREATE TABLE IF NOT EXISTS otpkit_recovery_code (
  account_id VARBINARY(1020) NOT NULL,
  code_id    VARCHAR(64)     NOT NULL,
  code_index INTEGER         NOT NULL,
  salt       VARBINARY(64)   NOT NULL,
  hash       VARBINARY(64)   NOT NULL,
  used_at    DATETIME(6),
  CONSTRAINT otpkit_recovery_code_pk PRIMARY KEY (account_id, code_id)
) ENGINE = InnoDB DEFAULT CHARACTER SET = ascii COLLATE = ascii_bin;

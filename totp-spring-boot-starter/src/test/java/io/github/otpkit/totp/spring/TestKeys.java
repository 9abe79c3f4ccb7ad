package io.github.otpkit.totp.spring;

/** Keys for tests only; never real ones. */
public final class TestKeys {
  /** 32 bytes in Base64 ("ABCD...abcdef"): a valid AES-256 key. */
  public static final String KEY = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=";

  private TestKeys() {}
}

package io.github.otpkit.totp.qr;

/**
 * The error-correction level of a QR code (ISO/IEC 18004 section 7.5.1): how much of the symbol may
 * be damaged or hidden while it still decodes. A higher level makes the code denser (a higher
 * version, so smaller modules at the same printed size) for the same text.
 *
 * <p>{@link #M} is the default: it survives the glare and moiré of a phone camera pointed at a
 * screen and keeps a typical otpauth URI at version 7 (45 × 45 modules).
 *
 * <p>Thread safety: an enum, immutable.
 */
public enum ErrorCorrection {
  /** Low: recovers about 7% of the codewords. */
  L(7),
  /** Medium: recovers about 15% of the codewords; the default. */
  M(15),
  /** Quartile: recovers about 25% of the codewords. */
  Q(25),
  /** High: recovers about 30% of the codewords. */
  H(30);

  private final int recoverablePercent;

  ErrorCorrection(int recoverablePercent) {
    this.recoverablePercent = recoverablePercent;
  }

  /**
   * Returns the approximate share of codewords that this level can restore.
   *
   * @return 7, 15, 25 or 30
   */
  public int recoverablePercent() {
    return recoverablePercent;
  }
}

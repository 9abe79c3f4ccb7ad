package io.github.otpkit.totp.qr.internal;

/**
 * Writes a QR code as text for a terminal: each character cell shows two module rows with the
 * Unicode half blocks U+2580 (upper half), U+2584 (lower half), U+2588 (full block) and a space.
 *
 * <p>A terminal cell is about twice as tall as it is wide, so one column and two rows of modules
 * per cell keep modules square. The characters draw the "ink" colour of the terminal: in normal
 * mode ink marks dark modules (dark text on a light background); in inverted mode ink marks light
 * modules and the quiet zone (light text on a dark background), so that the symbol is dark on light
 * either way, which is what scanners expect. When the quiet zone and symbol have an odd number of
 * rows, the lower half of the last line is drawn light, as one more half row of quiet zone.
 *
 * <p>Thread safety: stateless.
 */
public final class TerminalWriter {
  private static final char UPPER = '\u2580';
  private static final char LOWER = '\u2584';
  private static final char FULL = '\u2588';

  private TerminalWriter() {}

  /**
   * Renders the code.
   *
   * @param code the symbol
   * @param quietZone the light border in modules
   * @param inverted whether ink marks light modules
   * @return the lines, each ending with a line feed
   */
  public static String write(QrEncoding.Matrix code, int quietZone, boolean inverted) {
    int modules = code.size() + 2 * quietZone;
    int lines = (modules + 1) / 2;
    StringBuilder text = new StringBuilder(lines * (modules + 1));
    for (int line = 0; line < lines; line++) {
      int top = 2 * line - quietZone;
      int bottom = top + 1;
      for (int column = 0; column < modules; column++) {
        int x = column - quietZone;
        boolean inkTop = isDark(code, x, top) != inverted;
        boolean inkBottom = isDark(code, x, bottom) != inverted;
        text.append(inkTop ? (inkBottom ? FULL : UPPER) : (inkBottom ? LOWER : ' '));
      }
      text.append('\n');
    }
    return text.toString();
  }

  /** Anything outside the symbol (quiet zone, padding half row) is light. */
  private static boolean isDark(QrEncoding.Matrix code, int x, int y) {
    return x >= 0 && y >= 0 && x < code.size() && y < code.size() && code.isDark(x, y);
  }
}

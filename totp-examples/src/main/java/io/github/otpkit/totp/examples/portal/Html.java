package io.github.otpkit.totp.examples.portal;

import java.util.List;

/**
 * A piece of HTML that is safe to send: either trusted markup written in this package, or text that
 * has been escaped.
 *
 * <p>Templates are Java text blocks with {@code {}} placeholders; {@link #format} escapes every
 * {@link String} argument and inserts {@link Html} arguments as they are, so that user input can
 * only ever become text.
 */
final class Html {
  private final String markup;

  private Html(String markup) {
    this.markup = markup;
  }

  /** Markup written by us (never anything that came from a request). */
  static Html trusted(String markup) {
    return new Html(markup);
  }

  /** Text, escaped for element content and quoted attribute values. */
  static Html text(String text) {
    return new Html(escape(text));
  }

  /** Nothing. */
  static Html empty() {
    return new Html("");
  }

  /**
   * Fills the {@code {}} placeholders of a template, in order: {@link Html} as is, anything else
   * escaped through its {@link String#valueOf string value}.
   *
   * @throws IllegalArgumentException if the number of placeholders and arguments differ
   */
  static Html format(String template, Object... args) {
    StringBuilder sb = new StringBuilder(template.length() + 64 * args.length);
    int from = 0;
    int used = 0;
    while (true) {
      int at = template.indexOf("{}", from);
      if (at < 0) {
        break;
      }
      if (used == args.length) {
        throw new IllegalArgumentException("more placeholders than arguments");
      }
      sb.append(template, from, at);
      Object arg = args[used++];
      sb.append(arg instanceof Html html ? html.markup : escape(String.valueOf(arg)));
      from = at + 2;
    }
    if (used != args.length) {
      throw new IllegalArgumentException(
          "template has " + used + " placeholders but " + args.length + " arguments");
    }
    sb.append(template, from, template.length());
    return new Html(sb.toString());
  }

  /** The pieces one after the other. */
  static Html concat(List<Html> pieces) {
    StringBuilder sb = new StringBuilder();
    for (Html piece : pieces) {
      sb.append(piece.markup);
    }
    return new Html(sb.toString());
  }

  /**
   * Escapes {@code & < > " '} so that text is safe in element content and in quoted attribute
   * values.
   */
  static String escape(String text) {
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement =
          switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> null;
          };
      if (replacement != null) {
        if (sb == null) {
          sb = new StringBuilder(text.length() + 16);
          sb.append(text, 0, i);
        }
        sb.append(replacement);
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? text : sb.toString();
  }

  /** Returns the markup. */
  @Override
  public String toString() {
    return markup;
  }
}

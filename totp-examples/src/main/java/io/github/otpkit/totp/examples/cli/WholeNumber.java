package io.github.otpkit.totp.examples.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Strict converters for numeric options: an optional minus sign and ASCII digits, nothing else
 * ({@code +5}, {@code 0x10}, {@code 1e3} and full-width digits are rejected).
 *
 * <p>The messages never repeat the text that failed to parse: a value in the wrong place may be a
 * secret. The error handler prefixes them with the option's name, e.g. {@code --digits must be a
 * whole number}.
 */
final class WholeNumber {
  private WholeNumber() {}

  static long parse(String text) {
    int start = text.startsWith("-") ? 1 : 0;
    if (text.length() == start) {
      throw new TypeConversionException("must be a whole number");
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new TypeConversionException("must be a whole number");
      }
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new TypeConversionException(
          "must be a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
    }
  }

  /** Converts an {@code int} option. */
  static final class IntConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      long n = parse(value);
      if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
        throw new TypeConversionException(
            "must be a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE);
      }
      return (int) n;
    }
  }

  /** Converts a {@code long} option. */
  static final class LongConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return parse(value);
    }
  }
}

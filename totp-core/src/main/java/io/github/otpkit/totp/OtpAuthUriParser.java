package io.github.otpkit.totp;

import static io.github.otpkit.totp.OtpAuthUri.ALGORITHM;
import static io.github.otpkit.totp.OtpAuthUri.COUNTER;
import static io.github.otpkit.totp.OtpAuthUri.DEFAULT_DIGITS;
import static io.github.otpkit.totp.OtpAuthUri.DEFAULT_PERIOD;
import static io.github.otpkit.totp.OtpAuthUri.DIGITS;
import static io.github.otpkit.totp.OtpAuthUri.IMAGE;
import static io.github.otpkit.totp.OtpAuthUri.ISSUER;
import static io.github.otpkit.totp.OtpAuthUri.KNOWN;
import static io.github.otpkit.totp.OtpAuthUri.PERIOD;
import static io.github.otpkit.totp.OtpAuthUri.SCHEME;
import static io.github.otpkit.totp.OtpAuthUri.SECRET;

import io.github.otpkit.totp.internal.PercentCoding;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads otpauth URIs as real apps and libraries emit them: {@link OtpAuthUri#parse(String)}, whose
 * documentation (and the class documentation of {@link OtpAuthUri}) states what is accepted.
 *
 * <p>Every failure is an {@link InvalidUriException} whose message names the wrong part and never
 * contains the URI or the secret. Stateless.
 */
final class OtpAuthUriParser {
  private OtpAuthUriParser() {}

  /** The parameters of the query, still undecoded in meaning: text or {@code null} if absent. */
  private static final class Query {
    @Nullable String secret;
    @Nullable String issuer;
    @Nullable String algorithm;
    @Nullable String digits;
    @Nullable String period;
    @Nullable String counter;
    final Map<String, String> extras = new LinkedHashMap<>();
  }

  static OtpAuthUri parse(String uri) {
    String text = uri;
    int hash = text.indexOf('#');
    if (hash >= 0) {
      text = text.substring(0, hash);
    }
    int schemeEnd = text.indexOf("://");
    if (schemeEnd < 0 || !text.substring(0, schemeEnd).equalsIgnoreCase(SCHEME)) {
      throw new InvalidUriException("scheme must be otpauth://");
    }
    int typeStart = schemeEnd + 3;
    int query = text.indexOf('?', typeStart);
    int pathEnd = query < 0 ? text.length() : query;
    int slash = text.indexOf('/', typeStart);
    int typeEnd = slash < 0 || slash > pathEnd ? pathEnd : slash;
    OtpType type = type(text.substring(typeStart, typeEnd));
    String rawLabel = typeEnd < pathEnd ? text.substring(typeEnd + 1, pathEnd) : "";

    // Split the raw label at the first ':' or '%3A' before decoding (draft-andesco section 3).
    String labelIssuer = null;
    String account;
    int separator = rawLabel.indexOf(':');
    int encodedSeparator = indexOfIgnoreCase(rawLabel, "%3A");
    int sepLength = 1;
    if (encodedSeparator >= 0 && (separator < 0 || encodedSeparator < separator)) {
      separator = encodedSeparator;
      sepLength = 3;
    }
    if (separator >= 0) {
      String prefix = decode(rawLabel.substring(0, separator), false, "issuer in the label");
      OtpAuthUriRules.checkNoColon(prefix, "issuer in the label");
      labelIssuer = prefix.isEmpty() ? null : prefix;
      account = decode(rawLabel.substring(separator + sepLength), false, "account name");
    } else {
      account = decode(rawLabel, false, "account name");
    }
    // The label grammar allows spaces after the separator: issuer ":" *"%20" accountname. They are
    // dropped with or without a prefix, so that an account read from a label without prefix comes
    // back the same after revealUriString() has put the issuer parameter in front of it.
    int start = 0;
    while (start < account.length() && account.charAt(start) == ' ') {
      start++;
    }
    account = account.substring(start);
    OtpAuthUriRules.checkNoColon(account, "account name");

    Query q = query(query < 0 ? null : text.substring(query + 1));

    if (q.secret == null) {
      throw new InvalidUriException("parameter secret is missing");
    }
    OtpSecret secret;
    try {
      secret = OtpSecret.fromBase32(q.secret);
    } catch (InvalidSecretException e) {
      // The secret's own message names a position or a rule, never the secret.
      throw new InvalidUriException("parameter secret is invalid: " + e.getMessage(), e);
    }

    String issuer = labelIssuer;
    String issuerParam = q.issuer;
    if (issuerParam != null && !issuerParam.isEmpty()) {
      OtpAuthUriRules.checkNoColon(issuerParam, "parameter issuer");
      issuer = issuerParam;
    }

    HmacAlgorithm algorithm = algorithm(q.algorithm);
    int digits = digits(q.digits);
    Duration period = DEFAULT_PERIOD;
    long counter = 0;
    if (type == OtpType.TOTP) {
      period = period(q.period);
    } else {
      counter = counter(q.counter);
    }
    if (account.isEmpty()) {
      throw new InvalidUriException("account name must not be empty");
    }
    OtpAuthUriRules.checkNoControl(account, "account name");
    if (issuer != null) {
      OtpAuthUriRules.checkNoControl(issuer, "issuer");
    }
    return new OtpAuthUri(
        type, secret, issuer, account, algorithm, digits, period, counter, q.extras);
  }

  private static OtpType type(String typeText) {
    if (typeText.equalsIgnoreCase("totp")) {
      return OtpType.TOTP;
    } else if (typeText.equalsIgnoreCase("hotp")) {
      return OtpType.HOTP;
    }
    throw new InvalidUriException("type must be totp or hotp");
  }

  /**
   * Reads the query: known parameters once each and in lower case, unknown ones as extras (the
   * first of a name wins; an {@code image} that is not an https URL with a host is dropped).
   */
  private static Query query(@Nullable String rawQuery) {
    Query q = new Query();
    if (rawQuery == null) {
      return q;
    }
    Set<String> seen = new HashSet<>();
    for (String pair : rawQuery.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq), true, "a parameter name");
      String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
      if (!KNOWN.contains(name)) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (KNOWN.contains(lower)) {
          throw new InvalidUriException("parameter " + lower + " must be written in lower case");
        }
        if (!name.isEmpty() && !q.extras.containsKey(name)) {
          String value = decode(rawValue, true, "parameter " + safeName(name));
          if (!name.equals(IMAGE) || OtpAuthUriRules.isHttpsUrlWithHost(value)) {
            q.extras.put(name, value);
          }
        }
        continue;
      }
      if (!seen.add(name)) {
        throw new InvalidUriException("parameter " + name + " appears more than once");
      }
      String value = decode(rawValue, true, "parameter " + name);
      switch (name) {
        case SECRET -> q.secret = value;
        case ISSUER -> q.issuer = value;
        case ALGORITHM -> q.algorithm = value;
        case DIGITS -> q.digits = value;
        case PERIOD -> q.period = value;
        case COUNTER -> q.counter = value;
        default -> throw new AssertionError(name);
      }
    }
    return q;
  }

  private static HmacAlgorithm algorithm(@Nullable String text) {
    if (text == null) {
      return HmacAlgorithm.SHA1;
    }
    try {
      return HmacAlgorithm.fromName(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidUriException("parameter algorithm must be SHA1, SHA256 or SHA512", e);
    }
  }

  private static int digits(@Nullable String text) {
    if (text == null) {
      return DEFAULT_DIGITS;
    }
    long d = parseNonNegative(text, "parameter digits must be a whole number from 6 to 8");
    if (d < HotpParameters.MIN_DIGITS || d > HotpParameters.MAX_DIGITS) {
      throw new InvalidUriException(
          String.format(Locale.ROOT, "parameter digits must be 6 to 8 but was %d", d));
    }
    return (int) d;
  }

  private static Duration period(@Nullable String text) {
    if (text == null) {
      return DEFAULT_PERIOD;
    }
    long max = TotpParameters.MAX_PERIOD.toSeconds();
    long p =
        parseNonNegative(
            text,
            String.format(
                Locale.ROOT,
                "parameter period must be a whole number of seconds from 1 to %d",
                max));
    if (p < 1 || p > max) {
      throw new InvalidUriException(
          String.format(
              Locale.ROOT, "parameter period must be 1 to %d seconds but was %d", max, p));
    }
    return Duration.ofSeconds(p);
  }

  private static long counter(@Nullable String text) {
    if (text == null) {
      throw new InvalidUriException("parameter counter is missing (an hotp URI requires it)");
    }
    String message = "parameter counter must be a whole number from 0 to " + Long.MAX_VALUE;
    if (text.startsWith("-") && isAsciiDigits(text.substring(1))) {
      long negative = parseNonNegative(text.substring(1), message);
      throw new InvalidUriException(
          String.format(Locale.ROOT, "parameter counter must be 0 or more but was -%d", negative));
    }
    return parseNonNegative(text, message);
  }

  private static String decode(String raw, boolean plusIsSpace, String part) {
    try {
      return PercentCoding.decode(raw, plusIsSpace);
    } catch (PercentCoding.MalformedException e) {
      throw new InvalidUriException(part + " " + e.getMessage(), e);
    }
  }

  private static long parseNonNegative(String text, String message) {
    if (!isAsciiDigits(text)) {
      throw new InvalidUriException(message);
    }
    int zeros = 0;
    while (zeros < text.length() - 1 && text.charAt(zeros) == '0') {
      zeros++;
    }
    String significant = text.substring(zeros);
    if (significant.length() > 19) {
      throw new InvalidUriException(message);
    }
    try {
      return Long.parseLong(significant);
    } catch (NumberFormatException e) {
      throw new InvalidUriException(message, e);
    }
  }

  private static boolean isAsciiDigits(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static int indexOfIgnoreCase(String text, String needle) {
    for (int i = 0; i + needle.length() <= text.length(); i++) {
      if (text.regionMatches(true, i, needle, 0, needle.length())) {
        return i;
      }
    }
    return -1;
  }

  /** A parameter name for a message: only names made of unreserved characters are repeated. */
  private static String safeName(String name) {
    if (name.length() <= 32 && name.chars().allMatch(PercentCoding::isUnreserved)) {
      return name;
    }
    return "(unnamed)";
  }
}

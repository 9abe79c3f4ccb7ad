package io.github.otpkit.totp;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.otpkit.totp.internal.PercentCoding;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An otpauth URI ({@code otpauth://totp/Issuer:account?secret=...&issuer=Issuer}), the text that a
 * QR code carries to an authenticator app: built for enrollment, parsed for imports.
 *
 * <p>The format is the Google Authenticator "Key Uri Format", read together with the 2023-2026 IETF
 * drafts (draft-linuxgemini-otpauth-uri, draft-andesco-otpauth-uri) and what real apps emit.
 *
 * <h2>What {@link #revealUriString()} writes</h2>
 *
 * <ul>
 *   <li>The label {@code Issuer:account}, or {@code account} alone when there is no issuer, and the
 *       {@code issuer} parameter equal to the prefix, as the format recommends.
 *   <li>RFC 3986 percent-encoding of everything except the unreserved characters {@code A-Z a-z 0-9
 *       - . _ ~}, with upper-case hex: a space is {@code %20}, a plus {@code %2B}; a bare {@code +}
 *       never appears (form decoders would read it as a space).
 *   <li>The secret as upper-case Base32 without padding.
 *   <li>Parameters in a stable order: {@code secret}, {@code issuer}, {@code algorithm}, {@code
 *       digits}, {@code period}, {@code counter}, then extra parameters in the order they were
 *       added. {@code algorithm}, {@code digits} and {@code period} are left out when they have
 *       their defaults (SHA1, 6, 30).
 * </ul>
 *
 * <p>Issuer and account name must not contain a colon (it separates them in the label) or control
 * characters, and must not start or end with whitespace; the account name must not be empty. The
 * issuer is optional but strongly recommended: apps show it, and use it to tell accounts apart.
 * TOTP's T0 is not part of the format; every app counts time steps from the Unix epoch.
 *
 * <h2>What {@link #parse(String)} accepts</h2>
 *
 * <p>What real apps and libraries emit: a lower-case or padded secret, spaces in the secret ({@code
 * %20} or {@code +}), labels without an issuer prefix, {@code :} or {@code %3A} as the separator,
 * scheme and type in any case, and unknown parameters, which are kept as {@linkplain
 * #extraParameters() extra parameters} (the first of several with the same name). The raw label is
 * split at the first {@code :} or {@code %3A} before it is percent-decoded, and a {@code +} in the
 * label is a literal plus (it is a path). In parameter values a {@code +} is read as a space, as
 * the form encoders that wrote it meant (our own output never contains one). When the label prefix
 * and the {@code issuer} parameter differ, the parameter wins. Spaces at the start of the account
 * name are dropped (the label grammar allows them after the separator). A {@code counter} in a totp
 * URI and a {@code period} in an hotp URI are ignored, and so is a fragment ({@code #...}). An
 * {@code image} that is not an {@code https} URL with a host is dropped (it is only an icon).
 * Secrets of 10 to 15 bytes parse, so that codes of existing accounts can be computed; {@link
 * OtpSecret#isStrong()} tells whether the secret may be enrolled.
 *
 * <h2>Security considerations</h2>
 *
 * <ul>
 *   <li>The URI carries the secret: {@link #revealUriString()} is named loudly for that reason.
 *       Never log it, put it in a URL of your own, or send it to a third-party QR service; render
 *       QR codes locally and serve them only over TLS with {@code Cache-Control: no-store}.
 *   <li>{@link #toString()} and every exception message leave out the secret and the URI.
 *   <li>The {@code image} parameter makes the app fetch that URL when the account is added, so its
 *       host learns that someone enrolled, from which address, and when. Use a host you control.
 *   <li>Apps accept parameters they cannot honour without an error (see {@link #compatibility()}),
 *       so an enrollment must be confirmed with a code from the app before it is switched on.
 * </ul>
 *
 * <h2>Thread safety</h2>
 *
 * Instances are immutable and thread-safe. A {@link Builder} is mutable and not thread-safe.
 *
 * @see <a href="https://github.com/google/google-authenticator/wiki/Key-Uri-Format">Key Uri
 *     Format</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3986#section-2">RFC 3986 section 2</a>
 */
public final class OtpAuthUri {
  /** The default period of a TOTP URI, left out of the URI: 30 seconds. */
  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(30);

  /** The default number of digits, left out of the URI: 6. */
  public static final int DEFAULT_DIGITS = 6;

  // The format's vocabulary, shared with OtpAuthUriParser and OtpAuthUriRules.
  static final String SCHEME = "otpauth";
  static final String SECRET = "secret";
  static final String ISSUER = "issuer";
  static final String ALGORITHM = "algorithm";
  static final String DIGITS = "digits";
  static final String PERIOD = "period";
  static final String COUNTER = "counter";
  static final String IMAGE = "image";

  /** The standard parameters; everything else is an extra parameter. */
  static final Set<String> KNOWN = Set.of(SECRET, ISSUER, ALGORITHM, DIGITS, PERIOD, COUNTER);

  private final OtpType type;
  private final OtpSecret secret;
  private final @Nullable String issuer;
  private final String account;
  private final HmacAlgorithm algorithm;
  private final int digits;
  private final Duration period;
  private final long counter;
  private final Map<String, String> extras;

  /** Takes validated parts; the builder and the parser validate them first. */
  OtpAuthUri(
      OtpType type,
      OtpSecret secret,
      @Nullable String issuer,
      String account,
      HmacAlgorithm algorithm,
      int digits,
      Duration period,
      long counter,
      Map<String, String> extras) {
    this.type = type;
    this.secret = secret;
    this.issuer = issuer;
    this.account = account;
    this.algorithm = algorithm;
    this.digits = digits;
    this.period = period;
    this.counter = counter;
    this.extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
  }

  /**
   * Starts a TOTP URI with the defaults SHA1, 6 digits and 30 seconds.
   *
   * @param secret the shared secret
   * @param issuer the service name shown in the app (e.g. {@code Photo Portal}), or {@code null}
   *     for none (not recommended)
   * @param account the user's account name (e.g. {@code alice@example.com})
   * @return a builder; issuer and account are checked by {@link Builder#build()}
   */
  public static Builder totp(OtpSecret secret, @Nullable String issuer, String account) {
    return new Builder(OtpType.TOTP, secret, issuer, account, 0);
  }

  /**
   * Starts an HOTP URI with the defaults SHA1 and 6 digits.
   *
   * @param secret the shared secret
   * @param issuer the service name shown in the app, or {@code null} for none (not recommended)
   * @param account the user's account name
   * @param counter the counter value of the next code, 0 or more; checked by {@link
   *     Builder#build()}
   * @return a builder
   */
  public static Builder hotp(
      OtpSecret secret, @Nullable String issuer, String account, long counter) {
    return new Builder(OtpType.HOTP, secret, issuer, account, counter);
  }

  /**
   * Returns whether the URI describes TOTP or HOTP codes.
   *
   * @return the type
   */
  public OtpType type() {
    return type;
  }

  /**
   * Returns the shared secret.
   *
   * @return the secret
   */
  public OtpSecret secret() {
    return secret;
  }

  /**
   * Returns the issuer: the {@code issuer} parameter, or else the label prefix.
   *
   * @return the issuer, or empty if the URI has none
   */
  public Optional<String> issuer() {
    return Optional.ofNullable(issuer);
  }

  /**
   * Returns the account name from the label.
   *
   * @return the account name, never empty
   */
  public String account() {
    return account;
  }

  /**
   * Returns the HMAC algorithm.
   *
   * @return the algorithm, {@link HmacAlgorithm#SHA1} by default
   */
  public HmacAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * Returns the number of digits per code.
   *
   * @return 6 to 8, 6 by default
   */
  public int digits() {
    return digits;
  }

  /**
   * Returns the TOTP parameters, with T0 at the Unix epoch (the format has no T0).
   *
   * @return algorithm, digits and period of this TOTP URI
   * @throws IllegalStateException if this is an HOTP URI
   */
  public TotpParameters totpParameters() {
    if (type != OtpType.TOTP) {
      throw new IllegalStateException("an hotp URI has no TOTP parameters");
    }
    return new TotpParameters(algorithm, digits, period, Instant.EPOCH);
  }

  /**
   * Returns the algorithm and digits, which HOTP and TOTP URIs both have.
   *
   * @return the HOTP parameters
   */
  public HotpParameters hotpParameters() {
    return new HotpParameters(algorithm, digits);
  }

  /**
   * Returns the HOTP counter.
   *
   * @return the counter value of the next code, 0 or more
   * @throws IllegalStateException if this is a TOTP URI
   */
  public long counter() {
    if (type != OtpType.HOTP) {
      throw new IllegalStateException("a totp URI has no counter");
    }
    return counter;
  }

  /**
   * Returns the parameters that are not one of {@code secret}, {@code issuer}, {@code algorithm},
   * {@code digits}, {@code period} and {@code counter}, such as {@code image}, decoded.
   *
   * @return an unmodifiable map in URI order
   */
  public Map<String, String> extraParameters() {
    return extras;
  }

  /**
   * Returns the {@code image} parameter, an {@code https} URL of an icon that some apps (FreeOTP)
   * show next to the account.
   *
   * @return the image URL, or empty if there is none
   */
  public Optional<String> image() {
    return Optional.ofNullable(extras.get(IMAGE));
  }

  /**
   * Returns the URI as text, {@code otpauth://totp/Issuer:account?secret=...}, for a QR code.
   *
   * <p>The text contains the secret: never log it, store it unencrypted or send it elsewhere than
   * to the user's authenticator app. The output is accepted by {@link java.net.URI} and by {@link
   * #parse(String)}, which gives back the same values.
   *
   * @return the URI, ASCII only
   */
  public String revealUriString() {
    StringBuilder sb = new StringBuilder(160);
    sb.append(SCHEME).append("://").append(type.uriName()).append('/');
    if (issuer != null) {
      sb.append(PercentCoding.encode(issuer)).append(':');
    }
    sb.append(PercentCoding.encode(account));
    sb.append('?').append(SECRET).append('=').append(secret.revealBase32());
    if (issuer != null) {
      sb.append('&').append(ISSUER).append('=').append(PercentCoding.encode(issuer));
    }
    if (algorithm != HmacAlgorithm.SHA1) {
      sb.append('&').append(ALGORITHM).append('=').append(algorithm.uriName());
    }
    if (digits != DEFAULT_DIGITS) {
      sb.append('&').append(DIGITS).append('=').append(digits);
    }
    if (type == OtpType.TOTP && !period.equals(DEFAULT_PERIOD)) {
      sb.append('&').append(PERIOD).append('=').append(period.toSeconds());
    }
    if (type == OtpType.HOTP) {
      sb.append('&').append(COUNTER).append('=').append(counter);
    }
    for (Map.Entry<String, String> e : extras.entrySet()) {
      sb.append('&')
          .append(PercentCoding.encode(e.getKey()))
          .append('=')
          .append(PercentCoding.encode(e.getValue()));
    }
    return sb.toString();
  }

  /**
   * Tells whether Microsoft Authenticator and Google Authenticator compute matching codes for this
   * URI, and why not.
   *
   * @return the compatibility, with one warning per problem
   */
  public AppCompatibility compatibility() {
    return CompatibilityRules.of(type, algorithm, digits, period, Instant.EPOCH);
  }

  /**
   * Tells whether Microsoft Authenticator and Google Authenticator compute matching codes for TOTP
   * with these parameters, and why not. Only SHA1, 6 digits, 30 seconds and T0 at the epoch work in
   * both.
   *
   * @param parameters the TOTP parameters
   * @return the compatibility, with one warning per problem
   */
  public static AppCompatibility compatibility(TotpParameters parameters) {
    Objects.requireNonNull(parameters, "parameters");
    return CompatibilityRules.of(
        OtpType.TOTP,
        parameters.algorithm(),
        parameters.digits(),
        parameters.period(),
        parameters.t0());
  }

  /**
   * Returns a description without the secret and without the URI.
   *
   * @return e.g. {@code OtpAuthUri[TOTP, issuer=Photo Portal, account=alice@example.com, SHA1, 6
   *     digits, 30 s, secret redacted]}
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("OtpAuthUri[").append(type);
    if (issuer != null) {
      sb.append(", issuer=").append(issuer);
    }
    sb.append(", account=").append(account);
    sb.append(", ").append(algorithm).append(", ").append(digits).append(" digits");
    if (type == OtpType.TOTP) {
      sb.append(", ").append(period.toSeconds()).append(" s");
    } else {
      sb.append(", counter=").append(counter);
    }
    if (!extras.isEmpty()) {
      sb.append(", extra parameters ").append(extras.keySet());
    }
    return sb.append(", secret redacted]").toString();
  }

  /**
   * Parses an otpauth URI as real apps and libraries emit it (see the class documentation).
   *
   * @param uri the URI text, e.g. from a scanned QR code
   * @return the parsed URI
   * @throws InvalidUriException with a message that names the wrong part, and never contains the
   *     URI or the secret: wrong scheme, a type other than totp or hotp, an empty account name, a
   *     colon or control character in a decoded issuer or account name, malformed percent-encoding
   *     or UTF-8, a missing or invalid secret (including one shorter than 10 bytes), a known
   *     parameter given twice or not in lower case, an hotp URI without counter, an unknown
   *     algorithm, or digits, period or counter out of range or not a number
   */
  public static OtpAuthUri parse(String uri) {
    Objects.requireNonNull(uri, "uri");
    return OtpAuthUriParser.parse(uri);
  }

  // ---------------------------------------------------------------------------------------------
  // Building

  /**
   * Collects the parts of an otpauth URI; {@link #build()} validates them.
   *
   * <p>Start with {@link OtpAuthUri#totp} or {@link OtpAuthUri#hotp}. Defaults: SHA1, 6 digits, 30
   * seconds, no extra parameters. Builders are mutable and not thread-safe; the URIs they build are
   * immutable.
   */
  public static final class Builder {
    private final OtpType type;
    private final OtpSecret secret;
    private final @Nullable String issuer;
    private final String account;
    private final long counter;
    private HmacAlgorithm algorithm = HmacAlgorithm.SHA1;
    private int digits = DEFAULT_DIGITS;
    private Duration period = DEFAULT_PERIOD;
    private final Map<String, String> extras = new LinkedHashMap<>();

    private Builder(
        OtpType type, OtpSecret secret, @Nullable String issuer, String account, long counter) {
      this.type = type;
      this.secret = Objects.requireNonNull(secret, "secret");
      this.issuer = issuer;
      this.account = Objects.requireNonNull(account, "account");
      this.counter = counter;
    }

    /**
     * Sets the HMAC algorithm. Anything but SHA1 fails in Microsoft Authenticator.
     *
     * @param newAlgorithm the algorithm, {@link HmacAlgorithm#SHA1} by default
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder algorithm(HmacAlgorithm newAlgorithm) {
      this.algorithm = Objects.requireNonNull(newAlgorithm, "algorithm");
      return this;
    }

    /**
     * Sets the number of digits per code. Anything but 6 fails in Microsoft Authenticator.
     *
     * @param newDigits 6 to 8, 6 by default; checked by {@link #build()}
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder digits(int newDigits) {
      this.digits = newDigits;
      return this;
    }

    /**
     * Sets the TOTP period. Anything but 30 seconds fails in Microsoft and Google Authenticator.
     *
     * @param newPeriod whole seconds from 1 to 3600, 30 seconds by default; checked by {@link
     *     #build()}
     * @return this builder
     * @throws IllegalStateException if this builder makes an hotp URI
     */
    @CanIgnoreReturnValue
    public Builder period(Duration newPeriod) {
      Objects.requireNonNull(newPeriod, "period");
      if (type != OtpType.TOTP) {
        throw new IllegalStateException("period applies only to totp URIs");
      }
      this.period = newPeriod;
      return this;
    }

    /**
     * Sets algorithm and digits from HOTP parameters.
     *
     * @param parameters algorithm and digits
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder parameters(HotpParameters parameters) {
      Objects.requireNonNull(parameters, "parameters");
      return algorithm(parameters.algorithm()).digits(parameters.digits());
    }

    /**
     * Sets algorithm, digits and period from TOTP parameters, whose T0 must be the Unix epoch
     * because the URI format cannot carry another one.
     *
     * @param parameters the TOTP parameters
     * @return this builder
     * @throws IllegalStateException if this builder makes an hotp URI
     * @throws IllegalArgumentException if T0 is not the Unix epoch
     */
    @CanIgnoreReturnValue
    public Builder parameters(TotpParameters parameters) {
      Objects.requireNonNull(parameters, "parameters");
      if (!parameters.t0().equals(Instant.EPOCH)) {
        throw new IllegalArgumentException(
            "T0 must be the Unix epoch, because an otpauth URI cannot express another T0, but was "
                + parameters.t0());
      }
      return period(parameters.period())
          .algorithm(parameters.algorithm())
          .digits(parameters.digits());
    }

    /**
     * Adds the non-standard {@code image} parameter: the URL of an icon that some apps (FreeOTP)
     * show next to the account.
     *
     * <p>Privacy: the app fetches this URL when the account is added, so the image's host learns
     * that someone enrolled, from which network address and when. Use a host you control.
     *
     * @param httpsUrl an {@code https} URL with a host; checked by {@link #build()}
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder image(String httpsUrl) {
      return extraParameter(IMAGE, httpsUrl);
    }

    /**
     * Adds a non-standard parameter, written after the standard ones, percent-encoded. A second
     * call with the same name replaces the value but keeps the position.
     *
     * @param name the parameter name, not empty and not one of the standard names (any case)
     * @param value the value, may be empty
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder extraParameter(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      extras.put(name, value);
      return this;
    }

    /**
     * Validates the parts and makes the URI.
     *
     * @return the URI
     * @throws InvalidUriException if the account name is empty, the issuer is empty (pass {@code
     *     null} for none), either contains {@code :} or a control character, or starts or ends with
     *     whitespace, an extra parameter's name is empty or standard, or the image is not an {@code
     *     https} URL with a host
     * @throws IllegalArgumentException if the digits, period or counter are out of range
     */
    public OtpAuthUri build() {
      OtpAuthUriRules.checkLabelPart(account, "account name");
      if (issuer != null) {
        OtpAuthUriRules.checkLabelPart(issuer, "issuer");
      }
      HotpParameters.checkDigits(digits);
      if (type == OtpType.TOTP) {
        // Validates the period (and the rest) the way every TOTP user of the URI will.
        var unused = new TotpParameters(algorithm, digits, period, Instant.EPOCH);
      } else if (counter < 0) {
        throw new IllegalArgumentException(
            String.format(Locale.ROOT, "counter must be 0 or more but was %d", counter));
      }
      OtpAuthUriRules.checkExtraParameters(extras);
      return new OtpAuthUri(
          type, secret, issuer, account, algorithm, digits, period, counter, extras);
    }
  }
}

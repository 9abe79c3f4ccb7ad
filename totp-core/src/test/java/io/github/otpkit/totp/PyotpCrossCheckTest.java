package io.github.otpkit.totp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.testsupport.Requirements;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks our otpauth URIs with pyotp (Debian package {@code python3-pyotp}): pyotp parses
 * every URI we emit and computes the same code at a fixed time, and we parse the URI that pyotp
 * writes back for the same account and compute the same code.
 *
 * <p>pyotp 2.6 percent-decodes the whole URI before splitting it, so issuers and account names here
 * avoid {@code & # ? = %}; the full character range is covered by {@link OtpAuthUriTest}. Python
 * runs with {@code TZ=UTC} because pyotp turns Unix times into local date-times and back. All cases
 * go through one Python process on standard input.
 */
class PyotpCrossCheckTest {
  private static final long SEED = 0x5EED_0005L;
  private static final int CASES = 200;
  private static final String SCRIPT =
      """
      import sys, pyotp
      for line in sys.stdin:
          uri, when = line.rstrip('\\n').split('\\t')
          otp = pyotp.parse_uri(uri)
          code = otp.at(0) if isinstance(otp, pyotp.HOTP) else otp.at(int(when))
          print(code, otp.issuer or '', otp.name, otp.provisioning_uri(), sep='\\t')
      """;
  private static final String NAME_CHARACTERS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .-_@";

  private static String python = "python3";

  @BeforeAll
  static void findPyotp() throws Exception {
    python = Requirements.tool("python3", "python3-pyotp", "-c", "import pyotp").toString();
  }

  private static String name(SplittableRandom random) {
    StringBuilder sb = new StringBuilder();
    int length = 1 + random.nextInt(20);
    for (int i = 0; i < length; i++) {
      sb.append(NAME_CHARACTERS.charAt(random.nextInt(NAME_CHARACTERS.length())));
    }
    return "u" + sb.toString().strip() + "x";
  }

  @Test
  void ourUris_parsedByPyotp_giveTheSameCodes_andPyotpUris_parsedByUs_too() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED);
    HmacAlgorithm[] algorithms = {HmacAlgorithm.SHA1, HmacAlgorithm.SHA256, HmacAlgorithm.SHA512};
    List<OtpAuthUri> uris = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    StringBuilder input = new StringBuilder();
    for (int i = 0; i < CASES; i++) {
      byte[] key = new byte[16 + random.nextInt(49)];
      random.nextBytes(key);
      OtpSecret secret = OtpSecret.fromBytes(key);
      String issuer = random.nextInt(4) == 0 ? null : name(random);
      String account = name(random);
      OtpAuthUri.Builder builder =
          random.nextBoolean()
              ? OtpAuthUri.hotp(secret, issuer, account, random.nextLong(1L << 40))
              : OtpAuthUri.totp(secret, issuer, account)
                  .period(Duration.ofSeconds(random.nextBoolean() ? 30 : 1 + random.nextInt(300)));
      OtpAuthUri uri =
          builder
              .algorithm(algorithms[random.nextInt(algorithms.length)])
              .digits(6 + random.nextInt(3))
              .build();
      long time = random.nextLong(4_000_000_000L);
      uris.add(uri);
      times.add(time);
      input.append(uri.revealUriString()).append('\t').append(time).append('\n');
    }

    ExternalTools.Result result =
        ExternalTools.run(
            List.of(python, "-c", SCRIPT),
            input.toString(),
            Map.of("TZ", "UTC", "PYTHONIOENCODING", "utf-8"),
            Duration.ofSeconds(60));
    assertThat(result.exitCode()).as("python exit status; stderr: %s", result.stderr()).isZero();
    List<String> lines = result.stdout().lines().toList();
    assertThat(lines).hasSize(CASES);

    for (int i = 0; i < CASES; i++) {
      OtpAuthUri uri = uris.get(i);
      String[] fields = lines.get(i).split("\t", -1);
      String context = String.format(Locale.ROOT, "seed=%d case=%d %s", SEED, i, uri);
      assertThat(fields).as(context).hasSize(4);
      String expected = ourCode(uri, times.get(i));
      assertThat(fields[0]).as(context).isEqualTo(expected);
      assertThat(fields[1]).as(context).isEqualTo(uri.issuer().orElse(""));
      assertThat(fields[2]).as(context).isEqualTo(uri.account());

      OtpAuthUri theirs = OtpAuthUri.parse(fields[3]);
      assertThat(theirs.type()).as(context).isEqualTo(uri.type());
      assertThat(theirs.issuer()).as(context).isEqualTo(uri.issuer());
      assertThat(theirs.account()).as(context).isEqualTo(uri.account());
      assertThat(theirs.secret().sameKeyAs(uri.secret())).as(context).isTrue();
      assertThat(ourCode(theirs, times.get(i))).as(context).isEqualTo(expected);
    }
  }

  private static String ourCode(OtpAuthUri uri, long time) {
    return switch (uri.type()) {
      case TOTP ->
          TotpGenerator.create(uri.secret(), uri.totpParameters())
              .generate(Instant.ofEpochSecond(time));
      case HOTP -> HotpGenerator.create(uri.secret(), uri.hotpParameters()).generate(uri.counter());
    };
  }
}

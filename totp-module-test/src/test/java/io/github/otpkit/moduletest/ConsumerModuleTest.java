package io.github.otpkit.moduletest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.TotpGenerator;
import io.github.otpkit.totp.auth.TotpVerifier;
import io.github.otpkit.totp.auth.VerificationResult;
import io.github.otpkit.totp.qr.QrCode;
import io.github.otpkit.totp.qr.QrRenderer;
import io.github.otpkit.totp.store.InMemoryStore;
import io.github.otpkit.totp.test.QrScanner;
import io.github.otpkit.totp.test.TestClock;
import io.github.otpkit.totp.test.VirtualAuthenticator;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

/**
 * Black-box test of the published modules: this test runs inside the named module {@code
 * io.github.otpkit.moduletest}, on the module path, and reaches otpkit only through what the
 * descriptors export.
 */
class ConsumerModuleTest {
  private static final String CORE = "io.github.otpkit.totp";
  private static final String QR = "io.github.otpkit.totp.qr";
  private static final String KIT = "io.github.otpkit.totp.test";
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

  private static Module module(String name) {
    return ModuleLayer.boot()
        .findModule(name)
        .orElseThrow(() -> new AssertionError("module " + name + " is not in the boot layer"));
  }

  @Test
  void consumerAndOtpkit_areNamedModulesOnTheModulePath() {
    assertThat(getClass().getModule().getName()).isEqualTo("io.github.otpkit.moduletest");
    assertThat(OtpSecret.class.getModule().getName()).isEqualTo(CORE);
    assertThat(QrRenderer.class.getModule().getName()).isEqualTo(QR);
    assertThat(module(CORE).getDescriptor().isAutomatic()).isFalse();
    assertThat(module(QR).getDescriptor().isAutomatic()).isFalse();
  }

  @Test
  void enrollmentJourney_worksThroughExportedPackagesOnly() throws Exception {
    OtpSecret secret = OtpSecret.generate();
    OtpAuthUri uri = OtpAuthUri.totp(secret, "Photo Portal", "alice@example.com").build();
    String text = uri.revealUriString();

    OtpAuthUri parsed = OtpAuthUri.parse(text);
    assertThat(parsed.secret().sameKeyAs(secret)).isTrue();
    assertThat(parsed.issuer()).contains("Photo Portal");

    TotpGenerator generator =
        TotpGenerator.create(secret, uri.totpParameters())
            .withClock(Clock.fixed(NOW, ZoneOffset.UTC));
    String code = generator.generate();
    assertThat(code).hasSize(6).containsOnlyDigits();

    TotpVerifier verifier =
        TotpVerifier.builder(InMemoryStore.create())
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build();
    assertThat(verifier.verify("alice", secret, code))
        .isEqualTo(VerificationResult.Accepted.code(generator.currentStep(), 0));
    assertThat(verifier.verify("alice", secret, code))
        .isEqualTo(new VerificationResult.AlreadyUsed(VerificationResult.Proof.CODE));

    QrCode qr = QrCode.encode(text);
    assertThat(decode(qr)).isEqualTo(text);
    QrRenderer renderer = QrRenderer.defaults();
    byte[] png = renderer.png(qr);
    assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    assertThat(renderer.svg(qr)).startsWith("<svg");
  }

  @Test
  void testKit_scansAQrCodeAndHandsOutCodes_onTheModulePath() throws Exception {
    assertThat(VirtualAuthenticator.class.getModule().getName()).isEqualTo(KIT);
    assertThat(module(KIT).getDescriptor().isAutomatic()).isFalse();
    OtpSecret secret = OtpSecret.generate();
    OtpAuthUri uri = OtpAuthUri.totp(secret, "Photo Portal", "alice@example.com").build();
    TestClock clock = TestClock.at(NOW);

    // ImageIO (java.desktop) reads the PNG; the kit's own rasteriser (java.xml) the SVG.
    assertThat(QrScanner.read(QrRenderer.defaults().png(uri))).isEqualTo(uri.revealUriString());
    VirtualAuthenticator phone =
        VirtualAuthenticator.scanDataUri(QrRenderer.defaults().svgDataUri(uri)).withClock(clock);
    TotpGenerator generator = TotpGenerator.create(secret);

    assertThat(phone.nextCode()).isEqualTo(generator.generate(NOW));
    assertThat(phone.nextCode()).isEqualTo(generator.generate(NOW.plusSeconds(30)));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-28T10:00:30Z"));
  }

  @Test
  void testKitDescriptor_exportsItsThreePackages_needsJunitAndAssertjOnlyStatically() {
    ModuleDescriptor descriptor = module(KIT).getDescriptor();

    assertThat(module(KIT).getPackages())
        .containsExactlyInAnyOrder(KIT, KIT + ".junit", KIT + ".assertj");
    assertThat(descriptor.exports())
        .allSatisfy(e -> assertThat(e.isQualified()).isFalse())
        .hasSize(3);
    assertThat(descriptor.opens()).isEmpty();
    assertThat(descriptor.requires())
        .filteredOn(
            r -> r.name().equals("org.junit.jupiter.api") || r.name().equals("org.assertj.core"))
        .hasSize(2)
        .allSatisfy(
            r -> assertThat(r.modifiers()).contains(ModuleDescriptor.Requires.Modifier.STATIC));
  }

  @Test
  void descriptors_exportEveryApiPackageAndNoInternalOne() {
    Module consumer = getClass().getModule();
    for (String name : Set.of(CORE, QR)) {
      Module otpkit = module(name);
      ModuleDescriptor descriptor = otpkit.getDescriptor();
      assertThat(descriptor.isOpen()).as("%s is an open module", name).isFalse();
      assertThat(descriptor.opens()).as("%s opens packages", name).isEmpty();
      Set<String> internal = new TreeSet<>();
      for (String pkg : otpkit.getPackages()) {
        if (pkg.equals(name + ".internal") || pkg.startsWith(name + ".internal.")) {
          internal.add(pkg);
          assertThat(otpkit.isExported(pkg)).as("%s exports %s", name, pkg).isFalse();
          assertThat(otpkit.isExported(pkg, consumer))
              .as("%s exports %s to us", name, pkg)
              .isFalse();
          assertThat(otpkit.isOpen(pkg, consumer)).as("%s opens %s to us", name, pkg).isFalse();
        } else {
          assertThat(otpkit.isExported(pkg))
              .as("%s does not export its API package %s", name, pkg)
              .isTrue();
          assertThat(descriptor.exports())
              .as("%s exports %s only to some modules", name, pkg)
              .anySatisfy(
                  e -> {
                    assertThat(e.source()).isEqualTo(pkg);
                    assertThat(e.isQualified()).isFalse();
                  });
        }
      }
      assertThat(internal).as("%s has an internal package", name).contains(name + ".internal");
    }
  }

  @Test
  void internalClasses_cannotBeUsedByConsumers() throws Exception {
    Class<?> digits = Class.forName(module(CORE), CORE + ".internal.Digits");
    assertThat(digits).isNotNull();
    assertThatThrownBy(
            () ->
                digits.getMethod("parse", CharSequence.class, int.class).invoke(null, "123456", 6))
        .isInstanceOf(IllegalAccessException.class)
        .hasMessageContaining("does not export " + CORE + ".internal");
    Class<?> encoding = Class.forName(module(QR), QR + ".internal.QrEncoding");
    assertThat(encoding).isNotNull();
    assertThatThrownBy(() -> encoding.getDeclaredConstructor().setAccessible(true))
        .isInstanceOf(RuntimeException.class)
        .hasMessageContaining("does not \"opens " + QR + ".internal\"");
  }

  @Test
  void everyPackageOfThePublishedModules_isNullMarked() throws Exception {
    for (String name : Set.of(CORE, QR, KIT)) {
      Module otpkit = module(name);
      for (String pkg : otpkit.getPackages()) {
        Class<?> packageInfo = Class.forName(otpkit, pkg + ".package-info");
        assertThat(packageInfo).as("%s has no package-info", pkg).isNotNull();
        assertThat(packageInfo.isAnnotationPresent(NullMarked.class))
            .as("package-info of %s is @NullMarked", pkg)
            .isTrue();
      }
    }
  }

  /**
   * Decodes a code with zxing's reader from a rendered picture (4 pixels a module, quiet zone 4).
   */
  private static String decode(QrCode code) throws Exception {
    int scale = 4;
    int quiet = 4;
    int side = (code.size() + 2 * quiet) * scale;
    int[] pixels = new int[side * side];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        int mx = x / scale - quiet;
        int my = y / scale - quiet;
        boolean dark =
            mx >= 0 && my >= 0 && mx < code.size() && my < code.size() && code.isDark(mx, my);
        pixels[y * side + x] = dark ? 0xFF000000 : 0xFFFFFFFF;
      }
    }
    BinaryBitmap bitmap =
        new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(side, side, pixels)));
    return new QRCodeReader()
        .decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE))
        .getText();
  }
}

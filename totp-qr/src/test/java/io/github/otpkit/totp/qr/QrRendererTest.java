package io.github.otpkit.totp.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.OtpSecret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QrRendererTest {
  @Test
  void otpAuthUriOverloads_encodeExactlyTheRevealedUri() throws Exception {
    OtpAuthUri uri =
        OtpAuthUri.totp(OtpSecret.generate(), "Photo Portal", "alice@example.com").build();
    String text = uri.revealUriString();
    QrRenderer renderer = QrRenderer.defaults();

    assertThat(Decoders.zxingFromPng(renderer.png(uri)).getText()).isEqualTo(text);
    assertThat(renderer.png(uri)).isEqualTo(renderer.png(text));
    assertThat(renderer.pngDataUri(uri)).isEqualTo(renderer.pngDataUri(text));
    assertThat(renderer.svg(uri)).isEqualTo(renderer.svg(text));
    assertThat(renderer.svgDataUri(uri)).isEqualTo(renderer.svgDataUri(text));
    assertThat(renderer.terminal(uri)).isEqualTo(renderer.terminal(text));
    assertThat(renderer.encode(uri).toString()).isEqualTo(QrCode.encode(text).toString());
    assertThat(QrCode.encode(uri, ErrorCorrection.H).errorCorrection())
        .isEqualTo(ErrorCorrection.H);
    assertThat(renderer.svg(uri)).doesNotContain(uri.secret().revealBase32());
  }

  @Test
  void pngDataUri_isBase64OfThePngAndDecodes() throws Exception {
    QrRenderer renderer = QrRenderer.defaults();

    String uri = renderer.pngDataUri(TestTexts.TYPICAL);

    assertThat(uri).startsWith("data:image/png;base64,").matches("[A-Za-z0-9+/=:;,a-z]+");
    byte[] png = Base64.getDecoder().decode(uri.substring("data:image/png;base64,".length()));
    assertThat(png).isEqualTo(renderer.png(TestTexts.TYPICAL));
    assertThat(Decoders.zxingFromPng(png).getText()).isEqualTo(TestTexts.TYPICAL);
  }

  @Test
  void svgDataUri_isBase64OfTheUtf8Svg() {
    QrRenderer renderer =
        QrRenderer.of(QrOptions.builder().svgTitle("QR code f\u00fcr Photo Portal").build());
    QrCode code = renderer.encode(TestTexts.NON_ASCII);

    String uri = renderer.svgDataUri(code);

    assertThat(uri).startsWith("data:image/svg+xml;base64,");
    byte[] svg = Base64.getDecoder().decode(uri.substring("data:image/svg+xml;base64,".length()));
    assertThat(new String(svg, StandardCharsets.UTF_8)).isEqualTo(renderer.svg(code));
    assertThat(renderer.svgDataUri(TestTexts.NON_ASCII)).isEqualTo(uri);
  }

  @Test
  void textOverloads_encodeAtTheOptionsLevel() {
    QrRenderer renderer =
        QrRenderer.of(QrOptions.builder().errorCorrection(ErrorCorrection.H).build());
    QrCode high = QrCode.encode(TestTexts.TYPICAL, ErrorCorrection.H);

    assertThat(renderer.encode(TestTexts.TYPICAL).errorCorrection()).isEqualTo(ErrorCorrection.H);
    assertThat(renderer.png(TestTexts.TYPICAL)).isEqualTo(renderer.png(high));
    assertThat(renderer.svg(TestTexts.TYPICAL)).isEqualTo(renderer.svg(high));
    assertThat(renderer.terminal(TestTexts.TYPICAL)).isEqualTo(renderer.terminal(high));
    assertThat(renderer.pngDataUri(TestTexts.TYPICAL)).isEqualTo(renderer.pngDataUri(high));
  }

  @Test
  void pixelSize_isModulesPlusQuietZoneTimesModuleSize() {
    QrRenderer renderer = QrRenderer.of(QrOptions.builder().quietZone(2).moduleSize(5).build());

    assertThat(renderer.pixelSize(QrCode.encode(TestTexts.TYPICAL))).isEqualTo((45 + 4) * 5);
    assertThat(QrRenderer.defaults().pixelSize(QrCode.encode(TestTexts.TYPICAL))).isEqualTo(318);
  }

  @Test
  void defaults_useTheDefaultOptionsAndAreShared() {
    assertThat(QrRenderer.defaults().options()).isEqualTo(QrOptions.DEFAULT);
    assertThat(QrRenderer.defaults()).isSameAs(QrRenderer.defaults());
  }

  @Test
  void tooLongText_failsTheSameWayInEveryRenderer() {
    String text = "otpauth://totp/x?secret=" + "jbswy3dp".repeat(400);
    QrRenderer renderer = QrRenderer.defaults();
    String message =
        "text is too long for a QR code at error correction level M: 3224 bytes in byte mode but"
            + " at most 2331 fit";

    for (Callable<?> call :
        List.<Callable<?>>of(
            () -> renderer.png(text),
            () -> renderer.pngDataUri(text),
            () -> renderer.svg(text),
            () -> renderer.svgDataUri(text),
            () -> renderer.terminal(text))) {
      assertThatThrownBy(call::call)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(message);
    }
  }

  @Test
  @SuppressWarnings("NullAway") // passes null on purpose to test the checks
  void nullArguments_rejectedWithTheirNames() {
    QrRenderer renderer = QrRenderer.defaults();

    assertThatThrownBy(() -> QrRenderer.of(null)).hasMessage("options");
    assertThatThrownBy(() -> renderer.png((QrCode) null)).hasMessage("code");
    assertThatThrownBy(() -> renderer.png((CharSequence) null)).hasMessage("text");
    assertThatThrownBy(() -> renderer.svg((QrCode) null)).hasMessage("code");
    assertThatThrownBy(() -> renderer.terminal((QrCode) null)).hasMessage("code");
    assertThatThrownBy(() -> renderer.pixelSize(null)).hasMessage("code");
  }

  @Test
  void toString_showsOptionsButNoPayload() {
    QrRenderer renderer = QrRenderer.of(QrOptions.builder().svgTitle("Photo Portal QR").build());
    assertThat(renderer.png(TestTexts.TYPICAL)).isNotEmpty();

    assertThat(renderer.toString())
        .startsWith("QrRenderer[QrOptions[errorCorrection=M, quietZone=4, moduleSize=6,")
        .contains("foreground=#000000", "background=#FFFFFF", "svgTitle=Photo Portal QR")
        .doesNotContain("otpauth")
        .doesNotContain("secret");
  }

  @Test
  void sharedRenderer_manyThreads_produceIdenticalOutput() throws Exception {
    QrRenderer renderer =
        QrRenderer.of(
            QrOptions.builder().foreground(QrColor.parse("#1B2A4E")).moduleSize(3).build());
    List<String> texts = TestTexts.ALL;
    List<byte[]> expectedPng = new ArrayList<>();
    List<String> expectedSvg = new ArrayList<>();
    for (String text : texts) {
      expectedPng.add(renderer.png(text));
      expectedSvg.add(renderer.svg(text));
    }
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int offset = t;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  int checked = 0;
                  for (int i = 0; i < 40; i++) {
                    int k = (i + offset) % texts.size();
                    assertThat(renderer.png(texts.get(k))).isEqualTo(expectedPng.get(k));
                    assertThat(renderer.svg(texts.get(k))).isEqualTo(expectedSvg.get(k));
                    checked++;
                  }
                  return checked;
                }));
      }
      start.countDown();
      for (Future<Integer> result : results) {
        assertThat(result.get(2, TimeUnit.MINUTES)).isEqualTo(40);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}

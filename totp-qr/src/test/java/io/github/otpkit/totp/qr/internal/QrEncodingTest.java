package io.github.otpkit.totp.qr.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QrEncodingTest {

  @Test
  void encode_unknownLevelName_rejectedBeforeEncoding() {
    assertThatThrownBy(() -> QrEncoding.encode("", "X"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("level must be L, M, Q or H but was X");
  }
}

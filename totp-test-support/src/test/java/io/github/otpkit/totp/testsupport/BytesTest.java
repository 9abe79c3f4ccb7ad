package io.github.otpkit.totp.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BytesTest {
  private static final byte[] HAYSTACK = {1, 2, 3, 1, 2, 4};

  @Test
  void indexOf_firstOccurrence() {
    assertThat(Bytes.indexOf(HAYSTACK, new byte[] {1, 2})).isZero();
    assertThat(Bytes.indexOf(HAYSTACK, new byte[] {1, 2, 4})).isEqualTo(3);
    assertThat(Bytes.indexOf(HAYSTACK, new byte[] {2, 4})).isEqualTo(4);
  }

  @Test
  void indexOf_absentOrLongerThanTheHaystack_isMinusOne() {
    assertThat(Bytes.indexOf(HAYSTACK, new byte[] {1, 2, 5})).isEqualTo(-1);
    assertThat(Bytes.indexOf(HAYSTACK, new byte[] {4, 1})).isEqualTo(-1);
    assertThat(Bytes.indexOf(new byte[] {1}, new byte[] {1, 1})).isEqualTo(-1);
  }
}

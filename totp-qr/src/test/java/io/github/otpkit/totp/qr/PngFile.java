package io.github.otpkit.totp.qr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Inflater;

/**
 * A minimal PNG reader written for the tests from the PNG specification, independent of the
 * production writer: splits chunks, checks every CRC, reads IHDR and inflates IDAT.
 */
final class PngFile {
  static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  @SuppressWarnings("ArrayRecordComponent") // test-only carrier, read once and never compared
  record Chunk(String type, byte[] data) {}

  final List<Chunk> chunks;
  final int width;
  final int height;
  final int bitDepth;
  final int colorType;
  final int compression;
  final int filter;
  final int interlace;

  private PngFile(List<Chunk> chunks) {
    this.chunks = chunks;
    ByteBuffer header = ByteBuffer.wrap(chunk("IHDR"));
    this.width = header.getInt();
    this.height = header.getInt();
    this.bitDepth = header.get() & 0xFF;
    this.colorType = header.get() & 0xFF;
    this.compression = header.get() & 0xFF;
    this.filter = header.get() & 0xFF;
    this.interlace = header.get() & 0xFF;
  }

  /** Parses the file, asserting the signature, chunk framing and every chunk's CRC. */
  static PngFile parse(byte[] png) {
    assertThat(Arrays.copyOf(png, 8)).as("PNG signature").isEqualTo(SIGNATURE);
    ByteBuffer buffer = ByteBuffer.wrap(png, 8, png.length - 8);
    List<Chunk> chunks = new ArrayList<>();
    while (buffer.hasRemaining()) {
      assertThat(buffer.remaining()).as("room for a chunk header").isGreaterThanOrEqualTo(12);
      int length = buffer.getInt();
      assertThat(length).as("chunk length").isBetween(0, buffer.remaining() - 8);
      byte[] type = new byte[4];
      buffer.get(type);
      byte[] data = new byte[length];
      buffer.get(data);
      int storedCrc = buffer.getInt();
      CRC32 crc = new CRC32();
      crc.update(type);
      crc.update(data);
      String name = new String(type, StandardCharsets.US_ASCII);
      assertThat(storedCrc).as("CRC of chunk %s", name).isEqualTo((int) crc.getValue());
      chunks.add(new Chunk(name, data));
    }
    return new PngFile(chunks);
  }

  List<String> chunkTypes() {
    return chunks.stream().map(Chunk::type).toList();
  }

  byte[] chunk(String type) {
    return chunks.stream()
        .filter(c -> c.type().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " chunk"))
        .data();
  }

  /** Inflates the concatenated IDAT data. */
  byte[] inflatedImageData() throws Exception {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    for (Chunk c : chunks) {
      if (c.type().equals("IDAT")) {
        compressed.writeBytes(c.data());
      }
    }
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(compressed.toByteArray());
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      byte[] buffer = new byte[65536];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        assertThat(n > 0 || !inflater.needsInput()).as("IDAT stream is complete").isTrue();
        raw.write(buffer, 0, n);
      }
      assertThat(inflater.getRemaining()).as("no bytes after the deflate stream").isZero();
      return raw.toByteArray();
    } finally {
      inflater.end();
    }
  }

  /**
   * Returns the sample of every pixel (palette index, 1-bit grey value or 8-bit grey level),
   * asserting that every scanline uses filter type 0.
   */
  int[][] samples() throws Exception {
    byte[] raw = inflatedImageData();
    int rowBytes = (width * bitDepth + 7) / 8;
    assertThat(raw).as("inflated size").hasSize(height * (1 + rowBytes));
    int[][] samples = new int[height][width];
    for (int y = 0; y < height; y++) {
      int offset = y * (1 + rowBytes);
      assertThat(raw[offset]).as("filter type of scanline %d", y).isZero();
      for (int x = 0; x < width; x++) {
        if (bitDepth == 8) {
          samples[y][x] = raw[offset + 1 + x] & 0xFF;
        } else {
          samples[y][x] = (raw[offset + 1 + x / 8] >>> (7 - x % 8)) & 1;
        }
      }
    }
    return samples;
  }
}

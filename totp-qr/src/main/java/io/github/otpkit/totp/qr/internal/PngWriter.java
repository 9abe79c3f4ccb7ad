package io.github.otpkit.totp.qr.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes a QR code as a PNG image (W3C PNG specification, ISO/IEC 15948) with {@code java.util.zip}
 * only: no AWT, no ImageIO, so it runs without {@code java.desktop}.
 *
 * <p>The image is the minimum a decoder needs: the signature, IHDR, PLTE for a palette image, one
 * IDAT and IEND. Scanlines are byte-packed and use filter type 0 (None); a module row is built once
 * and written {@code moduleSize} times, and deflate's back-references turn those repeats into a few
 * bytes each. Pixel values: in a 1-bit image 0 is the foreground (black, or palette entry 0) and 1
 * the background (white, or palette entry 1); in an 8-bit image each byte is the grey level.
 *
 * <p>Thread safety: stateless.
 */
public final class PngWriter {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  private static final int COLOR_TYPE_GREY = 0;
  private static final int COLOR_TYPE_PALETTE = 3;
  private static final int BLACK = 0x000000;
  private static final int WHITE = 0xFFFFFF;

  private PngWriter() {}

  /**
   * Renders the code.
   *
   * @param code the symbol
   * @param quietZone the light border in modules
   * @param moduleSize pixels per module
   * @param foreground the colour of dark modules, {@code 0xRRGGBB}
   * @param background the colour of light modules, {@code 0xRRGGBB}
   * @param greyscale {@code true} for 8-bit grey-scale, which expects grey colours (red, green and
   *     blue equal); {@code false} for 1 bit per pixel
   * @return the PNG file
   */
  public static byte[] write(
      QrEncoding.Matrix code,
      int quietZone,
      int moduleSize,
      int foreground,
      int background,
      boolean greyscale) {
    int modules = code.size() + 2 * quietZone;
    int pixels = modules * moduleSize;
    boolean palette = !greyscale && !(foreground == BLACK && background == WHITE);
    int bitDepth = greyscale ? 8 : 1;
    int rowBytes = greyscale ? pixels : (pixels + 7) / 8;

    ByteArrayOutputStream png = new ByteArrayOutputStream(256 + rowBytes);
    png.writeBytes(SIGNATURE);

    byte[] header = new byte[13];
    putInt(header, 0, pixels);
    putInt(header, 4, pixels);
    header[8] = (byte) bitDepth;
    header[9] = (byte) (palette ? COLOR_TYPE_PALETTE : COLOR_TYPE_GREY);
    // header[10..12]: compression method 0 (deflate), filter method 0, interlace method 0 (none)
    writeChunk(png, "IHDR", header);

    if (palette) {
      writeChunk(
          png,
          "PLTE",
          new byte[] {
            red(foreground), green(foreground), blue(foreground),
            red(background), green(background), blue(background)
          });
    }

    writeChunk(
        png,
        "IDAT",
        imageData(code, quietZone, moduleSize, foreground, background, greyscale, rowBytes));
    writeChunk(png, "IEND", new byte[0]);
    return png.toByteArray();
  }

  private static byte[] imageData(
      QrEncoding.Matrix code,
      int quietZone,
      int moduleSize,
      int foreground,
      int background,
      boolean greyscale,
      int rowBytes) {
    // Scanline = filter type byte (0, None) + pixels. The light value fills the quiet zone.
    byte light = greyscale ? red(background) : (byte) 0xFF;
    byte[] lightRow = new byte[1 + rowBytes];
    Arrays.fill(lightRow, 1, lightRow.length, light);
    byte[] row = new byte[1 + rowBytes];

    // Level 5, not 9: on these images of long runs and repeated rows, levels 8 and 9 follow very
    // long match chains for almost nothing. For a typical otpauth URI (version 7) level 5 is about
    // nine times faster than level 9, and its files are within 5% of level 9's (at 4 pixels per
    // module even 2% smaller); measured in totp-benchmarks (QrBenchmark).
    Deflater deflater = new Deflater(5);
    // FILTERED favours Huffman coding over short string matches. On these images of long runs and
    // repeated rows it is as small as the default strategy or smaller from 2 pixels per module up
    // (an eighth smaller at 4), and at most a few bytes larger at 1 pixel per module.
    deflater.setStrategy(Deflater.FILTERED);
    ByteArrayOutputStream data = new ByteArrayOutputStream(rowBytes + 64);
    try (DeflaterOutputStream out = new DeflaterOutputStream(data, deflater, 8192)) {
      for (int i = 0; i < quietZone * moduleSize; i++) {
        out.write(lightRow);
      }
      for (int y = 0; y < code.size(); y++) {
        System.arraycopy(lightRow, 0, row, 0, row.length);
        for (int x = 0; x < code.size(); x++) {
          if (code.isDark(x, y)) {
            int from = (quietZone + x) * moduleSize;
            if (greyscale) {
              Arrays.fill(row, 1 + from, 1 + from + moduleSize, red(foreground));
            } else {
              clearBits(row, from, from + moduleSize);
            }
          }
        }
        for (int i = 0; i < moduleSize; i++) {
          out.write(row);
        }
      }
      for (int i = 0; i < quietZone * moduleSize; i++) {
        out.write(lightRow);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen: writing to memory", e);
    } finally {
      deflater.end();
    }
    return data.toByteArray();
  }

  /**
   * Sets pixels {@code from} (inclusive) to {@code to} (exclusive) to 0, most significant first.
   */
  private static void clearBits(byte[] row, int from, int to) {
    for (int pixel = from; pixel < to; pixel++) {
      row[1 + (pixel >>> 3)] &= (byte) ~(0x80 >>> (pixel & 7));
    }
  }

  private static void writeChunk(ByteArrayOutputStream png, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    byte[] word = new byte[4];
    putInt(word, 0, data.length);
    png.writeBytes(word);
    png.writeBytes(typeBytes);
    png.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    putInt(word, 0, (int) crc.getValue());
    png.writeBytes(word);
  }

  private static byte red(int rgb) {
    return (byte) (rgb >>> 16);
  }

  private static byte green(int rgb) {
    return (byte) (rgb >>> 8);
  }

  private static byte blue(int rgb) {
    return (byte) rgb;
  }

  private static void putInt(byte[] target, int offset, int value) {
    target[offset] = (byte) (value >>> 24);
    target[offset + 1] = (byte) (value >>> 16);
    target[offset + 2] = (byte) (value >>> 8);
    target[offset + 3] = (byte) value;
  }
}

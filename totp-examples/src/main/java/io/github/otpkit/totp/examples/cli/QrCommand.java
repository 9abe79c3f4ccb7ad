package io.github.otpkit.totp.examples.cli;

import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.qr.QrCode;
import io.github.otpkit.totp.qr.QrOptions;
import io.github.otpkit.totp.qr.QrRenderer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code totp qr (--uri URI | --secret S --issuer I --account NAME [...]) [--format F] [--output
 * FILE]}: draws the QR code of an otpauth URI, rendered locally with totp-qr.
 *
 * <ul>
 *   <li>{@code text} (the default): UTF-8 half blocks on standard output, or into the file;
 *   <li>{@code svg}: an SVG document on standard output, or into the file;
 *   <li>{@code png}: a PNG image into the file; {@code --output} is required (no binary on a
 *       terminal).
 * </ul>
 *
 * <p>{@code --uri} is encoded byte for byte as given (after a check that it is a valid otpauth
 * URI), so that a URI from another service keeps its exact form. Files are written atomically,
 * owner-readable only (they carry the secret), and an existing file is kept unless {@code --force}
 * is given.
 */
@Command(
    name = "qr",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Draws the QR code of an otpauth URI for an authenticator app to scan.",
      "--uri is encoded exactly as given; otherwise the URI is made as 'totp uri' makes it.",
      "The code contains the secret: show it only to its owner."
    })
final class QrCommand implements Callable<Integer> {
  /** The output formats. */
  enum Format {
    TEXT,
    SVG,
    PNG
  }

  private final CliContext context;

  @Spec private CommandSpec spec = CommandSpec.create();
  @Mixin private SourceOptions source = new SourceOptions();
  @Mixin private HmacOptions hmac = new HmacOptions();
  @Mixin private UriOptions uriOptions = new UriOptions();

  @Option(
      names = "--format",
      paramLabel = "F",
      description =
          "png, svg or text (default: ${DEFAULT-VALUE}): text and svg go to standard output"
              + " unless --output is given; png needs --output.")
  private String format = "text";

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Write the code into FILE, atomically and readable by you only.")
  private @Nullable Path output;

  @Option(names = "--force", description = "Replace FILE if it exists (default: refuse).")
  private boolean force;

  @Option(
      names = "--invert",
      description = "For --format text: draw light modules, for terminals with a dark background.")
  private boolean invert;

  QrCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Format chosen = format();
    Path file = output;
    if (chosen == Format.PNG && file == null) {
      throw new BadInputException("--format png needs --output FILE");
    }
    if (force && file == null) {
      throw new BadInputException("--force can only be used with --output");
    }
    if (invert && chosen != Format.TEXT) {
      throw new BadInputException("--invert can only be used with --format text");
    }
    source.requireExactlyOne();
    UriOptions.Start start = null;
    if (source.hasUri()) {
      List<String> replaced = new ArrayList<>(List.of("--algorithm", "--digits"));
      replaced.addAll(List.of(UriOptions.NAMES));
      source.rejectWithUri(spec, replaced.toArray(String[]::new));
    } else {
      start = uriOptions.checked(hmac);
    }
    if (file != null) {
      OutputFile.check("--output", file, force);
    }

    OtpAuthUri uri;
    QrCode code;
    QrRenderer renderer =
        QrRenderer.of(QrOptions.builder().terminalInverted(invert).svgTitle("QR code").build());
    if (start == null) {
      SourceOptions.GivenUri given = source.uri(context);
      uri = given.parsed();
      code = encode(renderer, given.text());
    } else {
      uri = uriOptions.build(start, source.secret(context));
      code = encode(renderer, uri.revealUriString());
    }
    byte[] bytes =
        switch (chosen) {
          case PNG -> renderer.png(code);
          case SVG -> renderer.svg(code).getBytes(StandardCharsets.UTF_8);
          case TEXT -> renderer.terminal(code).getBytes(StandardCharsets.UTF_8);
        };
    if (file != null) {
      OutputFile.write("--output", file, bytes, force);
    } else {
      // Raw UTF-8 whatever the platform's encoding: the half blocks must survive.
      context.out().write(bytes, 0, bytes.length);
      context.out().flush();
    }
    Warnings.print(context, uri);
    return TotpCli.OK;
  }

  private Format format() {
    return switch (format.toLowerCase(Locale.ROOT)) {
      case "text" -> Format.TEXT;
      case "svg" -> Format.SVG;
      case "png" -> Format.PNG;
      default -> throw new BadInputException("--format must be png, svg or text");
    };
  }

  private static QrCode encode(QrRenderer renderer, String text) {
    try {
      return renderer.encode(text);
    } catch (IllegalArgumentException e) {
      // The encoder's messages give lengths and positions, never the text.
      throw new BadInputException(String.valueOf(e.getMessage()));
    }
  }
}

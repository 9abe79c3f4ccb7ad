package io.github.otpkit.totp.examples.portal;

import io.github.otpkit.totp.auth.TwoFactorStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The pages of the two-factor journey: confirm the password, choose the phone, get Microsoft
 * Authenticator from that phone's store, scan the QR code, activate with the first code, see the
 * recovery codes once; the code and recovery-code steps of sign-in; new recovery codes; disable.
 *
 * <p>The stable hooks of the design are kept exactly: field names {@code password}, {@code code}
 * ({@code inputmode="numeric"}, {@code autocomplete="one-time-code"}), {@code recovery_code} and
 * {@code device}; the button and link texts; {@code <img alt="QR code">}, {@code id="manual-key"},
 * {@code class="recovery-code"}; the status sentences. Secrets (the QR code, the manual key,
 * recovery codes) appear only in these pages' bodies, which are sent with {@code Cache-Control:
 * no-store}, never in a URL.
 */
final class TwoFactorPages {
  /** The status sentence when two-factor authentication is on. */
  static final String STATUS_ON = "Two-factor authentication is on";

  /** The status sentence when two-factor authentication is off. */
  static final String STATUS_OFF = "Two-factor authentication is off";

  /** Microsoft Authenticator on Google Play. */
  static final String GOOGLE_PLAY =
      "https://play.google.com/store/apps/details?id=com.azure.authenticator";

  /** Microsoft Authenticator on the App Store. */
  static final String APP_STORE = "https://apps.apple.com/app/microsoft-authenticator/id983156458";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private TwoFactorPages() {}

  /**
   * What the QR code pages show.
   *
   * @param qrDataUri the QR code as a PNG {@code data:} URI, 6 pixels per module
   * @param qrPixels its width and height in pixels
   * @param smallQrDataUri the same code with 4 pixels per module, for the activation page
   * @param smallQrPixels its width and height in pixels
   * @param manualKey the secret in groups of four characters
   * @param issuer the issuer the app shows
   * @param accountName the account name the app shows
   * @param periodSeconds the time step of the codes
   * @param secondsLeft seconds until the current code changes, by the portal's clock
   * @param expiresAt when the setup expires
   * @param replacement whether this replaces an active authenticator
   * @param device {@code android}, {@code ios} or null
   */
  record Setup(
      String qrDataUri,
      int qrPixels,
      String smallQrDataUri,
      int smallQrPixels,
      String manualKey,
      String issuer,
      String accountName,
      long periodSeconds,
      long secondsLeft,
      Instant expiresAt,
      boolean replacement,
      @Nullable String device) {
    /** Leaves the secret out. */
    @Override
    public String toString() {
      return "Setup[" + accountName + ", replacement=" + replacement + "]";
    }
  }

  /** The "Sign-in security" part of the account page. */
  static Html accountSection(TwoFactorStatus status) {
    Html pending = Html.empty();
    Instant pendingUntil = status.enrollmentExpiresAt();
    if (status.enrollmentPending() && pendingUntil != null) {
      pending =
          Html.format(
              """
              <p class="hint">A new authenticator is being set up until {}. \
              <a href="/two-factor/scan">Continue the setup</a></p>
              """,
              TIME.format(pendingUntil));
    }
    if (!status.enabled()) {
      return Html.format(
          """
            <p class="status off" id="two-factor-status">{}</p>
            <p>You sign in with your username and password only. Add a code from your phone, and \
          your photos stay safe even if your password leaks.</p>
            {}<p><a class="button" href="/two-factor/enable">Enable two-factor authentication</a></p>
          """,
          STATUS_OFF,
          pending);
    }
    Instant since = status.enabledSince();
    int left = status.recoveryCodesLeft();
    return Html.format(
        """
          <p class="status on" id="two-factor-status">{}</p>
          <p>{}Every sign-in asks for a code from your authenticator app. You have \
        <span id="recovery-codes-left">{}</span> unused recovery {}.</p>
          {}{}<ul class="actions">
            <li><a href="/two-factor/replace">Set up a new authenticator</a> \
        <span class="hint">(a new phone or app)</span></li>
            <li><a href="/two-factor/recovery-codes">Create new recovery codes</a></li>
            <li><a href="/two-factor/disable">Disable two-factor authentication</a></li>
          </ul>
        """,
        STATUS_ON,
        since == null ? "" : "Since " + Pages.DATE.format(since) + ". ",
        left,
        left == 1 ? "code" : "codes",
        left <= 2
            ? Html.trusted(
                "<p class=\"hint\">Running out of recovery codes: create new ones below.</p>\n")
            : Html.empty(),
        pending);
  }

  /** Step 1: the password again, before anything about the second factor changes. */
  static Html confirmPassword(Pages.View view, String title, String step, String action) {
    Html body =
        Html.format(
            """
            <h1>{}</h1>
            <p class="steps">{}</p>
            <form class="card" method="post" action="{}">
            {}
            <div class="field">
              <label for="password">Your password</label>
              <input id="password" name="password" type="password" required maxlength="128"
                     autocomplete="current-password">
            </div>
            <button type="submit">Confirm</button>
            </form>
            <p><a href="/account">Back to your account</a></p>
            """,
            title,
            step,
            action,
            Pages.csrfField(view.session()));
    return Pages.layout(title, view, body);
  }

  /** Step 2: Android or iOS; the next page links the store of the chosen phone. */
  static Html device(Pages.View view, boolean replacement, @Nullable String chosen) {
    String choice =
        view.value("device").isEmpty() ? (chosen == null ? "" : chosen) : view.value("device");
    Html body =
        Html.format(
            """
            <h1>Choose your phone</h1>
            <p class="steps">Step 2 of 5: choose your phone</p>
            <form class="card wide" method="post" action="/two-factor/device">
            {}
            <fieldset>
              <legend>{}</legend>
              <div class="choice">
                <input type="radio" id="device-android" name="device" value="android"{}>
                <label for="device-android">Android</label>
              </div>
              <div class="choice">
                <input type="radio" id="device-ios" name="device" value="ios"{}>
                <label for="device-ios">iPhone or iPad (iOS)</label>
              </div>
            </fieldset>
            <p class="hint">The next page shows where to get an authenticator app for it.</p>
            <button type="submit">Continue</button>
            </form>
            <p><a href="/account">Back to your account</a></p>
            """,
            Pages.csrfField(view.session()),
            replacement
                ? "Which phone will show your codes from now on?"
                : "Which phone will show your codes?",
            checked(choice.equals("android")),
            checked(choice.equals("ios")));
    return Pages.layout("Choose your phone", view, body);
  }

  /**
   * Step 3: Microsoft Authenticator in the store of the chosen phone (Google Play for {@code
   * android}, the App Store for {@code ios}), other apps work too; Continue to the QR code.
   */
  static Html app(Pages.View view, String device) {
    boolean ios = device.equals("ios");
    Html body =
        Html.format(
            """
            <h1>Install Microsoft Authenticator</h1>
            <p class="steps">Step 3 of 5: get an authenticator app</p>
            <div class="card wide">
            <p>On your {}, install \
            <a href="{}" target="_blank" rel="noopener noreferrer">{}</a>.</p>
            <p class="hint other-apps">Google Authenticator, Aegis, FreeOTP, 1Password and other \
            authenticator apps work too.</p>
            <p>Already have an authenticator app? Continue to the QR code.</p>
            </div>
            <form class="continue" method="get" action="/two-factor/scan">
            <button type="submit">Continue</button>
            </form>
            <p><a href="/two-factor/device">Choose another phone</a></p>
            """,
            ios ? "iPhone or iPad" : "Android phone",
            ios ? APP_STORE : GOOGLE_PLAY,
            ios
                ? "Microsoft Authenticator on the App Store"
                : "Microsoft Authenticator on Google Play");
    return Pages.layout("Install Microsoft Authenticator", view, body);
  }

  /** Step 3: the QR code, the manual key, and Continue. */
  static Html scan(Pages.View view, Setup setup) {
    String phone =
        "ios".equals(setup.device())
            ? "iPhone"
            : "android".equals(setup.device()) ? "Android phone" : "phone";
    Html body =
        Html.format(
            """
            <h1>Scan the QR code</h1>
            <p class="steps">Step 4 of 5: add Photo Portal to the app</p>
            <div class="setup">
            {}
            <div class="setup-text">
            <ol class="howto">
              <li>Open Microsoft Authenticator (or your authenticator app) on your {}.</li>
              <li>Add an account: tap <strong>+</strong>, choose <strong>Other account</strong>, \
            and point the camera at the QR code.</li>
              <li>The app shows <strong>{}</strong> with the account <strong>{}</strong> and a \
            6-digit code.</li>
            </ol>
            {}
            </div>
            </div>
            {}
            <form class="continue" method="get" action="/two-factor/activate">
            <button type="submit">Continue</button>
            </form>
            {}
            """,
            qrFigure(setup, false),
            phone,
            setup.issuer(),
            setup.accountName(),
            manualEntry(setup),
            countdown(setup),
            cancel(view, setup));
    return Pages.layout("Scan the QR code", view, body);
  }

  /** Step 4: the first code, with the QR code still at hand. */
  static Html activate(Pages.View view, Setup setup) {
    Html body =
        Html.format(
            """
            <h1>Enter the code from your app</h1>
            <p class="steps">Step 5 of 5: prove that the app works</p>
            <div class="setup">
            <form class="card" method="post" action="/two-factor/activate">
            {}
            <div class="field">
              <label for="code">6-digit code for {}</label>
              {}
            </div>
            {}
            <button type="submit">Activate</button>
            </form>
            <div class="setup-text">
            {}
            <p class="hint">Not added yet? Scan this QR code, or type this key:</p>
            <p><code id="manual-key" class="key">{}</code></p>
            </div>
            </div>
            {}
            """,
            Pages.csrfField(view.session()),
            setup.accountName(),
            codeInput(),
            countdown(setup),
            qrFigure(setup, true),
            setup.manualKey(),
            cancel(view, setup));
    return Pages.layout("Enter the code from your app", view, body);
  }

  /** After Activate: the status and, once, the recovery codes. */
  static Html done(Pages.View view, @Nullable List<String> codes, boolean replaced) {
    Html codesPart;
    if (codes != null) {
      codesPart = recoveryCodeList(codes);
    } else if (replaced) {
      codesPart = Html.trusted("<p>Your recovery codes stay the same.</p>\n");
    } else {
      codesPart =
          Html.trusted(
              "<p>Recovery codes are shown only once. If you did not save them, create new ones"
                  + " from your account page.</p>\n");
    }
    String title = replaced ? "Your new authenticator is ready" : "Your authenticator is ready";
    Html body =
        Html.format(
            """
            <h1>{}</h1>
            <p class="status on" id="two-factor-status">{}</p>
            <p>From now on, every sign-in asks for the code from your authenticator app after \
            your password.</p>
            {}<p><a class="button" href="/account">Go to your account</a></p>
            """,
            title,
            STATUS_ON,
            codesPart);
    return Pages.layout(title, view, body);
  }

  /** Sign-in, second step: the code. */
  static Html signInCode(Pages.View view) {
    Html body =
        Html.format(
            """
            <h1>Enter your code</h1>
            <p class="lead">Open your authenticator app and type the 6-digit code it shows for \
            Photo Portal.</p>
            <form class="card" method="post" action="/sign-in/code">
            {}
            <div class="field">
              <label for="code">Code</label>
              {}
            </div>
            <button type="submit">Verify</button>
            </form>
            <p>No phone at hand? <a href="/sign-in/recovery">Use a recovery code</a></p>
            {}
            """,
            Pages.csrfField(view.session()),
            codeInput(),
            cancelSignIn(view));
    return Pages.layout("Enter your code", view, body);
  }

  /** Sign-in, second step with a recovery code instead. */
  static Html signInRecovery(Pages.View view) {
    Html body =
        Html.format(
            """
            <h1>Use a recovery code</h1>
            <p class="lead">Type one of the recovery codes you saved when you turned on \
            two-factor authentication. Each code works once.</p>
            <form class="card" method="post" action="/sign-in/recovery">
            {}
            <div class="field">
              <label for="recovery_code">Recovery code</label>
              {}
            </div>
            <button type="submit">Verify</button>
            </form>
            <p><a href="/sign-in/code">Use a code from your app instead</a></p>
            {}
            """,
            Pages.csrfField(view.session()),
            recoveryCodeInput(),
            cancelSignIn(view));
    return Pages.layout("Use a recovery code", view, body);
  }

  /** Disable: proof with a code or a recovery code. */
  static Html disable(Pages.View view) {
    Html body =
        Html.format(
            """
            <h1>Disable two-factor authentication</h1>
            <p class="steps">Step 2 of 2: prove that you have your phone or a recovery code</p>
            <p class="lead">Without it, your password alone opens your account. To confirm, \
            enter the current code from your app, or one of your recovery codes.</p>
            <form class="card" method="post" action="/two-factor/disable">
            {}
            <div class="field">
              <label for="code">Code from your app</label>
              {}
            </div>
            <div class="field">
              <label for="recovery_code">Or a recovery code</label>
              {}
            </div>
            <button type="submit" class="danger">Disable</button>
            </form>
            <p><a href="/account">Keep it on and go back</a></p>
            """,
            Pages.csrfField(view.session()),
            codeInput(),
            recoveryCodeInput());
    return Pages.layout("Disable two-factor authentication", view, body);
  }

  /** A new phone: first, proof of the current authenticator, or a recovery code for a lost one. */
  static Html replaceProof(Pages.View view) {
    Html body =
        Html.format(
            """
            <h1>Set up a new authenticator</h1>
            <p class="steps">Before the new phone: prove that you have your current phone or a \
            recovery code</p>
            <p class="lead">Enter the current code from the app you use now. Lost that phone? \
            Enter one of your recovery codes instead; it works once.</p>
            <form class="card" method="post" action="/two-factor/replace/proof">
            {}
            <div class="field">
              <label for="code">Code from your current app</label>
              {}
            </div>
            <div class="field">
              <label for="recovery_code">Or a recovery code</label>
              {}
            </div>
            <button type="submit">Continue</button>
            </form>
            <p><a href="/account">Back to your account</a></p>
            """,
            Pages.csrfField(view.session()),
            codeInput(),
            recoveryCodeInput());
    return Pages.layout("Confirm your current authenticator", view, body);
  }

  /** New recovery codes: the form, or the new codes once. */
  static Html recoveryCodes(Pages.View view, @Nullable List<String> codes) {
    Html body;
    if (codes != null) {
      body =
          Html.format(
              """
              <h1>Your new recovery codes</h1>
              <p class="status on" id="two-factor-status">{}</p>
              {}<p class="hint">Your old recovery codes no longer work.</p>
              <p><a class="button" href="/account">Go to your account</a></p>
              """,
              STATUS_ON,
              recoveryCodeList(codes));
    } else {
      body =
          Html.format(
              """
              <h1>Create new recovery codes</h1>
              <p class="steps">Step 2 of 2: prove that you have your phone</p>
              <p class="lead">New codes replace all your current ones, used or not. To confirm, \
              enter the current code from your app.</p>
              <form class="card" method="post" action="/two-factor/recovery-codes">
              {}
              <div class="field">
                <label for="code">Code from your app</label>
                {}
              </div>
              <button type="submit">Create new recovery codes</button>
              </form>
              <p><a href="/account">Back to your account</a></p>
              """,
              Pages.csrfField(view.session()),
              codeInput());
    }
    return Pages.layout("Recovery codes", view, body);
  }

  // ---- pieces ---------------------------------------------------------------------------------

  private static Html checked(boolean on) {
    return on ? Html.trusted(" checked") : Html.empty();
  }

  /** The code box: never pre-filled (a code is a secret), digits keyboard, one-time-code. */
  private static Html codeInput() {
    return Html.trusted(
        """
        <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                     maxlength="12" autocapitalize="none" spellcheck="false" class="code-input">""");
  }

  private static Html recoveryCodeInput() {
    return Html.trusted(
        """
        <input id="recovery_code" name="recovery_code" type="text" autocomplete="off"
                     maxlength="64" autocapitalize="characters" spellcheck="false"
                     class="code-input" aria-describedby="recovery-hint">
              <p class="hint" id="recovery-hint">16 letters and digits, like XXXX-XXXX-XXXX-XXXX. \
        Case, spaces and hyphens do not matter.</p>""");
  }

  /** The QR code at a whole number of pixels per module, so that every module stays sharp. */
  private static Html qrFigure(Setup setup, boolean small) {
    int pixels = small ? setup.smallQrPixels() : setup.qrPixels();
    return Html.format(
        """
        <figure class="qr"><img src="{}" alt="QR code" width="{}" height="{}"></figure>
        """,
        Html.trusted(small ? setup.smallQrDataUri() : setup.qrDataUri()),
        pixels,
        pixels);
  }

  private static Html manualEntry(Setup setup) {
    return Html.format(
        """
        <h2>Enter code manually</h2>
        <p>Cannot scan? In the app, choose <strong>Enter code manually</strong> and type:</p>
        <dl class="facts">
          <dt>Account</dt><dd id="account-name">{}</dd>
          <dt>Issuer</dt><dd id="issuer">{}</dd>
          <dt>Key</dt><dd><code id="manual-key" class="key">{}</code></dd>
          <dt>Type</dt><dd>Time-based, 6 digits, every {} seconds</dd>
        </dl>
        <p class="hint">Spaces in the key do not matter.</p>
        """,
        setup.accountName(),
        setup.issuer(),
        setup.manualKey(),
        setup.periodSeconds());
  }

  /**
   * The code's validity: a sentence without JavaScript; /app.js adds a live countdown from the
   * portal's clock (the one that checks the code).
   */
  private static Html countdown(Setup setup) {
    return Html.format(
        """
        <p class="countdown hint" data-code-period="{}" data-code-left="{}">Each code is valid for \
        {} seconds.</p>
        """,
        setup.periodSeconds(),
        setup.secondsLeft(),
        setup.periodSeconds());
  }

  private static Html cancel(Pages.View view, Setup setup) {
    return Html.format(
        """
        <form class="inline" method="post" action="/two-factor/cancel">{}\
        <button type="submit" class="link">Cancel this setup</button></form>
        <p class="hint">This setup expires at {}.{}</p>
        """,
        Pages.csrfField(view.session()),
        TIME.format(setup.expiresAt()),
        setup.replacement() ? " Until you activate it, your current app keeps working." : "");
  }

  private static Html cancelSignIn(Pages.View view) {
    return Html.format(
        """
        <form class="inline" method="post" action="/sign-out">{}\
        <button type="submit" class="link">Cancel and sign out</button></form>
        """,
        Pages.csrfField(view.session()));
  }

  private static Html recoveryCodeList(List<String> codes) {
    List<Html> items = new ArrayList<>();
    for (String code : codes) {
      items.add(Html.format("  <li><code class=\"recovery-code\">{}</code></li>\n", code));
    }
    return Html.format(
        """
        <h2>Your recovery codes</h2>
        <p>If you lose your phone, each of these codes signs you in once. Save them now: print \
        them or keep them in a password manager. <strong>They are shown only this once.</strong></p>
        <ul class="recovery-codes">
        {}</ul>
        """,
        Html.concat(items));
  }
}

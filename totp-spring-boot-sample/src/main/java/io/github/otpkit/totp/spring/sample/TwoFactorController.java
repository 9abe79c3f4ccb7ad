package io.github.otpkit.totp.spring.sample;

import io.github.otpkit.totp.auth.Enrollment;
import io.github.otpkit.totp.auth.RecoveryCodes;
import io.github.otpkit.totp.auth.TwoFactorService;
import io.github.otpkit.totp.auth.VerificationResult;
import io.github.otpkit.totp.qr.QrRenderer;
import io.github.otpkit.totp.spring.security.TwoFactorSessions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Two-factor authentication on the account page: turn it on (password, QR code, first code,
 * recovery codes shown once), new recovery codes, a new phone, turn it off. Every change asks for
 * the password again; new recovery codes, a new phone and turning it off also ask for a current
 * code or a recovery code. After every change of the factor, TwoFactorSessions gives the session a
 * new id and ends the user's other sessions.
 */
@Controller
@RequestMapping("/account/two-factor")
class TwoFactorController {
  private final TwoFactorService twoFactor;
  private final TwoFactorSessions sessions;
  private final QrRenderer qrRenderer;
  private final UserDetailsService users;
  private final PasswordEncoder passwords;

  TwoFactorController(
      TwoFactorService twoFactor,
      TwoFactorSessions sessions,
      QrRenderer qrRenderer,
      UserDetailsService users,
      PasswordEncoder passwords) {
    this.twoFactor = twoFactor;
    this.sessions = sessions;
    this.qrRenderer = qrRenderer;
    this.users = users;
    this.passwords = passwords;
  }

  /** Turn on, step 1: the password again. */
  @GetMapping("/enable")
  String enableForm() {
    return "two-factor/enable";
  }

  @PostMapping("/enable")
  String enable(@RequestParam("password") String password, Authentication user, Model model) {
    if (!passwordMatches(user, password)) {
      model.addAttribute("error", "The password is not correct.");
      return "two-factor/enable";
    }
    // Empty when two-factor authentication is on already (another tab): the setup page sends
    // the user back to the account page then.
    Optional<Enrollment> started = twoFactor.startEnrollment(user.getName(), user.getName());
    return started.isPresent() ? "redirect:/account/two-factor/setup" : "redirect:/account";
  }

  /** Turn on, step 2 (also for a new phone): the QR code, the manual key and the first code. */
  @GetMapping("/setup")
  String setup(Authentication user, Model model) {
    Optional<Enrollment> enrollment = twoFactor.currentEnrollment(user.getName(), user.getName());
    if (enrollment.isEmpty()) {
      return "redirect:/account";
    }
    model.addAttribute("qrCode", qrRenderer.pngDataUri(enrollment.get().uri()));
    model.addAttribute("manualKey", enrollment.get().revealManualKey());
    model.addAttribute("replacement", enrollment.get().isReplacement());
    return "two-factor/setup";
  }

  @PostMapping("/setup")
  String activate(
      @RequestParam("code") String code,
      Authentication user,
      Model model,
      HttpServletRequest request,
      HttpServletResponse response) {
    VerificationResult result = twoFactor.confirmEnrollment(user.getName(), code);
    if (!result.isAccepted()) {
      model.addAttribute("error", result.message());
      return setup(user, model);
    }
    // New session id, the TOTP factor for this session (the code proved it), other sessions end.
    sessions.afterFactorChange(request, response);
    return done(result, model);
  }

  /** New recovery codes, a new phone, or off: the password and a code or a recovery code. */
  @GetMapping({"/recovery-codes", "/replace", "/disable"})
  String proofForm(HttpServletRequest request, Model model) {
    model.addAttribute("action", request.getServletPath());
    return "two-factor/proof";
  }

  @PostMapping("/recovery-codes")
  String newRecoveryCodes(
      @RequestParam("password") String password,
      @RequestParam("code") String codeOrRecoveryCode,
      Authentication user,
      Model model,
      HttpServletRequest request,
      HttpServletResponse response) {
    model.addAttribute("action", request.getServletPath());
    if (!passwordMatches(user, password)) {
      model.addAttribute("error", "The password is not correct.");
      return "two-factor/proof";
    }
    VerificationResult result =
        twoFactor.regenerateRecoveryCodes(user.getName(), codeOrRecoveryCode);
    if (!result.isAccepted()) {
      model.addAttribute("error", result.message());
      return "two-factor/proof";
    }
    sessions.afterFactorChange(request, response);
    return done(result, model);
  }

  @PostMapping("/replace")
  String newPhone(
      @RequestParam("password") String password,
      @RequestParam("code") String codeOrRecoveryCode,
      Authentication user,
      Model model,
      HttpServletRequest request) {
    model.addAttribute("action", request.getServletPath());
    if (!passwordMatches(user, password)) {
      model.addAttribute("error", "The password is not correct.");
      return "two-factor/proof";
    }
    // The current factor first; the old phone keeps working until the new one is confirmed.
    VerificationResult result =
        twoFactor.startReplacement(user.getName(), user.getName(), codeOrRecoveryCode);
    if (!result.isAccepted()) {
      model.addAttribute("error", result.message());
      return "two-factor/proof";
    }
    return "redirect:/account/two-factor/setup";
  }

  @PostMapping("/disable")
  String disable(
      @RequestParam("password") String password,
      @RequestParam("code") String codeOrRecoveryCode,
      Authentication user,
      Model model,
      HttpServletRequest request,
      HttpServletResponse response) {
    model.addAttribute("action", request.getServletPath());
    if (!passwordMatches(user, password)) {
      model.addAttribute("error", "The password is not correct.");
      return "two-factor/proof";
    }
    VerificationResult result = twoFactor.disable(user.getName(), codeOrRecoveryCode);
    if (!result.isAccepted()) {
      model.addAttribute("error", result.message());
      return "two-factor/proof";
    }
    sessions.afterFactorChange(request, response);
    return done(result, model);
  }

  /** The result page; recovery codes appear here once and are never stored in clear. */
  private String done(VerificationResult result, Model model) {
    List<String> codes =
        ((VerificationResult.Accepted) result)
            .newRecoveryCodes()
            .map(RecoveryCodes::revealCodes)
            .orElse(List.of());
    model.addAttribute("message", result.message());
    model.addAttribute("recoveryCodes", codes);
    return "two-factor/done";
  }

  private boolean passwordMatches(Authentication user, String password) {
    String hash = users.loadUserByUsername(user.getName()).getPassword();
    return hash != null && passwords.matches(password, hash);
  }
}

package io.github.otpkit.totp.spring.sample;

import io.github.otpkit.totp.auth.TwoFactorService;
import io.github.otpkit.totp.auth.TwoFactorStatus;
import java.security.Principal;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.UserDetailsManager;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The portal around two-factor authentication: photos, sign-up, sign-in and the account page. */
@Controller
class PortalController {
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{3,50}");
  static final int MIN_PASSWORD_LENGTH = 12;

  private final UserDetailsManager users;
  private final PasswordEncoder passwords;
  private final TwoFactorService twoFactor;

  PortalController(
      UserDetailsManager users, PasswordEncoder passwords, TwoFactorService twoFactor) {
    this.users = users;
    this.passwords = passwords;
    this.twoFactor = twoFactor;
  }

  @GetMapping("/")
  String photos(@Nullable Principal user, Model model) {
    model.addAttribute("signedIn", user != null);
    model.addAttribute(
        "photos", List.of("Sunrise over the harbour", "The old bridge", "Grandma's garden"));
    return "photos";
  }

  @GetMapping("/sign-in")
  String signIn(
      @RequestParam(name = "error", required = false) @Nullable String error,
      @RequestParam(name = "signedUp", required = false) @Nullable String signedUp,
      Model model) {
    // Form login comes back with ?error after a wrong password, sign-up with ?signedUp.
    model.addAttribute("failed", error != null);
    model.addAttribute("signedUp", signedUp != null);
    return "sign-in";
  }

  @GetMapping("/sign-up")
  String signUpForm() {
    return "sign-up";
  }

  @PostMapping("/sign-up")
  String signUp(
      @RequestParam("username") String username,
      @RequestParam("password") String password,
      Model model) {
    String name = username.strip().toLowerCase(Locale.ROOT);
    model.addAttribute("username", name);
    if (!USERNAME.matcher(name).matches()) {
      model.addAttribute(
          "error", "Choose a username of 3 to 50 letters, digits, dots, dashes or underscores.");
      return "sign-up";
    }
    if (password.length() < MIN_PASSWORD_LENGTH) {
      model.addAttribute(
          "error", "Choose a password of at least " + MIN_PASSWORD_LENGTH + " characters.");
      return "sign-up";
    }
    if (users.userExists(name)) {
      model.addAttribute("error", "This username is taken. Choose another one.");
      return "sign-up";
    }
    users.createUser(
        User.withUsername(name).password(passwords.encode(password)).roles("USER").build());
    return "redirect:/sign-in?signedUp";
  }

  @GetMapping("/account")
  String account(Authentication user, Model model) {
    TwoFactorStatus status = twoFactor.status(user.getName());
    model.addAttribute("username", user.getName());
    model.addAttribute("status", status);
    return "account";
  }
}

package io.github.otpkit.totp.examples.portal;

/** A request that gets an error page: the status, a title and a message that tell no details. */
final class HttpError extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String title;
  private final String message;

  HttpError(int status, String title, String message) {
    super(message);
    this.status = status;
    this.title = title;
    this.message = message;
  }

  String message() {
    return message;
  }

  int status() {
    return status;
  }

  String title() {
    return title;
  }

  static HttpError badRequest() {
    return new HttpError(400, "Bad request", "The request could not be understood.");
  }

  static HttpError forbidden() {
    return new HttpError(
        403,
        "Form expired",
        "This form has expired or did not come from this site. Go back, reload the page and try"
            + " again.");
  }

  static HttpError notFound() {
    return new HttpError(404, "Page not found", "There is no page at this address.");
  }
}

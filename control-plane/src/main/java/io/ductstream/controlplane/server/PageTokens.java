package io.ductstream.controlplane.server;

import io.ductstream.controlplane.flow.OptionRules;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Page tokens of the list RPCs: the last key of a page, base64url, opaque to callers. */
final class PageTokens {
  private static final int MAX_KEY_LENGTH = 200;

  private PageTokens() {}

  static String encode(String lastKey) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The key in {@code token}; INVALID_ARGUMENT with {@code refusal} when it is not base64url or
   * holds what no key holds (control characters, more than 200 characters).
   */
  static String decode(String token, String refusal) {
    String key;
    try {
      key = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw GrpcErrors.invalid(refusal);
    }
    if (key.length() > MAX_KEY_LENGTH || OptionRules.hasControlCharacter(key)) {
      throw GrpcErrors.invalid(refusal);
    }
    return key;
  }
}

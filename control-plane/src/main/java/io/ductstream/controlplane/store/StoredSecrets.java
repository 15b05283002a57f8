package io.ductstream.controlplane.store;

import io.ductstream.controlplane.flow.Endpoint;
import io.ductstream.controlplane.flow.Secrets;
import java.util.Optional;

/**
 * Seals an endpoint's secrets before it goes to the store and opens them when it comes back: with a
 * {@link SecretCipher}, every option holding a secret (a secret-named option, a URL with a
 * password) is stored encrypted; without one, as given. Values stored before a key was set are read
 * as they are and encrypted at their next write.
 */
final class StoredSecrets {
  private final Optional<SecretCipher> cipher;

  StoredSecrets(Optional<SecretCipher> cipher) {
    this.cipher = cipher;
  }

  Endpoint seal(Endpoint endpoint) {
    if (cipher.isEmpty()) {
      return endpoint;
    }
    Endpoint sealed = endpoint;
    for (var option : endpoint.options().entrySet()) {
      String key = option.getKey();
      String value = option.getValue();
      if (holdsSecret(key, value)) {
        sealed = sealed.withOption(key, cipher.get().encrypt(value, key));
      }
    }
    return sealed;
  }

  Endpoint open(Endpoint endpoint) {
    Endpoint opened = endpoint;
    for (var option : endpoint.options().entrySet()) {
      String key = option.getKey();
      String value = option.getValue();
      if (!SecretCipher.isEncrypted(value)) {
        continue;
      }
      if (cipher.isEmpty()) {
        throw new StoreException(
            "the store holds encrypted secrets (option "
                + key
                + " of endpoint "
                + endpoint.name()
                + ") but DUCTSTREAM_SECRETS_KEY is not set; set it to the key they were"
                + " encrypted with",
            null);
      }
      try {
        opened = opened.withOption(key, cipher.get().decrypt(value, key));
      } catch (IllegalArgumentException e) {
        throw new StoreException(
            "cannot decrypt option "
                + key
                + " of endpoint "
                + endpoint.name()
                + ": "
                + e.getMessage(),
            e);
      }
    }
    return opened;
  }

  /** Secret-named options and URLs with a password: what a response would mask. */
  private static boolean holdsSecret(String key, String value) {
    return !Secrets.maskValue(key, value).equals(value) && !SecretCipher.isEncrypted(value);
  }
}

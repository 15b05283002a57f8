package io.ductstream.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretCipherTest {
  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
  private static final String OTHER_KEY =
      Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

  @Test
  void roundTripsAndNeverRepeatsTheCiphertext() {
    SecretCipher cipher = SecretCipher.fromBase64(KEY);

    String first = cipher.encrypt("postgres://app:s3cret@db/app", "dsn");
    String second = cipher.encrypt("postgres://app:s3cret@db/app", "dsn");

    assertThat(first).startsWith("enc:v1:").doesNotContain("s3cret").isNotEqualTo(second);
    assertThat(cipher.decrypt(first, "dsn")).isEqualTo("postgres://app:s3cret@db/app");
  }

  @Test
  void anotherKeyAnotherOptionOrAnAlteredValueIsRefused() {
    String sealed = SecretCipher.fromBase64(KEY).encrypt("pw", "password");

    assertThatThrownBy(() -> SecretCipher.fromBase64(OTHER_KEY).decrypt(sealed, "password"))
        .hasMessage("it was encrypted with another DUCTSTREAM_SECRETS_KEY, or has been altered");
    assertThatThrownBy(() -> SecretCipher.fromBase64(KEY).decrypt(sealed, "secret_key"))
        .hasMessage("it was encrypted with another DUCTSTREAM_SECRETS_KEY, or has been altered");
    String altered = sealed.substring(0, sealed.length() - 4) + "AAAA";
    assertThatThrownBy(() -> SecretCipher.fromBase64(KEY).decrypt(altered, "password"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keysMustBe32BytesOfBase64() {
    assertThatThrownBy(() -> SecretCipher.fromBase64("not base64!")).hasMessage("it is not base64");
    assertThatThrownBy(
            () -> SecretCipher.fromBase64(Base64.getEncoder().encodeToString(new byte[16])))
        .hasMessage("it holds 16 bytes, not 32 (an AES-256 key)");
    assertThat(SecretCipher.fromBase64(KEY).toString()).doesNotContain(KEY);
  }
}

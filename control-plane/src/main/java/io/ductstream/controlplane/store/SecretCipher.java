package io.ductstream.controlplane.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the secrets the store keeps with AES-256-GCM (the JDK's) under a key from the
 * environment ({@code DUCTSTREAM_SECRETS_KEY}): a stored value is {@code enc:v1:} and the base64 of
 * a random 12-byte nonce followed by the ciphertext and its tag. The option's name is authenticated
 * with it, so a ciphertext cannot be moved to another option.
 */
public final class SecretCipher {
  /** What every encrypted value starts with. */
  public static final String PREFIX = "enc:v1:";

  public static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  private SecretCipher(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
  }

  /**
   * The cipher for a base64 key of 32 bytes ({@code openssl rand -base64 32}).
   *
   * @throws IllegalArgumentException saying what is wrong, never repeating the key
   */
  public static SecretCipher fromBase64(String base64) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("it is not base64");
    }
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "it holds " + key.length + " bytes, not " + KEY_BYTES + " (an AES-256 key)");
    }
    return new SecretCipher(key);
  }

  public static boolean isEncrypted(String value) {
    return value.startsWith(PREFIX);
  }

  /** {@code plaintext} encrypted, bound to {@code context} (the option's name). */
  public String encrypt(String plaintext, String context) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return PREFIX
          + Base64.getEncoder()
              .encodeToString(
                  ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has AES/GCM/NoPadding", e);
    }
  }

  /**
   * The plaintext of a value {@link #encrypt} made for {@code context}.
   *
   * @throws IllegalArgumentException when it was made with another key or for another option, or is
   *     damaged
   */
  public String decrypt(String value, String context) {
    byte[] data;
    try {
      data = Base64.getDecoder().decode(value.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("it is not base64 after " + PREFIX);
    }
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new IllegalArgumentException("it is too short to be encrypted");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] plain = cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new IllegalArgumentException(
          "it was encrypted with another DUCTSTREAM_SECRETS_KEY, or has been altered");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has AES/GCM/NoPadding", e);
    }
  }

  @Override
  public String toString() {
    return "SecretCipher[AES-256-GCM, key ***]";
  }
}

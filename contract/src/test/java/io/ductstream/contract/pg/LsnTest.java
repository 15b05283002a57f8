package io.ductstream.contract.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LsnTest {
  @Test
  void readsAndWritesPostgresTextForm() {
    assertThat(Lsn.parse("0/16B3748").value()).isEqualTo(0x16B3748L);
    assertThat(Lsn.parse("16/b374d848").value()).isEqualTo(0x16_B374D848L);
    assertThat(Lsn.parse("16/b374d848")).hasToString("16/B374D848");
    assertThat(Lsn.format(0)).isEqualTo("0/0");
    assertThat(Lsn.parse("FFFFFFFF/FFFFFFFF").value()).isEqualTo(-1L);
    assertThat(Lsn.format(-1L)).isEqualTo("FFFFFFFF/FFFFFFFF");
  }

  @Test
  void ordersAsUnsignedNumbers() {
    assertThat(Lsn.parse("FFFFFFFF/0")).isGreaterThan(Lsn.parse("7FFFFFFF/FFFFFFFF"));
    assertThat(Lsn.parse("0/10")).isLessThan(Lsn.parse("1/0"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "/",
        "0/",
        "/0",
        "0/XYZ",
        "G/0",
        "0/0/0",
        " 0/1",
        "0/1 ",
        "+1/0",
        "-1/0",
        "123456789/0",
        "0/123456789",
        "0x1/0",
        "٣/0",
        "16B3748"
      })
  void refusesWhatPostgresRefuses(String text) {
    assertThat(Lsn.isLsn(text)).isFalse();
    assertThatThrownBy(() -> Lsn.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not an LSN as Postgres prints it, such as 0/16B3748");
  }

  @Test
  void nullIsNoLsn() {
    assertThat(Lsn.tryParse(null)).isEmpty();
  }
}

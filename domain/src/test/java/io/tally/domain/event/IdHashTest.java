package io.tally.domain.event;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdHashTest {

    // expected values from Python: struct.unpack('<Q', hashlib.md5(s.encode()).digest()[:8])[0]
    @Test
    void the_hash_is_the_first_eight_md5_bytes_read_little_endian_and_unsigned() {
        assertThat(IdHash.unsigned(IdHash.of("usr-1-42"))).isEqualTo("4460601915062553204");
        assertThat(IdHash.unsigned(IdHash.of(""))).isEqualTo("338333539836370388");
        assertThat(IdHash.unsigned(IdHash.of("café ☕ 𝄞"))).isEqualTo("11454549198557566684");
        assertThat(IdHash.unsigned(IdHash.of("ses-1-ff"))).isEqualTo("12809484811402328253");
    }
}

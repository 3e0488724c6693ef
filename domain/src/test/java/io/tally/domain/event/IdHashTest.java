package io.tally.domain.event;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

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

    @Test
    void ids_hashed_on_many_threads_at_once_get_the_hash_they_get_alone() throws Exception {
        List<String> ids = IntStream.range(0, 2_000).mapToObj(i -> "usr-1-" + i).toList();
        Map<String, Long> alone = ids.stream().collect(Collectors.toMap(id -> id, IdHash::of));
        assertThat(IdHash.unsigned(alone.get("usr-1-42"))).isEqualTo("4460601915062553204"); // Python's, as above
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<Map<String, Long>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(threads.submit(() -> ids.stream().collect(Collectors.toMap(id -> id, IdHash::of))));
            }
            for (Future<Map<String, Long>> result : results) {
                assertThat(result.get()).isEqualTo(alone);
            }
        }
    }
}

package io.tally.adapter.out.files;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.application.port.out.StoreDeadLetters;
import io.tally.domain.event.EventWire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store's dead letters as an append-only NDJSON file, one line per event:
 * {@code {"set_aside_at": …, "error": …, "event": {…}}}, the event in the wire format {@code POST /v1/events} reads,
 * so an operator can re-send it after a fix ({@code jq -c .event}). Forced to disk before {@link #keep} returns.
 */
public final class StoreDeadLetterFile implements StoreDeadLetters {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private final Path file;

    private StoreDeadLetterFile(Path file) {
        this.file = file;
    }

    /** Dead letters appended to {@code file}; its folder is created at the first letter. */
    public static StoreDeadLetters at(Path file) {
        return new StoreDeadLetterFile(file.toAbsolutePath());
    }

    @Override
    public synchronized void keep(List<StoreDeadLetter> letters) {
        StringBuilder lines = new StringBuilder();
        for (StoreDeadLetter letter : letters) {
            lines.append(line(letter)).append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                channel.write(StandardCharsets.UTF_8.encode(lines.toString()));
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not append to the store's dead letters " + file, e);
        }
    }

    private static String line(StoreDeadLetter letter) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("set_aside_at", letter.setAsideAt().toString());
        line.put("project_id", letter.event().projectId());
        line.put("event_id", letter.event().eventId());
        line.put("error", letter.error());
        line.put("event", EventWire.of(letter.event()));
        try {
            return MAPPER.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

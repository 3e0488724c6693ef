package io.tally.adapter.out.files;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.application.port.in.SetAsideEvent;
import io.tally.application.port.out.StoreDeadLetters;
import io.tally.domain.event.EventWire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The store's dead letters as an append-only NDJSON file, one line per event:
 * {@code {"set_aside_at": …, "error": …, "event": {…}}}, the event in the wire format {@code POST /v1/events} reads,
 * so an operator can re-send it after a fix ({@code jq -c .event}). Forced to disk before {@link #keep} returns.
 */
public final class StoreDeadLetterFile implements StoreDeadLetters {

    private static final TypeReference<Map<String, Object>> WIRE = new TypeReference<>() {
    };
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
            // READ and APPEND do not go together: writes go at the end by position (this process alone appends)
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                // a crash mid-line leaves a line cut short: start on a new one, so only that one is lost to readers
                String text = endsMidLine(channel) ? "\n" + lines : lines.toString();
                ByteBuffer bytes = StandardCharsets.UTF_8.encode(text);
                while (bytes.hasRemaining()) {
                    channel.write(bytes, channel.size());
                }
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not append to the store's dead letters " + file, e);
        }
    }

    private static boolean endsMidLine(FileChannel channel) throws IOException {
        if (channel.size() == 0) {
            return false;
        }
        ByteBuffer last = ByteBuffer.allocate(1);
        channel.read(last, channel.size() - 1);
        return last.get(0) != '\n';
    }

    @Override
    public synchronized List<SetAsideEvent> read(String projectId, int limit) {
        if (!Files.exists(file)) {
            return List.of();
        }
        ArrayDeque<SetAsideEvent> last = new ArrayDeque<>();
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.map(StoreDeadLetterFile::parse).flatMap(Optional::stream)
                    .filter(event -> event.projectId().equals(projectId))
                    .forEach(event -> {
                        last.addLast(event);
                        if (last.size() > limit) {
                            last.removeFirst();
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the store's dead letters " + file, e);
        }
        return List.copyOf(last);
    }

    /** One line back; empty for a line that is not one of ours (a crash can leave the last one cut short). */
    private static Optional<SetAsideEvent> parse(String line) {
        try {
            JsonNode node = MAPPER.readTree(line);
            if (node == null || !node.hasNonNull("project_id") || !node.hasNonNull("event_id") || !node.has("event")) {
                return Optional.empty();
            }
            Map<String, Object> event = MAPPER.convertValue(node.get("event"), WIRE);
            return Optional.of(new SetAsideEvent(Instant.parse(node.path("set_aside_at").asText()),
                    node.get("project_id").asText(), node.get("event_id").asText(), node.path("error").asText(), event));
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
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

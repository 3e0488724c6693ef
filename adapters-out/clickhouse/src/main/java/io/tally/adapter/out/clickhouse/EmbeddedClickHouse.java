package io.tally.adapter.out.clickhouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The ClickHouse engine in this process: {@code libchdb.so} (chDB) called through the FFM API. It runs the
 * same SQL as a ClickHouse server, so the ClickHouse adapter's SQL is proven on the real engine without one.
 * One instance holds one chDB connection to a data folder; queries are serialized (chDB's connection is not
 * meant for concurrent use).
 */
public final class EmbeddedClickHouse implements ClickHouseTransport {

    private static final System.Logger LOG = System.getLogger(EmbeddedClickHouse.class.getName());

    private final MethodHandle query;
    private final MethodHandle queryWithParams;
    private final MethodHandle resultBuffer;
    private final MethodHandle resultLength;
    private final MethodHandle resultError;
    private final MethodHandle destroyResult;
    private final MethodHandle closeConnection;
    private final MemorySegment connectionHandle; // chdb_connection*, as chdb_connect returns it
    private final MemorySegment connection;       // *connectionHandle, what chdb_query takes
    private boolean closed;

    private EmbeddedClickHouse(SymbolLookup lib, Path dataDir) throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle connect = linker.downcallHandle(find(lib, "chdb_connect"),
                FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
        query = linker.downcallHandle(find(lib, "chdb_query"), FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        // chdb_result * chdb_query_with_params(conn, query, format, const char * const * names,
        //                                     const char * const * values, size_t count)
        queryWithParams = linker.downcallHandle(find(lib, "chdb_query_with_params"),
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        resultBuffer = linker.downcallHandle(find(lib, "chdb_result_buffer"), FunctionDescriptor.of(ADDRESS, ADDRESS));
        resultLength = linker.downcallHandle(find(lib, "chdb_result_length"), FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultError = linker.downcallHandle(find(lib, "chdb_result_error"), FunctionDescriptor.of(ADDRESS, ADDRESS));
        destroyResult = linker.downcallHandle(find(lib, "chdb_destroy_query_result"), FunctionDescriptor.ofVoid(ADDRESS));
        closeConnection = linker.downcallHandle(find(lib, "chdb_close_conn"), FunctionDescriptor.ofVoid(ADDRESS));
        MethodHandle disableSignalHandlers = linker.downcallHandle(find(lib, "chdb_set_signal_handlers_enabled"),
                FunctionDescriptor.ofVoid(JAVA_INT));
        // chDB's crash handlers must not replace the JVM's, and disabling them resets the JVM's: save and restore
        try (Arena arena = Arena.ofConfined(); JvmSignalHandlers jvm = JvmSignalHandlers.save()) {
            disableSignalHandlers.invokeExact(0);
            String[] args = {"clickhouse", "--path=" + dataDir.toAbsolutePath()};
            MemorySegment argv = arena.allocate(ADDRESS, args.length);
            for (int i = 0; i < args.length; i++) {
                argv.setAtIndex(ADDRESS, i, arena.allocateFrom(args[i]));
            }
            connectionHandle = (MemorySegment) connect.invokeExact(args.length, argv);
        }
        if (connectionHandle.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("chdb_connect refused the data folder " + dataDir);
        }
        connection = connectionHandle.reinterpret(ADDRESS.byteSize()).get(ADDRESS, 0);
    }

    /**
     * Loads the library and connects to a data folder (created when missing).
     *
     * @param library the path of {@code libchdb.so}, as {@code ops/clickhouse/fetch-chdb.sh} prints it
     */
    public static EmbeddedClickHouse open(Path library, Path dataDir) {
        Objects.requireNonNull(library, "library");
        if (!Files.isRegularFile(library)) {
            throw new IllegalArgumentException("no chDB library at " + library
                    + "; fetch it with ops/clickhouse/fetch-chdb.sh (it prints the path)");
        }
        if (!JvmSignalHandlers.chained()) {
            LOG.log(System.Logger.Level.WARNING, "chDB starts without the JVM's signal chaining: a thread reaching a safepoint"
                    + " while it starts can kill the process. Start java with LD_PRELOAD=$JAVA_HOME/lib/libjsig.so");
        }
        StdinForChdb.empty();
        try {
            Files.createDirectories(dataDir);
            return new EmbeddedClickHouse(SymbolLookup.libraryLookup(library, Arena.global()), dataDir);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot start chDB from " + library + ": " + e.getMessage(), e);
        }
    }

    private static MemorySegment find(SymbolLookup lib, String symbol) {
        return lib.find(symbol).orElseThrow(() -> new IllegalStateException("libchdb lacks " + symbol));
    }

    /**
     * Runs one statement and returns its output in the given ClickHouse format ({@code TSV}, {@code JSONEachRow}, …).
     *
     * @throws ClickHouseQueryException with ClickHouse's own message when the statement fails
     */
    @Override
    public String query(String sql, String format) {
        return query(sql, format, Map.of());
    }

    /**
     * Runs one statement with server-side parameters: {@code {name:Type}} placeholders in the SQL, values bound by
     * the engine after parsing (never spliced into the SQL text), so a hostile value can only be a wrong value.
     */
    @Override
    public String query(String sql, String format, Map<String, String> parameters) {
        return new String(queryBytes(sql, format, parameters), StandardCharsets.UTF_8);
    }

    @Override
    public byte[] queryRowBinary(String sql, Map<String, String> parameters) {
        return queryBytes(sql, "RowBinary", parameters);
    }

    /** As {@link #query}, the output as bytes: binary formats such as {@code RowBinaryWithNamesAndTypes} too. */
    synchronized byte[] queryBytes(String sql, String format, Map<String, String> parameters) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment result;
            if (parameters.isEmpty()) {
                result = (MemorySegment) query.invokeExact(connection, arena.allocateFrom(sql), arena.allocateFrom(format));
            } else {
                Map<String, String> types = ClickHouseLiterals.placeholderTypes(sql);
                MemorySegment names = arena.allocate(ADDRESS, parameters.size());
                MemorySegment values = arena.allocate(ADDRESS, parameters.size());
                int i = 0;
                for (var parameter : parameters.entrySet()) {
                    names.setAtIndex(ADDRESS, i, arena.allocateFrom(parameter.getKey()));
                    values.setAtIndex(ADDRESS, i, arena.allocateFrom(ClickHouseLiterals.parameterValue(
                            types.getOrDefault(parameter.getKey(), "String"), parameter.getValue())));
                    i++;
                }
                result = (MemorySegment) queryWithParams.invokeExact(connection, arena.allocateFrom(sql),
                        arena.allocateFrom(format), names, values, (long) parameters.size());
            }
            return read(result, sql);
        } catch (ClickHouseQueryException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("calling chDB failed: " + e.getMessage(), e);
        }
    }

    /**
     * chDB binds parameters after parsing, so no statement size limits them: a batch's lookup is one statement (a
     * full scan of the granules a batch touches each time, so fewer is cheaper). Large enough for 20,000 ids of 100
     * bytes in hex.
     */
    @Override
    public int lookupParameterChars() {
        return 4_000_000;
    }

    /**
     * chDB reads the block from a file ({@code FROM INFILE}, as clickhouse-local does): its C API takes SQL text
     * only, and a file keeps the binary rows out of it.
     */
    @Override
    public void insertRowBinary(String table, byte[] rows, String deduplicationToken) {
        StringBuilder settings = new StringBuilder();
        ClickHouseTransport.deduplicationSettings(deduplicationToken).forEach((name, value) ->
                settings.append(settings.isEmpty() ? "" : ", ").append(name).append(" = '").append(value).append('\''));
        insert("INSERT INTO " + ClickHouseTransport.checkedTable(table) + " FROM INFILE {file} SETTINGS " + settings
                + " FORMAT RowBinary", rows);
    }

    /**
     * Runs an {@code INSERT … FROM INFILE {file} …} statement with {@code {file}} standing for a file holding
     * {@code data}. The file name is generated here, so it is safe in the SQL text.
     */
    void insert(String statement, byte[] data) {
        Path file = null;
        try {
            file = Files.createTempFile("tally-insert-", ".bin");
            Files.write(file, data);
            String name = file.toAbsolutePath().toString();
            if (name.contains("'") || name.contains("\\")) {
                throw new IllegalStateException("the temp folder's name cannot go in a string literal: " + name);
            }
            query(statement.replace("{file}", "'" + name + "'"), "TSV");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage an insert for chDB", e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    private byte[] read(MemorySegment result, String sql) throws Throwable {
        if (result.equals(MemorySegment.NULL)) {
            throw new ClickHouseQueryException("chDB returned no result for: " + sql);
        }
        try {
            MemorySegment error = (MemorySegment) resultError.invokeExact(result);
            if (!error.equals(MemorySegment.NULL)) {
                throw new ClickHouseQueryException(error.reinterpret(Long.MAX_VALUE).getString(0).strip());
            }
            long length = (long) resultLength.invokeExact(result);
            MemorySegment buffer = (MemorySegment) resultBuffer.invokeExact(result);
            if (length == 0 || buffer.equals(MemorySegment.NULL)) {
                return new byte[0];
            }
            return buffer.reinterpret(length).toArray(ValueLayout.JAVA_BYTE);
        } finally {
            destroyResult.invokeExact(result);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            closeConnection.invokeExact(connectionHandle);
        } catch (Throwable e) {
            throw new IllegalStateException("closing chDB failed: " + e.getMessage(), e);
        }
    }
}

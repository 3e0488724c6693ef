package io.tally.adapter.in.rest;

import io.helidon.http.Headers;
import io.helidon.http.encoding.ContentDecoder;
import io.helidon.http.encoding.ContentEncoder;
import io.helidon.http.encoding.ContentEncodingContext;
import io.helidon.http.encoding.ContentEncodingContextConfig;

import java.util.NoSuchElementException;

/**
 * Hands request bodies to the routes as received, whatever their {@code Content-Encoding}: {@link RequestBodies}
 * decodes gzip itself, with the size limit on the decompressed body, and refuses other encodings with a problem.
 * Helidon would otherwise refuse any encoded body before routing, with a plain-text 400. Responses are not encoded.
 */
final class BodyEncodings implements ContentEncodingContext {

    private static final ContentEncodingContextConfig NONE = ContentEncodingContextConfig.builder()
            .contentEncodingsDiscoverServices(false).buildPrototype();

    @Override
    public ContentEncodingContextConfig prototype() {
        return NONE;
    }

    @Override
    public boolean contentEncodingEnabled() {
        return false;
    }

    @Override
    public boolean contentDecodingEnabled() {
        return true;
    }

    @Override
    public boolean contentEncodingSupported(String encodingId) {
        return false;
    }

    @Override
    public boolean contentDecodingSupported(String encodingId) {
        return true;
    }

    @Override
    public ContentEncoder encoder(String encodingId) {
        throw new NoSuchElementException("responses are not encoded");
    }

    @Override
    public ContentDecoder decoder(String encodingId) {
        return ContentDecoder.NO_OP;
    }

    @Override
    public ContentEncoder encoder(Headers headers) {
        return ContentEncoder.NO_OP;
    }
}

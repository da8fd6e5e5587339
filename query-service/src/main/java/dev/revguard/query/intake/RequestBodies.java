package dev.revguard.query.intake;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body under a cap: a declared {@code Content-Length} over the cap is refused
 * before a byte is read, and a body without one (chunked) is read to one byte past the cap at most.
 */
final class RequestBodies {
    private RequestBodies() {}

    static byte[] read(Context ctx, long maxBytes) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        int cap = (int) Math.min(maxBytes, Integer.MAX_VALUE - 16);
        byte[] body;
        try {
            InputStream in = ctx.req().getInputStream();
            body = in.readNBytes(cap + 1);
        } catch (IOException e) {
            throw Refusal.malformed("the body could not be read: " + e.getMessage());
        }
        if (body.length > cap) {
            throw tooLarge(maxBytes);
        }
        return body;
    }

    private static Refusal tooLarge(long maxBytes) {
        return Refusal.tooLarge(Refusal.TOO_LARGE, "the body is larger than " + maxBytes + " bytes (INGEST_MAX_BODY_BYTES)");
    }
}

package dev.cvae.server.http;

import dev.cvae.server.inference.InvalidRequestException;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.ByteArrayOutputStream;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A request's body, read whole but never past a limit: a body that says or turns out to be larger is refused
 * (400, naming {@code body}) before it is held in memory, and the connection closes after the answer, since the
 * rest of the body is never read. Stateless.
 */
final class RequestBodies {
    private RequestBodies() {
    }

    static Mono<byte[]> read(HttpServerRequest request, HttpServerResponse response, int maxBytes) {
        long declared = declaredLength(request);
        if (declared > maxBytes) {
            response.keepAlive(false);
            return Mono.error(tooLarge(declared + " bytes", maxBytes));
        }
        return request.receive().reduceWith(ByteArrayOutputStream::new, (out, buf) -> {
            int n = buf.readableBytes();
            if (out.size() + n > maxBytes) {
                response.keepAlive(false);
                throw tooLarge("more than " + maxBytes + " bytes", maxBytes);
            }
            byte[] chunk = new byte[n];
            buf.readBytes(chunk);
            out.write(chunk, 0, n);
            return out;
        }).map(ByteArrayOutputStream::toByteArray).defaultIfEmpty(new byte[0]);
    }

    /** The Content-Length header's value, or -1 when absent or unreadable (the count while reading still holds). */
    private static long declaredLength(HttpServerRequest request) {
        String header = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        try {
            return header == null ? -1 : Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static InvalidRequestException tooLarge(String size, int maxBytes) {
        return new InvalidRequestException("body", size + ", expected at most " + maxBytes + " bytes");
    }
}

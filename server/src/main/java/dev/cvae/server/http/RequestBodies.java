package dev.cvae.server.http;

import dev.cvae.server.inference.InvalidRequestException;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * A request's body, read whole but never held past a limit: a body that turns out to be larger is read to its end
 * and dropped, then refused (400, naming {@code body}), so that memory stays bounded and the connection is at a
 * clean boundary for the client's next request (a client cut off mid-upload would often miss the answer).
 * Stateless.
 */
final class RequestBodies {
    private RequestBodies() {
    }

    static Mono<byte[]> read(HttpServerRequest request, int maxBytes) {
        return request.receive().reduceWith(() -> new Body(maxBytes), Body::add).flatMap(body -> body.bytes(maxBytes))
                .defaultIfEmpty(new byte[0]);
    }

    /** What has been received: the bytes while within the limit, the count only beyond it. */
    private static final class Body {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final int maxBytes;
        private long received;

        Body(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        Body add(ByteBuf buf) {
            int n = buf.readableBytes();
            received += n;
            if (received <= maxBytes) {
                byte[] chunk = new byte[n];
                buf.readBytes(chunk);
                kept.write(chunk, 0, n);
            } else {
                kept.reset(); // over the limit: nothing more is kept
            }
            return this;
        }

        Mono<byte[]> bytes(int max) {
            if (received > max) {
                return Mono.error(new InvalidRequestException("body", received + " bytes, expected at most " + max + " bytes"));
            }
            return Mono.just(kept.toByteArray());
        }
    }
}

package dev.cvae.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;

/** Server-Sent Events as the page's EventSource-style reader takes them: a named event whose data is one JSON line. */
final class ServerSentEvents {
    private ServerSentEvents() {
    }

    static String event(String name, JsonNode data) {
        try {
            // Jackson writes JSON on one line: no raw newline can end the data field early
            return "event: " + name + "\ndata: " + Replies.JSON.writeValueAsString(data) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.cvae.server.http;

import dev.cvae.server.inference.InvalidRequestException;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import reactor.netty.http.server.HttpServerRequest;

/** A request's query parameters, each read once with its own check and a message naming it. Immutable. */
final class QueryParameters {
    private final Map<String, List<String>> values;

    private QueryParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    static QueryParameters of(HttpServerRequest request) {
        return new QueryParameters(new QueryStringDecoder(request.uri()).parameters());
    }

    /** The parameter's value; "" when absent. */
    String text(String name) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    /** @throws InvalidRequestException naming the parameter unless it is absent (then {@code absent}) or in min..max */
    int integer(String name, int absent, int min, int max) {
        String text = text(name);
        if (text.isEmpty()) return absent;
        try {
            int v = Integer.parseInt(text.strip());
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidRequestException(name, "'" + Replies.quoted(text) + "', expected an integer " + min + ".." + max);
    }
}

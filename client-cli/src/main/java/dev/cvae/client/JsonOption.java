package dev.cvae.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code --json}: print the command's result as one JSON document instead of text. Mixed into the top-level
 * command with {@code scope = INHERIT}: accepted before or after the subcommand's name.
 */
public final class JsonOption {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the result as JSON.")
    boolean json;

    public boolean enabled() {
        return json;
    }

    static void print(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

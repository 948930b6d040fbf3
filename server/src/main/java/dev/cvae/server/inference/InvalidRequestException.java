package dev.cvae.server.inference;

/** A request that cannot be served as given; the message names the field, the value and what was expected. */
public final class InvalidRequestException extends RuntimeException {
    private final String field;

    public InvalidRequestException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}

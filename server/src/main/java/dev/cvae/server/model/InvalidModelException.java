package dev.cvae.server.model;

/** A model directory that cannot be served; the message names the directory and the problem. */
public final class InvalidModelException extends Exception {
    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}

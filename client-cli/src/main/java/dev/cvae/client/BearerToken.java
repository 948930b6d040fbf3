package dev.cvae.client;

import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The client's bearer token ({@code --token} / {@code CVAE_TOKEN}), sent as call credentials on every call:
 * {@code authorization: Bearer TOKEN}. A token is a password, so it goes only over TLS, or in plaintext to a
 * loopback address (a server on this machine), unless {@code --insecure-token} says otherwise (a private network
 * behind a TLS-terminating proxy, say). Immutable.
 */
final class BearerToken extends CallCredentials {
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private final String header;

    private BearerToken(String token) {
        this.header = "Bearer " + token;
    }

    /**
     * An interceptor that adds the token to every call of a channel to {@code target}.
     *
     * @param secure      whether the channel uses TLS
     * @param insecureOk  {@code --insecure-token}: plaintext to any address is allowed
     * @throws CommandLine.ParameterException when the token is not a header value, or would travel in plaintext
     *                                        to another machine
     */
    static ClientInterceptor forCalls(String token, String target, boolean secure, boolean insecureOk, CommandLine cli) {
        if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new CommandLine.ParameterException(cli, "--token must be printable ASCII without spaces (it travels in an HTTP header)");
        }
        if (!secure && !insecureOk && !isLoopback(target)) {
            throw new CommandLine.ParameterException(cli, "--token goes only over TLS or to a loopback address, and " + target
                    + " is neither; add --tls (or --ca), or --insecure-token to send it in plaintext");
        }
        BearerToken credentials = new BearerToken(token);
        return new ClientInterceptor() {
            @Override
            public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
                return next.newCall(method, options.withCallCredentials(credentials));
            }
        };
    }

    @Override
    public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, header);
        applier.apply(headers);
    }

    /**
     * True for targets on this machine: {@code localhost}, 127.0.0.0/8, ::1 and unix sockets. Other names are not
     * resolved: what a name resolves to can change, so only literal addresses count.
     */
    static boolean isLoopback(String target) {
        String t = target.strip();
        if (t.startsWith("unix:")) return true;
        if (t.startsWith("dns:")) t = t.substring(t.indexOf('/', "dns://".length()) + 1); // dns:///host:port, dns://server/host:port
        String host;
        if (t.startsWith("[")) {
            int end = t.indexOf(']');
            if (end < 0) return false;
            host = t.substring(1, end);
        } else {
            int colon = t.lastIndexOf(':');
            host = colon >= 0 && t.indexOf(':') == colon ? t.substring(0, colon) : t;
        }
        if (host.equalsIgnoreCase("localhost")) return true;
        if (!IP_LITERAL.matcher(host).matches()) return false;
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

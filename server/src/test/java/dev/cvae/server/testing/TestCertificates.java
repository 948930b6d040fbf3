package dev.cvae.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throwaway certificate authorities and the keys and certificates they sign, made with the openssl command (as
 * README's TLS set-up does), in a directory the test owns. Every leaf names localhost and 127.0.0.1.
 */
public final class TestCertificates {
    /** How the leaf's private key is written. */
    public enum KeyFormat {
        /** {@code BEGIN PRIVATE KEY}, RSA. */
        PKCS8_RSA,
        /** {@code BEGIN PRIVATE KEY}, EC P-256. */
        PKCS8_EC,
        /** {@code BEGIN RSA PRIVATE KEY}. */
        PKCS1_RSA,
        /** {@code BEGIN EC PARAMETERS} then {@code BEGIN EC PRIVATE KEY}, P-256. */
        SEC1_EC,
        /** {@code BEGIN RSA PRIVATE KEY} with {@code Proc-Type: 4,ENCRYPTED}. */
        ENCRYPTED_PKCS1_RSA,
        /** {@code BEGIN ENCRYPTED PRIVATE KEY}. */
        ENCRYPTED_PKCS8
    }

    /** A certificate and its key, as PEM files. */
    public record Pair(Path cert, Path key) {
    }

    private final Path dir;

    public TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** A self-signed CA named {@code name}: {@code name.pem} and {@code name.key}. */
    public Pair authority(String name) throws IOException, InterruptedException {
        Pair ca = new Pair(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=" + name + " test CA",
                "-keyout", ca.key().toString(), "-out", ca.cert().toString());
        return ca;
    }

    /** A leaf for localhost and 127.0.0.1 signed by {@code ca}, its key written as {@code format}. */
    public Pair leaf(String name, Pair ca, KeyFormat format) throws IOException, InterruptedException {
        Pair leaf = new Pair(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
        String key = leaf.key().toString();
        switch (format) {
            case PKCS8_RSA -> openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key);
            case PKCS8_EC -> openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key);
            case PKCS1_RSA -> openssl("genrsa", "-traditional", "-out", key, "2048");
            case SEC1_EC -> openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", key);
            case ENCRYPTED_PKCS1_RSA -> openssl("genrsa", "-traditional", "-aes256", "-passout", "pass:secret", "-out", key, "2048");
            case ENCRYPTED_PKCS8 -> openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-aes256",
                    "-pass", "pass:secret", "-out", key);
        }
        Path csr = dir.resolve(name + ".csr");
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        List<String> req = new ArrayList<>(List.of("req", "-new", "-key", key, "-subj", "/CN=localhost", "-out", csr.toString()));
        if (format.name().startsWith("ENCRYPTED")) req.addAll(List.of("-passin", "pass:secret"));
        openssl(req.toArray(String[]::new));
        openssl("x509", "-req", "-in", csr.toString(), "-CA", ca.cert().toString(), "-CAkey", ca.key().toString(),
                "-CAcreateserial", "-days", "1", "-extfile", ext.toString(), "-out", leaf.cert().toString());
        return leaf;
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + output);
        }
    }
}

package dev.cvae.server.security;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads TLS credentials from PEM files as OpenSSL writes them: certificate chains, and private keys in PKCS#8
 * ({@code BEGIN PRIVATE KEY}), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) or SEC 1 ({@code BEGIN EC PRIVATE KEY},
 * named curve), the last two re-wrapped as PKCS#8 for the JDK. An encrypted key is refused with the command that
 * decrypts it, as the server has no passphrase to give. Every error names the file. Stateless.
 */
public final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final byte[] RSA_ENCRYPTION = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] NULL = {0x05, 0x00};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    private PemFiles() {
    }

    /** The certificates of a PEM file, leaf first as in the file. */
    public static X509Certificate[] certificates(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
                chain.add((X509Certificate) c);
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException(file + ": not a PEM certificate chain (" + e.getMessage() + ")", e);
        }
        if (chain.isEmpty()) throw new IllegalArgumentException(file + ": no certificate (expected -----BEGIN CERTIFICATE-----)");
        return chain.toArray(X509Certificate[]::new);
    }

    /** The private key of a PEM file: the first key block in it; other blocks (EC PARAMETERS, certificates) are skipped. */
    public static PrivateKey privateKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        List<String> seen = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            String body = m.group(2);
            seen.add(type);
            switch (type) {
                case "ENCRYPTED PRIVATE KEY" -> throw encrypted(file);
                case "PRIVATE KEY" -> {
                    return pkcs8(file, type, der(file, type, body));
                }
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> {
                    if (body.contains("Proc-Type: 4,ENCRYPTED")) throw encrypted(file);
                    byte[] der = der(file, type, body);
                    return pkcs8(file, type, type.startsWith("RSA") ? fromPkcs1(der) : fromSec1(file, der));
                }
                default -> {
                }
            }
        }
        throw new IllegalArgumentException(file + ": no private key (expected -----BEGIN PRIVATE KEY-----, "
                + "-----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----" + (seen.isEmpty() ? "; found no PEM block"
                : "; found " + String.join(", ", seen)) + ")");
    }

    /**
     * Checks that {@code key} belongs to the leaf certificate by signing with it and verifying with the
     * certificate's public key: a rotation that has replaced one file and not yet the other is caught here.
     */
    public static void checkPair(X509Certificate leaf, PrivateKey key, Path certFile, Path keyFile) {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        byte[] probe = "cvae-server key check".getBytes(StandardCharsets.US_ASCII);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new IllegalArgumentException(keyFile + ": this " + key.getAlgorithm() + " key does not belong to the certificate in "
                    + certFile + " (" + leaf.getSubjectX500Principal() + ", a " + leaf.getPublicKey().getAlgorithm() + " key)");
        }
    }

    private static IllegalArgumentException encrypted(Path file) {
        return new IllegalArgumentException(file + ": the private key is encrypted and the server has no passphrase; "
                + "decrypt it (openssl pkey -in " + file + " -out key.pem) and keep the result readable only by the server");
    }

    private static byte[] der(Path file, String type, String body) {
        StringBuilder base64 = new StringBuilder();
        for (String line : body.split("\r?\n")) {
            if (!line.contains(":")) base64.append(line.strip()); // skips headers such as Proc-Type
        }
        try {
            return Base64.getDecoder().decode(base64.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": the " + type + " block is not valid base64 (" + e.getMessage() + ")", e);
        }
    }

    private static PrivateKey pkcs8(Path file, String type, byte[] der) {
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this algorithm; try the next
            }
        }
        throw new IllegalArgumentException(file + ": the " + type + " block is not an RSA or EC private key");
    }

    /** PKCS#8 around a PKCS#1 RSAPrivateKey: version 0, algorithm rsaEncryption with NULL parameters. */
    private static byte[] fromPkcs1(byte[] pkcs1) {
        return tlv(0x30, VERSION_0, tlv(0x30, RSA_ENCRYPTION, NULL), tlv(0x04, pkcs1));
    }

    /** PKCS#8 around a SEC 1 ECPrivateKey, whose [0] parameters name the curve that the algorithm needs. */
    private static byte[] fromSec1(Path file, byte[] sec1) {
        byte[] curve = namedCurve(sec1);
        if (curve == null) {
            throw new IllegalArgumentException(file + ": the EC PRIVATE KEY block does not name its curve "
                    + "(rewrite it with openssl pkey -in " + file + " -out key.pem)");
        }
        return tlv(0x30, VERSION_0, tlv(0x30, EC_PUBLIC_KEY, curve), tlv(0x04, sec1));
    }

    /**
     * The curve OID (as a whole DER element) in a SEC 1 ECPrivateKey: SEQUENCE { version, privateKey,
     * [0] parameters OPTIONAL, [1] publicKey OPTIONAL }; null when it is absent or the structure is malformed.
     */
    private static byte[] namedCurve(byte[] sec1) {
        int[] seq = element(sec1, 0);
        if (seq == null || sec1[0] != 0x30) return null;
        int at = seq[0];
        while (at < seq[1]) {
            int[] e = element(sec1, at);
            if (e == null) return null;
            if ((sec1[at] & 0xff) == 0xa0) {
                int[] oid = element(sec1, e[0]);
                return oid != null && sec1[e[0]] == 0x06 ? java.util.Arrays.copyOfRange(sec1, e[0], oid[1]) : null;
            }
            at = e[1];
        }
        return null;
    }

    /** The start of the contents and the end of the DER element at {@code at}, or null when it overruns. */
    private static int[] element(byte[] der, int at) {
        if (at + 2 > der.length) return null;
        int first = der[at + 1] & 0xff;
        int start = at + 2;
        long length = first;
        if (first >= 0x80) {
            int bytes = first & 0x7f;
            if (bytes == 0 || bytes > 3 || start + bytes > der.length) return null;
            length = 0;
            for (int i = 0; i < bytes; i++) length = (length << 8) | (der[start + i] & 0xff);
            start += bytes;
        }
        return start + length > der.length ? null : new int[] {start, (int) (start + length)};
    }

    /** A DER tag-length-value of the concatenated contents. */
    private static byte[] tlv(int tag, byte[]... contents) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] c : contents) body.writeBytes(c);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = body.size();
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) out.write(n >>> (8 * i));
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }
}

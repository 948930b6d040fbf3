package dev.cvae.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** cvae-client generate against the real server on a loopback socket with the bundled models. */
class GenerateCommandTest extends WithRealServer {
    @Test
    void generateWritesAGridOfSixteenImages() throws Exception {
        Path png = dir.resolve("threes.png");
        int exit = client.run("generate", "--target", server.target(), "--label", "3", "--count", "16", "--seed", "1", "--out", png.toString());
        assertEquals(ExitCodes.OK, exit, client.err());
        BufferedImage grid = ImageIO.read(png.toFile());
        assertEquals(4 * 28 * 2, grid.getWidth(), "4 columns of 28 pixels, scaled by 2");
        assertEquals(4 * 28 * 2, grid.getHeight());
        assertTrue(client.out().startsWith("wrote 16 images of '3' from model mnist (seed 1) to "), client.out());
    }

    @Test
    void aLowerTemperatureGivesOtherImagesAndABadOneIsRefusedNamingIt() throws Exception {
        Path prior = dir.resolve("prior.npy");
        Path cooled = dir.resolve("cooled.npy");
        assertEquals(ExitCodes.OK, client.run("generate", "--target", server.target(), "--label", "3", "--count", "4", "--seed", "5",
                "--out", dir.resolve("prior.png").toString(), "--raw", prior.toString()), client.err());
        assertEquals(ExitCodes.OK, client.run("generate", "--target", server.target(), "--label", "3", "--count", "4", "--seed", "5",
                "--temperature", "0.6", "--out", dir.resolve("cooled.png").toString(), "--raw", cooled.toString()), client.err());
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(prior), Files.readAllBytes(cooled)), "the temperature changed nothing");
        int exit = client.run("generate", "--target", server.target(), "--label", "3", "--temperature", "5", "--out", dir.resolve("x.png").toString());
        assertNotEquals(ExitCodes.OK, exit);
        assertTrue(client.err().contains("temperature: 5.0 is not a sampling temperature; expected a number in (0, 2]"), client.err());
    }

    @Test
    void allLabelsWithTheSameLatentsGiveOneRowPerLabelAndANumpyArray() throws Exception {
        Path png = dir.resolve("all.png");
        Path npy = dir.resolve("all.npy");
        int exit = client.run("generate", "--target", server.target(), "--label", "all", "--count", "5", "--same-z", "--seed", "3",
                "--scale", "1", "--out", png.toString(), "--raw", npy.toString());
        assertEquals(ExitCodes.OK, exit, client.err());
        BufferedImage grid = ImageIO.read(png.toFile());
        assertEquals(5 * 28, grid.getWidth());
        assertEquals(10 * 28, grid.getHeight(), "one row per label");

        byte[] bytes = Files.readAllBytes(npy);
        assertEquals("\u0093NUMPY", new String(bytes, 0, 6, StandardCharsets.ISO_8859_1));
        int headerLength = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (10, 5, 1, 28, 28), }"), header);
        assertEquals(0, (10 + headerLength) % 64, "the header is padded to 64 bytes");
        assertEquals(10 + headerLength + 10 * 5 * 784 * 4, bytes.length);
    }

    @Test
    void anUnknownLabelIsAUsageErrorThatListsTheLabels() {
        int exit = client.run("generate", "--target", server.target(), "--label", "dress", "--out", dir.resolve("x.png").toString());
        assertEquals(ExitCodes.USAGE, exit);
        assertTrue(client.err().startsWith("cvae-client: --label: 'dress' is neither a label of model mnist nor a class index 0..9; labels: 0, 1, 2"),
                client.err());
        assertTrue(client.err().strip().endsWith("(see 'cvae-client generate --help')"), client.err());
        assertEquals(1, client.err().strip().lines().count(), "one line");
    }

    @Test
    void anUnreachableServerIsNamedInAOneLineError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        int exit = client.run("generate", "--target", "127.0.0.1:" + port, "--label", "3", "--timeout", "5", "--out", dir.resolve("x.png").toString());
        assertEquals(ExitCodes.SERVER_ERROR, exit);
        assertTrue(client.err().startsWith("cvae-client: cannot reach the server at 127.0.0.1:" + port), client.err());
        assertEquals(1, client.err().strip().lines().count(), "one line");
    }
}

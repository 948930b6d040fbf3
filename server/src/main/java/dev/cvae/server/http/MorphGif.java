package dev.cvae.server.http;

import dev.cvae.server.inference.Commands;
import dev.cvae.server.inference.EncodedImage;
import dev.cvae.server.inference.ImageFormat;
import dev.cvae.server.inference.InvalidRequestException;
import dev.cvae.server.model.ModelDescriptor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * A morph's frames as one animated GIF that loops forever, written with the JDK's own GIF writer: each frame
 * scaled up by a whole factor (nearest neighbour, so pixels stay sharp) and shown for a fixed time. Frames come as
 * raw float32 images ({@link ImageFormat#RAW_FLOAT32}): one channel becomes gray, three become RGB. Stateless.
 */
final class MorphGif {
    static final int MAX_SCALE = 16;
    /** Pixels of all frames together at most: a GIF takes memory and time in proportion (about 4 s at the limit on two cores). */
    static final long MAX_PIXELS = 64L << 20;

    private MorphGif() {
    }

    /**
     * @param scale   pixels per model pixel on each side, 1..{@link #MAX_SCALE}
     * @param frameMs how long each frame shows (GIF counts hundredths of a second)
     */
    static byte[] write(List<Commands.Frame> frames, int scale, int frameMs) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < frames.size(); i++) {
                BufferedImage image = image(frames.get(i).image(), scale);
                IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), null);
                timing(metadata, frameMs, i == 0);
                writer.writeToSequence(new IIOImage(image, null, metadata), null);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * @throws InvalidRequestException naming {@code scale} when the GIF of this morph at this scale would have more
     *                                 than {@link #MAX_PIXELS} pixels
     */
    static void checkSize(Commands.Interpolate morph, int scale) {
        ModelDescriptor.Image shape = morph.model().image();
        long pixels = (long) morph.steps() * shape.height() * scale * shape.width() * scale;
        if (pixels > MAX_PIXELS) {
            throw new InvalidRequestException("scale", scale + " makes " + morph.steps() + " frames of " + shape.width() * scale + "x"
                    + shape.height() * scale + " (" + pixels + " pixels), expected at most " + MAX_PIXELS + " pixels; ask for fewer frames or a smaller scale");
        }
    }

    private static BufferedImage image(EncodedImage raw, int scale) {
        if (raw.format() != ImageFormat.RAW_FLOAT32) throw new IllegalArgumentException("frames must be raw float32, got " + raw.format());
        int c = raw.channels();
        int h = raw.height();
        int w = raw.width();
        FloatBuffer px = ByteBuffer.wrap(raw.data()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        BufferedImage out = new BufferedImage(w * scale, h * scale, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        int plane = h * w;
        for (int y = 0; y < h * scale; y++) {
            for (int x = 0; x < w * scale; x++) {
                int i = (y / scale) * w + x / scale;
                if (c == 1) {
                    out.getRaster().setSample(x, y, 0, toByte(px.get(i)));
                } else {
                    out.setRGB(x, y, toByte(px.get(i)) << 16 | toByte(px.get(plane + i)) << 8 | toByte(px.get(2 * plane + i)));
                }
            }
        }
        return out;
    }

    private static int toByte(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255f)));
    }

    /** The frame's delay; the first frame also carries the loop-forever extension (NETSCAPE2.0). */
    private static void timing(IIOMetadata metadata, int frameMs, boolean first) throws IOException {
        String format = metadata.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(Math.max(1, frameMs / 10)));
        control.setAttribute("transparentColorIndex", "0");
        if (first) {
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[] {1, 0, 0}); // sub-block 1: loop count 0 = forever
            child(root, "ApplicationExtensions").appendChild(app);
        }
        metadata.setFromTree(format, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) return (IIOMetadataNode) root.item(i);
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}

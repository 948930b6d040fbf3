package dev.cvae.client;

import dev.cvae.api.v1.ImageFormat;
import dev.cvae.api.v1.InterpolateFrame;
import dev.cvae.api.v1.InterpolateRequest;
import dev.cvae.api.v1.ModelInfo;
import dev.cvae.api.v1.PathKind;
import java.awt.image.BufferedImage;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cvae-client interpolate}: frames along a latent path between two endpoints, printed as they stream in
 * and written as an animated GIF and a PNG strip.
 */
@Command(name = "interpolate", mixinStandardHelpOptions = true,
        description = "Morph between two endpoints (LABEL:seed=N, LABEL:image=FILE.png or LABEL:z=v1,v2,...).")
public final class InterpolateCommand extends ClientCommand {
    /** A GIF frame's delay is an unsigned 16-bit count of centiseconds. */
    private static final Duration MAX_FRAME_TIME = Duration.ofMillis(655_350);

    @Option(names = "--from", required = true, paramLabel = "ENDPOINT", description = "Start, e.g. 3:seed=1.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "ENDPOINT", description = "End, e.g. 8:seed=2.")
    String to;

    @Option(names = "--steps", defaultValue = "32", description = "Frames, both ends included (default 32).")
    int steps;

    @Option(names = "--slerp", description = "Spherical instead of linear interpolation.")
    boolean slerp;

    @Option(names = "--out", required = true, paramLabel = "FILE.gif", description = "The animated GIF.")
    File out;

    @Option(names = "--strip", paramLabel = "FILE.png", description = "The PNG strip of all frames (default: --out with .png).")
    File strip;

    @Option(names = "--scale", defaultValue = "3", description = "Upscale factor (default 3).")
    int scale;

    @Option(names = "--delay", defaultValue = "80ms", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Time per GIF frame, e.g. 80ms, 0.5s; at most 655s (default 80ms).")
    Duration delay;

    /** What --delay was before durations had units; still accepted. */
    @Option(names = "--delay-ms", hidden = true, description = "Time per GIF frame in milliseconds (use --delay).")
    Integer delayMillis;

    @Override
    public Integer call() throws Exception {
        CommandLine cli = cli();
        if (steps < 2) throw new CommandLine.ParameterException(cli, "--steps must be >= 2, got " + steps);
        if (scale < 1) throw new CommandLine.ParameterException(cli, "--scale must be >= 1, got " + scale);
        Duration frameTime = delayMillis != null ? Duration.ofMillis(delayMillis) : delay;
        if (frameTime.isNegative() || frameTime.compareTo(MAX_FRAME_TIME) > 0) {
            throw new CommandLine.ParameterException(cli, (delayMillis != null ? "--delay-ms" : "--delay")
                    + " must be 0 to 655s (what a GIF frame can hold), got " + DurationConverter.format(frameTime));
        }
        EndpointSpec start = EndpointSpec.parse("--from", from, cli);
        EndpointSpec end = EndpointSpec.parse("--to", to, cli);
        File stripFile = strip != null ? strip : new File(out.getPath().replaceFirst("\\.gif$", "") + ".png");
        try (ServerSession session = connect()) {
            ModelInfo model = session.model();
            Iterator<InterpolateFrame> frames = session.blocking().interpolate(InterpolateRequest.newBuilder()
                    .setModel(model.getName())
                    .setStart(start.toEndpoint(model, "--from", cli)).setEnd(end.toEndpoint(model, "--to", cli))
                    .setSteps(steps).setPath(slerp ? PathKind.PATH_KIND_SPHERICAL : PathKind.PATH_KIND_LINEAR)
                    .setFormat(ImageFormat.IMAGE_FORMAT_RAW_FLOAT32).build());
            List<BufferedImage> pictures = new ArrayList<>();
            List<Map<String, Object>> records = new ArrayList<>();
            while (frames.hasNext()) {
                InterpolateFrame f = frames.next();
                pictures.add(ImageGrid.tile(List.of(Images.picture(Images.floats(f.getImage().getData()), model.getImageShape())), 1, scale));
                if (json()) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("index", f.getIndex());
                    r.put("t", f.getT());
                    r.put("latent", f.getLatentList());
                    records.add(r);
                } else {
                    cli.getOut().printf("frame %d/%d t=%.3f z=%s%n", f.getIndex() + 1, steps, f.getT(), EncodeCommand.format(f.getLatentList()));
                    cli.getOut().flush();
                }
            }
            GifWriter.write(out.toPath(), pictures, (int) frameTime.toMillis());
            ImageIO.write(ImageGrid.tile(pictures, pictures.size(), 1), "png", stripFile);
            if (json()) {
                JsonOption.print(cli.getOut(), Map.of("model", model.getName(), "frames", records, "gif", out.toString(), "strip", stripFile.toString()));
            } else {
                cli.getOut().printf("wrote %d frames to %s and %s%n", pictures.size(), out, stripFile);
            }
            return ExitCodes.OK;
        }
    }
}

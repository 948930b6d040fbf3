package dev.cvae.server.inference;

/** How images travel: 8-bit PNG, or little-endian float32 values in [0, 1], channel-major. */
public enum ImageFormat {
    PNG,
    RAW_FLOAT32
}

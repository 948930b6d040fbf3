package dev.cvae.trainer.data;

/**
 * How image files (an image folder or the images a CSV manifest lists) become model input: the shape to resize
 * and convert to, what to do with an unreadable image, and the share held out for validation when the data has
 * no test split.
 */
public record FolderOptions(ImageShape shape, ImageFolderDataset.BadImages badImages, double validationFraction) {
    public FolderOptions {
        if (shape == null) throw new IllegalArgumentException("shape must be set");
        if (badImages == null) throw new IllegalArgumentException("badImages must be set");
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be between 0 and 1, got " + validationFraction);
        }
    }
}

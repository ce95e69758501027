package dev.medsec.core.image;

import java.util.Objects;
import java.util.function.Function;

/**
 * Names something several checks derive from the whole image (the kernel configurations it holds, the services
 * it starts...) and how to derive it. Like {@link ViewKey} for one artifact: derived at most once per image and
 * shared by every check that asks, so that ten checks needing the same walk over the image pay for one.
 * Declare each key once, as a constant next to the code that derives it; the value must be immutable.
 */
public final class ImageKey<T> {
    private final String name;
    private final Function<Image, T> derive;

    private ImageKey(String name, Function<Image, T> derive) {
        this.name = Objects.requireNonNull(name);
        this.derive = Objects.requireNonNull(derive);
    }

    public static <T> ImageKey<T> of(String name, Function<Image, T> derive) {
        return new ImageKey<>(name, derive);
    }

    public String name() {
        return name;
    }

    T derive(Image image) {
        return Objects.requireNonNull(derive.apply(image), name);
    }

    @Override
    public String toString() {
        return "ImageKey[" + name + "]";
    }
}

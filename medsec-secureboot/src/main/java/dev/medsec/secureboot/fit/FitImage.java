package dev.medsec.secureboot.fit;

import dev.medsec.core.image.ViewKey;
import dev.medsec.formats.MalformedFormatException;
import dev.medsec.formats.fdt.Fdt;
import dev.medsec.formats.fdt.FdtNode;
import dev.medsec.formats.fdt.FdtProperty;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A U-Boot Flattened Image Tree: an FDT with {@code /images} and {@code /configurations}. Image data is
 * either embedded ({@code data}) or external after the blob ({@code data-offset} relative to the 4-byte
 * aligned end of the blob, or {@code data-position} absolute), always bounds-checked.
 */
public final class FitImage {
    /** Parsed once per artifact; fails for FDTs that are not FIT images. */
    public static final ViewKey<FitImage> VIEW = ViewKey.of("fit", a -> of(a.view(Fdt.VIEW)));

    /** Configuration properties that name images, as U-Boot's FIT_*_PROP names. */
    public static final List<String> IMAGE_REFERENCES = List.of("kernel", "fdt", "ramdisk", "firmware",
            "loadables", "fpga", "setup", "script", "standalone", "tee");

    private final Fdt fdt;
    private final FdtNode images;
    private final FdtNode configurations;

    private FitImage(Fdt fdt, FdtNode images, FdtNode configurations) {
        this.fdt = fdt;
        this.images = images;
        this.configurations = configurations;
    }

    /** True when the tree has the two nodes every FIT has. */
    public static boolean isFit(Fdt fdt) {
        return fdt.root().child("images").isPresent() && fdt.root().child("configurations").isPresent();
    }

    public static FitImage of(Fdt fdt) throws MalformedFormatException {
        Optional<FdtNode> img = fdt.root().child("images");
        Optional<FdtNode> conf = fdt.root().child("configurations");
        if (img.isEmpty() || conf.isEmpty()) {
            throw new MalformedFormatException("not a FIT image: no /images or /configurations node");
        }
        return new FitImage(fdt, img.get(), conf.get());
    }

    public static FitImage parse(ByteBuffer b) throws MalformedFormatException {
        return of(Fdt.parse(b));
    }

    public Fdt fdt() {
        return fdt;
    }

    public List<FdtNode> images() {
        return images.children();
    }

    public Optional<FdtNode> image(String name) {
        return images.child(name);
    }

    public List<FdtNode> configurations() {
        return configurations.children();
    }

    public Optional<String> defaultConfiguration() {
        return configurations.string("default");
    }

    /** Names of the images a configuration uses, in property order ("loadables" may list several). */
    public static List<String> referencedImages(FdtNode config) {
        List<String> out = new ArrayList<>();
        for (String prop : IMAGE_REFERENCES) {
            config.property(prop).ifPresent(p -> {
                for (String s : p.asStringList()) {
                    if (!s.isEmpty() && !out.contains(s)) {
                        out.add(s);
                    }
                }
            });
        }
        return out;
    }

    /** Hash subnodes ("hash", "hash-1", "hash@1") of an image node. */
    public static List<FdtNode> hashNodes(FdtNode image) {
        return image.childrenNamed("hash");
    }

    /** Signature subnodes of an image or configuration node. */
    public static List<FdtNode> signatureNodes(FdtNode node) {
        return node.childrenNamed("signature");
    }

    /** The image's payload, embedded or external, as a read-only view. */
    public ByteBuffer data(FdtNode image) throws MalformedFormatException {
        Optional<FdtProperty> embedded = image.property("data");
        if (embedded.isPresent()) {
            return embedded.get().value();
        }
        OptionalLong size = image.property("data-size").map(FdtProperty::asU64).orElse(OptionalLong.empty());
        OptionalLong offset = image.property("data-offset").map(FdtProperty::asU64).orElse(OptionalLong.empty());
        OptionalLong position = image.property("data-position").map(FdtProperty::asU64).orElse(OptionalLong.empty());
        if (size.isEmpty() || (offset.isEmpty() && position.isEmpty())) {
            throw new MalformedFormatException("FIT image " + image.name() + " has no data, data-offset or data-position");
        }
        long start = position.isPresent()
                ? position.getAsLong()
                : ((fdt.totalSize() + 3L) & ~3L) + offset.getAsLong();
        long len = size.getAsLong();
        ByteBuffer buf = fdt.buffer();
        if (start < 0 || len < 0 || start > buf.capacity() || len > buf.capacity() - start) {
            throw new MalformedFormatException("FIT image " + image.name() + ": external data [" + start + ", +" + len
                    + ") outside the " + buf.capacity() + "-byte file");
        }
        buf.limit((int) (start + len)).position((int) start);
        return buf.slice().asReadOnlyBuffer();
    }
}

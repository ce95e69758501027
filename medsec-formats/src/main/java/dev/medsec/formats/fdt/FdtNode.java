package dev.medsec.formats.fdt;

import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A node of a flattened device tree. Children and properties keep their order in the blob; names are unique
 * among siblings (the parser rejects duplicates, which would let two readers see two different trees).
 *
 * @param name         node name, "" for the root
 * @param path         full path, "/" for the root
 * @param structOffset offset of the FDT_BEGIN_NODE tag relative to the structure block
 */
public record FdtNode(String name, String path, int structOffset, List<FdtProperty> properties,
                      List<FdtNode> children) {

    public FdtNode {
        properties = Collections.unmodifiableList(properties);
        children = Collections.unmodifiableList(children);
    }

    public Optional<FdtProperty> property(String propName) {
        for (FdtProperty p : properties) {
            if (p.name().equals(propName)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public Optional<String> string(String propName) {
        return property(propName).flatMap(FdtProperty::asString);
    }

    public Optional<FdtNode> child(String childName) {
        for (FdtNode c : children) {
            if (c.name().equals(childName)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Children whose name is {@code prefix} or starts with {@code prefix + "-"} or {@code prefix + "@"}. */
    public List<FdtNode> childrenNamed(String prefix) {
        return children.stream().filter(c -> c.name().equals(prefix) || c.name().startsWith(prefix + "-")
                || c.name().startsWith(prefix + "@")).toList();
    }
}

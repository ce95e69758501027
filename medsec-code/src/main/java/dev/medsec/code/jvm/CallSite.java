package dev.medsec.code.jvm;

import java.util.List;

/**
 * One method or constructor invocation in a class, with what the analysis knows of its arguments (the
 * receiver is not included).
 *
 * @param method the calling method as name + descriptor
 * @param offset bytecode offset of the invoke instruction within the method's code, -1 if unknown
 * @param line   source line from the LineNumberTable, -1 when the class has no debug lines
 */
public record CallSite(String owner, String name, String desc, List<Arg> args, String method, int offset, int line) {
    public CallSite {
        args = List.copyOf(args);
    }

    public boolean is(String owner, String name) {
        return this.owner.equals(owner) && this.name.equals(name);
    }

    public Arg arg(int i) {
        return i < args.size() ? args.get(i) : Arg.UNKNOWN;
    }

    /** Dotted calling class-less location, e.g. "encrypt(Ljava/lang/String;)[B". */
    public String where() {
        return method;
    }
}

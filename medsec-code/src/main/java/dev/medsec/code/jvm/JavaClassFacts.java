package dev.medsec.code.jvm;

import dev.medsec.core.image.ViewKey;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the crypto and input checks need to know about one class file, computed once per class and shared:
 * every invocation with its analysed arguments, every lambda, and the shape of each method.
 * Hostile class files fail with one {@link IOException}; methods too large to analyse are skipped and counted.
 */
public final class JavaClassFacts {
    public static final ViewKey<JavaClassFacts> VIEW = ViewKey.of("java-class-facts", a -> parse(a.bytes()));

    /** Class files above this size are not analysed (the largest real ones are a few hundred KiB). */
    static final int MAX_CLASS_BYTES = 8 << 20;
    /** Methods with more instructions or frame slots are skipped: analysis cost is instructions x slots. */
    static final int MAX_METHOD_INSNS = 30_000;
    static final int MAX_FRAME_SLOTS = 2_000;

    private final String className;
    private final String superName;
    private final List<String> interfaces;
    private final List<MethodFacts> methods;
    private final List<CallSite> calls;
    private final List<LambdaSite> lambdas;
    private final int skippedMethods;

    private JavaClassFacts(String className, String superName, List<String> interfaces, List<MethodFacts> methods,
                           List<CallSite> calls, List<LambdaSite> lambdas, int skippedMethods) {
        this.className = className;
        this.superName = superName;
        this.interfaces = List.copyOf(interfaces);
        this.methods = List.copyOf(methods);
        this.calls = List.copyOf(calls);
        this.lambdas = List.copyOf(lambdas);
        this.skippedMethods = skippedMethods;
    }

    public static JavaClassFacts parse(ByteBuffer buffer) throws IOException {
        ByteBuffer buf = buffer.duplicate();
        if (buf.remaining() > MAX_CLASS_BYTES) {
            throw new IOException("class file of " + buf.remaining() + " bytes exceeds the analysis limit");
        }
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        ClassNode node = new ClassNode(Opcodes.ASM9);
        try {
            new ClassReader(bytes).accept(node, 0);
        } catch (RuntimeException e) {
            // ASM reports malformed class files with assorted unchecked exceptions.
            throw new IOException("malformed class file: " + e, e);
        }
        Map<String, int[]> offsets = BytecodeOffsets.read(bytes);
        List<MethodNode> ordered = new ArrayList<>(node.methods);
        // <clinit> first, so that constant static arrays are known when other methods read them.
        ordered.sort(Comparator.comparing(m -> m.name.equals("<clinit>") ? 0 : 1));
        Map<String, Boolean> constantStatics = new HashMap<>();
        List<MethodFacts> methods = new ArrayList<>();
        List<CallSite> calls = new ArrayList<>();
        List<LambdaSite> lambdas = new ArrayList<>();
        int skipped = 0;
        for (MethodNode m : ordered) {
            methods.add(new MethodFacts(m.name, m.desc, m.access, body(m), firstLine(m.instructions)));
            if (m.instructions.size() == 0) {
                continue;
            }
            if (m.instructions.size() > MAX_METHOD_INSNS || m.maxLocals + m.maxStack > MAX_FRAME_SLOTS) {
                skipped++;
                continue;
            }
            if (!analyse(node.name, m, offsets.get(m.name + m.desc), constantStatics, calls, lambdas)) {
                skipped++;
            }
        }
        return new JavaClassFacts(node.name, Optional.ofNullable(node.superName).orElse(""),
                node.interfaces, methods, calls, lambdas, skipped);
    }

    private static boolean analyse(String owner, MethodNode m, int[] offsets, Map<String, Boolean> constantStatics,
                                   List<CallSite> calls, List<LambdaSite> lambdas) {
        ValueInterpreter vi = new ValueInterpreter(m.instructions, owner, constantStatics);
        try {
            new Analyzer<>(vi).analyze(owner, m);
        } catch (AnalyzerException | RuntimeException e) {
            return false;
        }
        InsnList insns = m.instructions;
        int[] realIndex = realInstructionIndexes(insns);
        boolean offsetsMatch = offsets != null && offsets.length == countReal(realIndex);
        String where = m.name + m.desc;
        vi.calls.keySet().stream().sorted().forEach(i -> {
            ValueInterpreter.RawCall rc = vi.calls.get(i);
            List<Arg> args = new ArrayList<>();
            for (JVal v : rc.args()) {
                args.add(resolve(v, vi));
            }
            int off = offsetsMatch ? offsets[realIndex[i]] : -1;
            calls.add(new CallSite(rc.insn().owner, rc.insn().name, rc.insn().desc, args, where, off,
                    lineOf(insns, i)));
        });
        vi.lambdas.keySet().stream().sorted().forEach(i -> {
            InvokeDynamicInsnNode indy = vi.lambdas.get(i).insn();
            if (indy.bsmArgs.length >= 2 && indy.bsmArgs[1] instanceof Handle impl) {
                String iface = Type.getReturnType(indy.desc).getInternalName();
                int off = offsetsMatch ? offsets[realIndex[i]] : -1;
                lambdas.add(new LambdaSite(iface, impl.getOwner(), impl.getName(), impl.getDesc(), where, off,
                        lineOf(insns, i)));
            }
        });
        if (m.name.equals("<clinit>")) {
            vi.staticArrayFields.forEach((field, site) -> constantStatics.put(field,
                    !vi.escaped.contains(site) && !vi.variableStores.contains(site) && !vi.randomFilled.contains(site)
                            && vi.constStores.contains(site)));
        }
        return true;
    }

    private static Arg resolve(JVal v, ValueInterpreter vi) {
        switch (v.kind()) {
            case STRING:
                return new Arg(Arg.Kind.STRING, Optional.of(v.constant()));
            case INT:
                return new Arg(Arg.Kind.INT, Optional.of(v.constant()));
            case LONG:
                return new Arg(Arg.Kind.LONG, Optional.of(v.constant()));
            case NULL:
                return new Arg(Arg.Kind.NULL, Optional.empty());
            case CONST_BYTES:
                return new Arg(Arg.Kind.CONSTANT_ARRAY, Optional.empty());
            case DYNAMIC_STRING:
                return new Arg(Arg.Kind.DYNAMIC_STRING, Optional.empty());
            case BUILT_STRING:
                return vi.dynamicBuilders.contains(v.site()) ? new Arg(Arg.Kind.DYNAMIC_STRING, Optional.empty())
                        : Arg.UNKNOWN;
            case ARRAY: {
                int site = v.site();
                if (vi.randomFilled.contains(site)) {
                    return new Arg(Arg.Kind.RANDOM_ARRAY, Optional.empty());
                }
                if (vi.escaped.contains(site) || vi.variableStores.contains(site)) {
                    return Arg.UNKNOWN;
                }
                return new Arg(vi.constStores.contains(site) ? Arg.Kind.CONSTANT_ARRAY : Arg.Kind.ZERO_ARRAY,
                        Optional.empty());
            }
            default:
                return Arg.UNKNOWN;
        }
    }

    private static int[] realInstructionIndexes(InsnList insns) {
        int[] out = new int[insns.size()];
        int n = 0;
        for (int i = 0; i < insns.size(); i++) {
            out[i] = insns.get(i).getOpcode() >= 0 ? n++ : -1;
        }
        return out;
    }

    private static int countReal(int[] realIndex) {
        int max = -1;
        for (int r : realIndex) {
            max = Math.max(max, r);
        }
        return max + 1;
    }

    private static int lineOf(InsnList insns, int index) {
        for (int i = index; i >= 0; i--) {
            if (insns.get(i) instanceof LineNumberNode ln) {
                return ln.line;
            }
        }
        return -1;
    }

    private static int firstLine(InsnList insns) {
        for (AbstractInsnNode n : insns) {
            if (n instanceof LineNumberNode ln) {
                return ln.line;
            }
        }
        return -1;
    }

    private static MethodFacts.Body body(MethodNode m) {
        List<Integer> ops = new ArrayList<>();
        for (AbstractInsnNode n : m.instructions) {
            if (n.getOpcode() >= 0) {
                ops.add(n.getOpcode());
                if (ops.size() > 2) {
                    return MethodFacts.Body.OTHER;
                }
            }
        }
        if (ops.isEmpty()) {
            return MethodFacts.Body.NONE;
        }
        if (ops.equals(List.of(Opcodes.RETURN))) {
            return MethodFacts.Body.EMPTY;
        }
        if (ops.equals(List.of(Opcodes.ICONST_1, Opcodes.IRETURN))) {
            return MethodFacts.Body.RETURNS_TRUE;
        }
        return MethodFacts.Body.OTHER;
    }

    /** Internal name, e.g. "com/acme/Crypto". */
    public String className() {
        return className;
    }

    public String javaName() {
        return className.replace('/', '.');
    }

    public String superName() {
        return superName;
    }

    public List<String> interfaces() {
        return interfaces;
    }

    public List<MethodFacts> methods() {
        return methods;
    }

    public Optional<MethodFacts> method(String name, String desc) {
        return methods.stream().filter(m -> m.name().equals(name) && m.desc().equals(desc)).findFirst();
    }

    public List<CallSite> calls() {
        return calls;
    }

    public List<LambdaSite> lambdas() {
        return lambdas;
    }

    /** Methods not analysed because of their size or because the verifier-style analysis rejected them. */
    public int skippedMethods() {
        return skippedMethods;
    }
}

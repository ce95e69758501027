package dev.medsec.code.jvm;

import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.analysis.Interpreter;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small value interpreter for ASM's {@link org.objectweb.asm.tree.analysis.Analyzer}: it tracks constants,
 * arrays by allocation site, string builders, and records every invocation with its argument values.
 *
 * <p>The analyzer may execute an instruction several times until its frames reach a fixpoint; per-instruction
 * records are therefore keyed by instruction index and overwritten, so the last (merged) state wins. Facts
 * about allocation sites (a store, a random fill, an escape) are flow-insensitive within the method: an array
 * that is filled from SecureRandom anywhere in the method counts as random — this errs towards silence.
 */
final class ValueInterpreter extends Interpreter<JVal> {
    /** Calls that read an array but never fill it: passing an IV array to them is not an escape. */
    private static final Set<String> READ_ONLY_SINKS = Set.of(
            "javax/crypto/spec/IvParameterSpec.<init>", "javax/crypto/spec/GCMParameterSpec.<init>",
            "javax/crypto/spec/SecretKeySpec.<init>", "javax/crypto/spec/PBEKeySpec.<init>",
            "javax/crypto/spec/PBEParameterSpec.<init>", "javax/crypto/spec/ChaCha20ParameterSpec.<init>",
            "java/security/SecureRandom.<init>", "java/security/SecureRandom.setSeed",
            "java/util/Arrays.toString", "java/util/Arrays.equals", "java/util/Arrays.hashCode",
            "java/lang/String.<init>", "java/lang/String.valueOf", "java/lang/String.copyValueOf",
            "java/security/MessageDigest.update", "java/security/MessageDigest.digest",
            "javax/crypto/Mac.update", "javax/crypto/Mac.doFinal");

    record RawCall(MethodInsnNode insn, List<JVal> args) {
    }

    record RawLambda(InvokeDynamicInsnNode insn) {
    }

    private final InsnList insns;
    private final String className;
    private final Map<String, Boolean> constantStaticArrays;
    final Map<Integer, RawCall> calls = new HashMap<>();
    final Map<Integer, RawLambda> lambdas = new HashMap<>();
    final Set<Integer> constStores = new HashSet<>();
    final Set<Integer> variableStores = new HashSet<>();
    final Set<Integer> randomFilled = new HashSet<>();
    final Set<Integer> escaped = new HashSet<>();
    final Set<Integer> dynamicBuilders = new HashSet<>();
    /** Static fields of this class assigned an array allocated at a site (used when analysing {@code <clinit>}). */
    final Map<String, Integer> staticArrayFields = new HashMap<>();

    ValueInterpreter(InsnList insns, String className, Map<String, Boolean> constantStaticArrays) {
        super(Opcodes.ASM9);
        this.insns = insns;
        this.className = className;
        this.constantStaticArrays = constantStaticArrays;
    }

    private int index(AbstractInsnNode insn) {
        return insns.indexOf(insn);
    }

    @Override
    public JVal newValue(Type type) {
        if (type == null) {
            return JVal.UNINIT;
        }
        if (type == Type.VOID_TYPE) {
            return null;
        }
        return JVal.unknown(type.getSize());
    }

    @Override
    public JVal newOperation(AbstractInsnNode insn) {
        switch (insn.getOpcode()) {
            case Opcodes.ACONST_NULL:
                return JVal.of(JVal.Kind.NULL, null, -1);
            case Opcodes.ICONST_M1: case Opcodes.ICONST_0: case Opcodes.ICONST_1: case Opcodes.ICONST_2:
            case Opcodes.ICONST_3: case Opcodes.ICONST_4: case Opcodes.ICONST_5:
                return JVal.of(JVal.Kind.INT, insn.getOpcode() - Opcodes.ICONST_0, -1);
            case Opcodes.LCONST_0: case Opcodes.LCONST_1:
                return JVal.of(JVal.Kind.LONG, (long) (insn.getOpcode() - Opcodes.LCONST_0), -1);
            case Opcodes.FCONST_0: case Opcodes.FCONST_1: case Opcodes.FCONST_2:
                return JVal.UNKNOWN1;
            case Opcodes.DCONST_0: case Opcodes.DCONST_1:
                return JVal.UNKNOWN2;
            case Opcodes.BIPUSH: case Opcodes.SIPUSH:
                return JVal.of(JVal.Kind.INT, ((IntInsnNode) insn).operand, -1);
            case Opcodes.LDC:
                return ldc(((LdcInsnNode) insn).cst);
            case Opcodes.GETSTATIC: {
                FieldInsnNode f = (FieldInsnNode) insn;
                if (f.owner.equals(className) && Boolean.TRUE.equals(constantStaticArrays.get(f.name))) {
                    return JVal.of(JVal.Kind.CONST_BYTES, null, -1);
                }
                return JVal.unknown(Type.getType(f.desc).getSize());
            }
            case Opcodes.NEW: {
                String type = ((org.objectweb.asm.tree.TypeInsnNode) insn).desc;
                if (type.equals("java/lang/StringBuilder") || type.equals("java/lang/StringBuffer")) {
                    return JVal.of(JVal.Kind.BUILDER, null, index(insn));
                }
                return JVal.UNKNOWN1;
            }
            default:
                return JVal.UNKNOWN1;
        }
    }

    private static JVal ldc(Object cst) {
        if (cst instanceof String s) {
            return JVal.of(JVal.Kind.STRING, s, -1);
        }
        if (cst instanceof Integer i) {
            return JVal.of(JVal.Kind.INT, i, -1);
        }
        if (cst instanceof Long l) {
            return JVal.of(JVal.Kind.LONG, l, -1);
        }
        if (cst instanceof Double) {
            return JVal.UNKNOWN2;
        }
        return JVal.UNKNOWN1;
    }

    @Override
    public JVal copyOperation(AbstractInsnNode insn, JVal value) {
        return value;
    }

    @Override
    public JVal unaryOperation(AbstractInsnNode insn, JVal value) {
        switch (insn.getOpcode()) {
            case Opcodes.NEWARRAY: case Opcodes.ANEWARRAY:
                return JVal.of(JVal.Kind.ARRAY, null, index(insn));
            case Opcodes.I2B: case Opcodes.I2C: case Opcodes.I2S:
                return value.kind() == JVal.Kind.INT ? value : JVal.UNKNOWN1;
            case Opcodes.INEG:
                return value.kind() == JVal.Kind.INT ? JVal.of(JVal.Kind.INT, -(Integer) value.constant(), -1) : JVal.UNKNOWN1;
            case Opcodes.I2L:
                return value.kind() == JVal.Kind.INT ? JVal.of(JVal.Kind.LONG, (long) (Integer) value.constant(), -1) : JVal.UNKNOWN2;
            case Opcodes.L2I:
                return value.kind() == JVal.Kind.LONG ? JVal.of(JVal.Kind.INT, (int) (long) (Long) value.constant(), -1) : JVal.UNKNOWN1;
            case Opcodes.CHECKCAST:
                return value;
            case Opcodes.PUTSTATIC: {
                FieldInsnNode f = (FieldInsnNode) insn;
                if (value.kind() == JVal.Kind.ARRAY && f.owner.equals(className)) {
                    staticArrayFields.put(f.name, value.site());
                } else {
                    escape(value);
                }
                return null;
            }
            case Opcodes.ARETURN: case Opcodes.ATHROW:
                escape(value);
                return null;
            case Opcodes.GETFIELD:
                return JVal.unknown(Type.getType(((FieldInsnNode) insn).desc).getSize());
            case Opcodes.LNEG: case Opcodes.D2L: case Opcodes.F2L: case Opcodes.F2D: case Opcodes.DNEG: case Opcodes.I2D:
            case Opcodes.L2D:
                return JVal.UNKNOWN2;
            case Opcodes.IFEQ: case Opcodes.IFNE: case Opcodes.IFLT: case Opcodes.IFGE: case Opcodes.IFGT: case Opcodes.IFLE:
            case Opcodes.TABLESWITCH: case Opcodes.LOOKUPSWITCH: case Opcodes.IRETURN: case Opcodes.LRETURN:
            case Opcodes.FRETURN: case Opcodes.DRETURN: case Opcodes.IFNULL: case Opcodes.IFNONNULL:
            case Opcodes.MONITORENTER: case Opcodes.MONITOREXIT:
                return null;
            default:
                return JVal.unknown(1);
        }
    }

    private void escape(JVal v) {
        if (v != null && (v.kind() == JVal.Kind.ARRAY || v.kind() == JVal.Kind.BUILDER) && v.site() >= 0) {
            escaped.add(v.site());
        }
    }

    @Override
    public JVal binaryOperation(AbstractInsnNode insn, JVal a, JVal b) {
        switch (insn.getOpcode()) {
            case Opcodes.LALOAD: case Opcodes.DALOAD: case Opcodes.LADD: case Opcodes.LSUB: case Opcodes.LMUL:
            case Opcodes.LDIV: case Opcodes.LREM: case Opcodes.LSHL: case Opcodes.LSHR: case Opcodes.LUSHR:
            case Opcodes.LAND: case Opcodes.LOR: case Opcodes.LXOR: case Opcodes.DADD: case Opcodes.DSUB:
            case Opcodes.DMUL: case Opcodes.DDIV: case Opcodes.DREM:
                return JVal.UNKNOWN2;
            case Opcodes.PUTFIELD:
                escape(b);
                return null;
            case Opcodes.IF_ICMPEQ: case Opcodes.IF_ICMPNE: case Opcodes.IF_ICMPLT: case Opcodes.IF_ICMPGE:
            case Opcodes.IF_ICMPGT: case Opcodes.IF_ICMPLE: case Opcodes.IF_ACMPEQ: case Opcodes.IF_ACMPNE:
                return null;
            case Opcodes.IXOR: case Opcodes.IADD: case Opcodes.IOR: case Opcodes.IAND:
                if (a.kind() == JVal.Kind.INT && b.kind() == JVal.Kind.INT) {
                    int x = (Integer) a.constant();
                    int y = (Integer) b.constant();
                    int r = switch (insn.getOpcode()) {
                        case Opcodes.IXOR -> x ^ y;
                        case Opcodes.IADD -> x + y;
                        case Opcodes.IOR -> x | y;
                        default -> x & y;
                    };
                    return JVal.of(JVal.Kind.INT, r, -1);
                }
                return JVal.UNKNOWN1;
            default:
                return JVal.UNKNOWN1;
        }
    }

    @Override
    public JVal ternaryOperation(AbstractInsnNode insn, JVal array, JVal index, JVal value) {
        if (array.kind() == JVal.Kind.ARRAY) {
            if (insn.getOpcode() == Opcodes.AASTORE || !value.isConstantScalar()) {
                variableStores.add(array.site());
            } else {
                constStores.add(array.site());
            }
        }
        escape(value);
        return null;
    }

    @Override
    public JVal naryOperation(AbstractInsnNode insn, List<? extends JVal> values) {
        int op = insn.getOpcode();
        if (op == Opcodes.MULTIANEWARRAY) {
            return JVal.of(JVal.Kind.ARRAY, null, index(insn));
        }
        if (op == Opcodes.INVOKEDYNAMIC) {
            return invokeDynamic((InvokeDynamicInsnNode) insn, values);
        }
        MethodInsnNode m = (MethodInsnNode) insn;
        boolean hasReceiver = op != Opcodes.INVOKESTATIC;
        List<JVal> args = List.copyOf(values.subList(hasReceiver ? 1 : 0, values.size()));
        calls.put(index(insn), new RawCall(m, args));
        JVal receiver = hasReceiver ? values.get(0) : null;
        String key = m.owner + "." + m.name;
        boolean randomFill = m.name.equals("nextBytes") && m.owner.equals("java/security/SecureRandom");
        for (JVal v : args) {
            if (v.kind() == JVal.Kind.ARRAY) {
                if (randomFill) {
                    randomFilled.add(v.site());
                } else if (!READ_ONLY_SINKS.contains(key)) {
                    escaped.add(v.site());
                }
            } else if (v.kind() == JVal.Kind.BUILDER && !isBuilder(m.owner)) {
                escaped.add(v.site());
            }
        }
        Type ret = Type.getReturnType(m.desc);
        if (receiver != null && receiver.kind() == JVal.Kind.BUILDER && isBuilder(m.owner)) {
            if (m.name.equals("append") || m.name.equals("insert") || m.name.equals("<init>")) {
                for (JVal v : args) {
                    if (!v.isConstantScalar()) {
                        dynamicBuilders.add(receiver.site());
                    }
                }
                return m.name.equals("<init>") ? null : receiver;
            }
            if (m.name.equals("toString")) {
                return JVal.of(JVal.Kind.BUILT_STRING, null, receiver.site());
            }
        }
        if (receiver != null && receiver.kind() == JVal.Kind.STRING && m.owner.equals("java/lang/String")) {
            if (m.name.equals("getBytes") || m.name.equals("toCharArray")) {
                return JVal.of(JVal.Kind.CONST_BYTES, null, -1);
            }
            if (m.name.equals("concat")) {
                return args.get(0).kind() == JVal.Kind.STRING
                        ? JVal.of(JVal.Kind.STRING, receiver.constant() + (String) args.get(0).constant(), -1)
                        : JVal.of(JVal.Kind.DYNAMIC_STRING, null, -1);
            }
        }
        if (m.owner.equals("java/lang/String") && (m.name.equals("format") || m.name.equals("join"))) {
            return JVal.of(JVal.Kind.DYNAMIC_STRING, null, -1);
        }
        if (isConstantDecode(m) && !args.isEmpty() && args.get(0).kind() == JVal.Kind.STRING) {
            return JVal.of(JVal.Kind.CONST_BYTES, null, -1);
        }
        if (ret == Type.VOID_TYPE) {
            return null;
        }
        return JVal.unknown(ret.getSize());
    }

    private static boolean isBuilder(String owner) {
        return owner.equals("java/lang/StringBuilder") || owner.equals("java/lang/StringBuffer");
    }

    /** Decoders that turn a literal string into literal bytes (hex, Base64). */
    private static boolean isConstantDecode(MethodInsnNode m) {
        return (m.name.equals("decode") || m.name.equals("decodeHex") || m.name.equals("parseHex")
                || m.name.equals("parseBase64Binary") || m.name.equals("parseHexBinary"))
                && (m.owner.equals("java/util/Base64$Decoder") || m.owner.equals("java/util/HexFormat")
                || m.owner.startsWith("org/bouncycastle/util/encoders/") || m.owner.startsWith("org/apache/commons/codec/")
                || m.owner.equals("javax/xml/bind/DatatypeConverter"));
    }

    private JVal invokeDynamic(InvokeDynamicInsnNode indy, List<? extends JVal> values) {
        Handle bsm = indy.bsm;
        Type ret = Type.getReturnType(indy.desc);
        for (JVal v : values) {
            escape(v);
        }
        if (bsm.getOwner().equals("java/lang/invoke/LambdaMetafactory")) {
            lambdas.put(index(indy), new RawLambda(indy));
        }
        if (bsm.getOwner().equals("java/lang/invoke/StringConcatFactory")) {
            boolean constant = values.stream().allMatch(JVal::isConstantScalar);
            return constant ? JVal.UNKNOWN1 : JVal.of(JVal.Kind.DYNAMIC_STRING, null, -1);
        }
        return ret == Type.VOID_TYPE ? null : JVal.unknown(ret.getSize());
    }

    @Override
    public void returnOperation(AbstractInsnNode insn, JVal value, JVal expected) {
        escape(value);
    }

    @Override
    public JVal merge(JVal a, JVal b) {
        if (a.equals(b)) {
            return a;
        }
        // Two different string builders or arrays reaching one use: keep neither identity.
        return JVal.unknown(Math.min(a.size(), b.size()));
    }
}

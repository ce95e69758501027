package dev.medsec.elf;

/** Reads (or skips) one attribute value by its DWARF form. */
final class Form {
    enum Kind { NUMBER, INLINE_STRING, STRP, LINE_STRP, STRX, OTHER }

    record Value(Kind kind, long number, String text) {
    }

    record Context(int offsetSize, int addressSize, int version) {
    }

    private static final Value OTHER = new Value(Kind.OTHER, 0, "");

    private Form() {
    }

    static Value read(DwarfUnits.Cursor c, int form, long implicitConst, Context ctx) throws ElfFormatException {
        return read(c, form, implicitConst, ctx, 0);
    }

    private static Value read(DwarfUnits.Cursor c, int form, long implicitConst, Context ctx, int depth)
            throws ElfFormatException {
        switch (form) {
            case 0x01: // addr
                c.skip(ctx.addressSize());
                return OTHER;
            case 0x03: // block2
                c.skip(c.u16());
                return OTHER;
            case 0x04: // block4
                c.skip(c.u32());
                return OTHER;
            case 0x05: // data2
                return num(c.u16());
            case 0x06: // data4
                return num(c.u32());
            case 0x07: // data8
                return num(c.u64());
            case 0x08: // string
                return new Value(Kind.INLINE_STRING, 0, c.cstring());
            case 0x09: // block
            case 0x18: // exprloc
                c.skip(c.uleb());
                return OTHER;
            case 0x0a: // block1
                c.skip(c.u8());
                return OTHER;
            case 0x0b: // data1
            case 0x0c: // flag
            case 0x11: // ref1
                return num(c.u8());
            case 0x0d: // sdata
                return num(c.sleb());
            case 0x0e: // strp
                return new Value(Kind.STRP, c.offset(ctx.offsetSize()), "");
            case 0x0f: // udata
            case 0x15: // ref_udata
            case 0x1b: // addrx
            case 0x22: // loclistx
            case 0x23: // rnglistx
            case 0x1f01: // GNU_addr_index
                return num(c.uleb());
            case 0x10: // ref_addr: address-sized in DWARF 2, offset-sized later
                c.skip(ctx.version() == 2 ? ctx.addressSize() : ctx.offsetSize());
                return OTHER;
            case 0x12: // ref2
                return num(c.u16());
            case 0x13: // ref4
            case 0x1c: // ref_sup4
                return num(c.u32());
            case 0x14: // ref8
            case 0x20: // ref_sig8
            case 0x24: // ref_sup8
                return num(c.u64());
            case 0x16: // indirect
                if (depth > 4) {
                    throw new ElfFormatException("DW_FORM_indirect nested too deeply");
                }
                return read(c, (int) c.uleb(), implicitConst, ctx, depth + 1);
            case 0x17: // sec_offset
            case 0x1d: // strp_sup
            case 0x1f20: // GNU_ref_alt
            case 0x1f21: // GNU_strp_alt
                return num(c.offset(ctx.offsetSize()));
            case 0x19: // flag_present
                return num(1);
            case 0x1a: // strx
            case 0x1f02: // GNU_str_index
                return new Value(Kind.STRX, c.uleb(), "");
            case 0x1e: // data16
                c.skip(16);
                return OTHER;
            case 0x1f: // line_strp
                return new Value(Kind.LINE_STRP, c.offset(ctx.offsetSize()), "");
            case 0x21: // implicit_const
                return num(implicitConst);
            case 0x25: // strx1
                return new Value(Kind.STRX, c.u8(), "");
            case 0x26: // strx2
                return new Value(Kind.STRX, c.u16(), "");
            case 0x27: // strx3
                return new Value(Kind.STRX, c.u16() | ((long) c.u8() << 16), "");
            case 0x28: // strx4
                return new Value(Kind.STRX, c.u32(), "");
            case 0x29: // addrx1
                return num(c.u8());
            case 0x2a: // addrx2
                return num(c.u16());
            case 0x2b: // addrx3
                c.skip(3);
                return OTHER;
            case 0x2c: // addrx4
                return num(c.u32());
            default:
                throw new ElfFormatException("unknown DWARF form 0x" + Integer.toHexString(form));
        }
    }

    private static Value num(long v) {
        return new Value(Kind.NUMBER, v, "");
    }
}

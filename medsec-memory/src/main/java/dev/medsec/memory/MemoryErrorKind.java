package dev.medsec.memory;

/** What went wrong, in the vocabulary shared by Valgrind and the sanitizers. */
public enum MemoryErrorKind {
    LEAK_DEFINITE("definitely lost"),
    LEAK_INDIRECT("indirectly lost"),
    LEAK_POSSIBLE("possibly lost"),
    STILL_REACHABLE("still reachable at exit"),
    INVALID_READ("invalid read"),
    INVALID_WRITE("invalid write"),
    USE_AFTER_FREE("use after free"),
    DOUBLE_FREE("double free"),
    INVALID_FREE("invalid free"),
    MISMATCHED_FREE("mismatched allocation and deallocation"),
    UNINITIALISED_VALUE("use of an uninitialised value"),
    UNINITIALISED_CONDITION("jump or move depends on an uninitialised value"),
    OVERLAP("overlapping source and destination"),
    FISHY_ARGUMENT("fishy argument to an allocation function"),
    UNDEFINED_BEHAVIOUR("undefined behaviour"),
    OTHER("memory error");

    private final String description;

    MemoryErrorKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public boolean isLeak() {
        return this == LEAK_DEFINITE || this == LEAK_INDIRECT || this == LEAK_POSSIBLE || this == STILL_REACHABLE;
    }
}

package dev.medsec.code.jvm;

/**
 * An invokedynamic through LambdaMetafactory: a lambda or method reference implementing {@code iface}
 * (internal name) by {@code implOwner.implName implDesc}.
 */
public record LambdaSite(String iface, String implOwner, String implName, String implDesc, String method, int offset,
                         int line) {
}

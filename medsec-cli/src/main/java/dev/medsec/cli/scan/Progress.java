package dev.medsec.cli.scan;

/** Reports the scan's progress; the console implementation draws a bar on a terminal. */
public interface Progress {
    void stage(String name, long total);

    void advance();

    void done();

    static Progress silent() {
        return new Progress() {
            @Override
            public void stage(String name, long total) {
            }

            @Override
            public void advance() {
            }

            @Override
            public void done() {
            }
        };
    }
}

package dev.medsec.cli.scan;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PriorityPoolTest {
    @Test
    void submit_laterHigherRankedTask_runsBeforeQueuedFileTasksWhichKeepTheirOrder() throws Exception {
        PriorityPool pool = new PriorityPool(1, Thread::new);
        try {
            CountDownLatch release = new CountDownLatch(1);
            List<String> ran = new CopyOnWriteArrayList<>();
            pool.submit(PriorityPool.FILE, () -> {
                release.await();
                return null;
            });
            for (int i = 0; i < 5; i++) {
                String name = "file" + i;
                pool.submit(PriorityPool.FILE, () -> ran.add(name));
            }
            pool.submit(PriorityPool.IMAGE_CHECK, () -> ran.add("image"));
            Future<?> unranked = pool.submit(() -> ran.add("unranked"));
            pool.submit(PriorityPool.CATALOG, () -> ran.add("catalog"));
            release.countDown();
            unranked.get(10, TimeUnit.SECONDS);
            assertThat(ran).containsExactly("catalog", "image", "file0", "file1", "file2", "file3", "file4", "unranked");
        } finally {
            pool.shutdownNow();
        }
    }
}

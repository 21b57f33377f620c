package io.github.aipc4j.ort;

import io.github.aipc4j.core.ElementType;
import io.github.aipc4j.onnx.ElemType;
import io.github.aipc4j.testing.onnx.TestModels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Run in a fresh JVM by {@link EnvironmentTest}: ONNX Runtime keeps one environment per process, so an
 * environment with global thread pools and verbose logging needs a process of its own.
 */
public final class EnvironmentMain {
    private EnvironmentMain() {
    }

    public static void main(String[] args) {
        List<String> messages = new ArrayList<>();
        Logger jul = Logger.getLogger("io.github.aipc4j.ort");
        jul.setLevel(Level.ALL);
        jul.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (messages) {
                    messages.add(record.getLevel() + " " + record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        try (Environment env = Environment.create("env-test", LoggingLevel.VERBOSE, 2, 1);
             SessionOptions options = SessionOptions.create().useGlobalThreadPools();
             Session session = Session.create(env, TestModels.add(ElemType.FLOAT).toBytes(), options);
             Tensor a = Tensor.allocate(ElementType.FLOAT32, 1, 1)) {
            a.setFloat(0, 20f);
            try (Outputs out = session.run(Map.of("a", a, "b", a))) {
                System.out.println("result=" + out.get("c").getFloat(0));
            }
        }
        synchronized (messages) {
            System.out.println("logged=" + messages.size());
            messages.stream().filter(m -> m.contains("[env-test]")).findFirst()
                    .ifPresent(m -> System.out.println("example=" + m));
        }
    }
}

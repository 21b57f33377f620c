package io.github.aipc4j.genai;

import io.github.aipc4j.testing.Processes;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM started with a long command line (as {@code java -cp <many jars>} makes) loads a GenAI model: GenAI's model
 * creation runs a recursive regex over a string as long as the command line, which overflowed a Java thread's 1 MB
 * stack and killed the JVM with SIGSEGV before {@link LargeStack}.
 */
class LongCommandLineTest {
    @Test
    void modelLoadsUnderAFourKilobyteCommandLine() throws Exception {
        String padding = "/nonexistent/padding/entry".repeat(200);
        Processes.Result r = Processes.java(Main.class, List.of("-Daipc4j.test.padding=" + padding), Map.of(),
                TinyPhi3.FOLDER.toString());
        assertEquals(0, r.exitCode(), "exit " + r.exitCode() + " (139 = SIGSEGV)\n" + r.all());
        assertTrue(r.stdout().contains("loaded phi3"), r.all());
    }

    /** Loads the model folder named by the argument and says so. */
    public static final class Main {
        public static void main(String[] args) {
            try (Model model = Model.load(Path.of(args[0]))) {
                System.out.println("loaded " + model.type());
            }
        }
    }
}

package io.github.aipc4j.cli;

import io.github.aipc4j.modelfactory.Phi3Config;
import io.github.aipc4j.modelfactory.Phi3ModelFolder;
import io.github.aipc4j.modelfactory.Phi3Weights;
import io.github.aipc4j.testing.Pins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code aipc4j chat} in a real terminal (tmux): two turns, the second reusing the first's KV cache, then
 * {@code /reset} and {@code /exit}. The CLI runs in its own JVM with this JVM's class path.
 */
class ChatInTerminalTest {
    static final String SERVER = "aipc4j-test-" + ProcessHandle.current().pid();
    static final Pattern METRICS = Pattern.compile("\\[ort/cpu] (\\d+) prompt tokens \\((\\d+) cached\\), (\\d+) generated");

    @AfterEach
    void killServer() throws Exception {
        tmux("kill-server");
    }

    /** Starts {@code aipc4j chat} on {@code config}'s model in a tmux session named "chat". */
    static void startChat(Path dir, Phi3Config config, int maxNewTokens) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/tmux"))) {
            fail("tmux is needed to drive the chat in a terminal: apt-get install tmux (.ci/run installs it)");
        }
        Path model = Phi3ModelFolder.write(dir.resolve("model"), Phi3Weights.generate(config),
                Pins.ROOT.resolve("native/tokenizers/phi3"));
        Path script = dir.resolve("chat.sh");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(script, "#!/bin/sh\ncd '" + Pins.ROOT + "'\nexec '" + java + "' --enable-native-access=ALL-UNNAMED"
                + " -cp '" + System.getProperty("java.class.path") + "' " + Main.class.getName()
                + " chat --model '" + model + "' --engine ort --max-new-tokens " + maxNewTokens + "\n");
        script.toFile().setExecutable(true);
        tmux("new-session", "-d", "-s", "chat", "-x", "220", "-y", "60", script.toString());
        waitFor("chat: /reset", 60);
    }

    @Test
    void ctrlCStopsTheAnswerNotTheProgram(@TempDir Path dir) throws Exception {
        Phi3Config t = Phi3Config.tiny();
        // The tiny model with a 4096-token context: a 4000-token answer takes seconds, time enough for Ctrl-C.
        Phi3Config longContext = new Phi3Config(t.vocabSize(), t.hidden(), t.layers(), t.heads(), t.kvHeads(),
                t.headDim(), t.intermediate(), 4096, t.ropeTheta(), t.rmsEps(), t.tiedHead(), t.weightType(), t.seed());
        startChat(dir, longContext, 4000);
        tmux("send-keys", "-t", "chat", "Hello world", "Enter");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            String screen = capture();
            int asked = screen.indexOf("> Hello world");
            if (asked >= 0 && screen.substring(asked + 13).strip().length() > 40) {
                break; // the answer is streaming
            }
            if (System.nanoTime() > deadline) {
                fail("no answer started streaming:\n" + screen);
            }
            Thread.sleep(20);
        }
        tmux("send-keys", "-t", "chat", "C-c");
        String screen = waitForCount(METRICS, 1, 30);
        assertTrue(screen.contains("[cancelled]") && screen.contains("finish cancelled"), screen);
        int generated = metrics(screen).get(0)[2];
        assertTrue(generated > 0 && generated < 4000, "stopped early: " + generated + "\n" + screen);
        tmux("send-keys", "-t", "chat", "C-c");
        waitFor("use /exit or Ctrl-D to quit", 30);
        tmux("send-keys", "-t", "chat", "/reset", "Enter");
        waitFor("(conversation cleared)", 30);
        tmux("send-keys", "-t", "chat", "/exit", "Enter");
        waitForExit();
    }

    @Test
    void twoTurnConversationInATerminal(@TempDir Path dir) throws Exception {
        startChat(dir, Phi3Config.tiny(), 6);
        String screen;
        tmux("send-keys", "-t", "chat", "Hello world", "Enter");
        screen = waitForCount(METRICS, 1, 60);
        tmux("send-keys", "-t", "chat", "Tell me more", "Enter");
        screen = waitForCount(METRICS, 2, 60);

        List<int[]> turns = metrics(screen);
        assertEquals(0, turns.get(0)[1], "the first turn has nothing cached:\n" + screen);
        assertTrue(turns.get(1)[1] > turns.get(0)[0] - 2, "the second turn reuses the first turn's prompt:\n" + screen);
        assertEquals(6, turns.get(1)[2], screen);

        tmux("send-keys", "-t", "chat", "/reset", "Enter");
        waitFor("(conversation cleared)", 30);
        tmux("send-keys", "-t", "chat", "/exit", "Enter");
        waitForExit();
    }

    static void waitForExit() throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (tmux("has-session", "-t", "chat").exitCode == 0) {
            if (System.nanoTime() > deadline) {
                fail("chat did not exit after /exit:\n" + capture());
            }
            Thread.sleep(100);
        }
    }

    static List<int[]> metrics(String screen) {
        List<int[]> turns = new ArrayList<>();
        Matcher m = METRICS.matcher(screen);
        while (m.find()) {
            turns.add(new int[]{Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))});
        }
        return turns;
    }

    static String waitFor(String text, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            String screen = capture();
            if (screen.contains(text)) {
                return screen;
            }
            if (System.nanoTime() > deadline) {
                fail("'" + text + "' did not appear in " + seconds + " s; the terminal shows:\n" + screen);
            }
            Thread.sleep(100);
        }
    }

    static String waitForCount(Pattern pattern, int count, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            String screen = capture();
            if (metrics(screen).size() >= count && screen.stripTrailing().endsWith(">")) {
                return screen;
            }
            if (System.nanoTime() > deadline) {
                fail(count + " answers did not appear in " + seconds + " s; the terminal shows:\n" + screen);
            }
            Thread.sleep(100);
        }
    }

    static String capture() throws Exception {
        return tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", "chat").output;
    }

    record Run(int exitCode, String output) {
    }

    static Run tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", SERVER));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }
}

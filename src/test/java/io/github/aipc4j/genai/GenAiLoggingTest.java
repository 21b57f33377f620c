package io.github.aipc4j.genai;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenAiLoggingTest {
    @Test
    void genaiLogMessagesReachSystemLoggerWhileEnabled() {
        List<String> messages = new ArrayList<>();
        Logger jul = Logger.getLogger("io.github.aipc4j.genai");
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (messages) {
                    messages.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.setLevel(Level.ALL);
        jul.addHandler(handler);
        try {
            GenAI.logging(true);
            GenAI.logItem("generate_next_token", true);
            GenAI.logItem("append_next_tokens", true);
            try (Model model = Model.load(TinyPhi3.FOLDER);
                 GeneratorParams params = GeneratorParams.create(model).maxLength(8).greedy();
                 Generator generator = Generator.create(model, params)) {
                generator.appendTokens(15043, 3186);
                generator.generateNextToken();
            } finally {
                GenAI.logItem("generate_next_token", false);
                GenAI.logItem("append_next_tokens", false);
                GenAI.logging(false);
            }
            int logged;
            synchronized (messages) {
                logged = messages.size();
            }
            assertTrue(logged > 0, "no GenAI log message reached System.Logger");
            try (Model model = Model.load(TinyPhi3.FOLDER)) {
                assertEquals("phi3", model.type());
            }
            synchronized (messages) {
                assertEquals(logged, messages.size(), "messages arrived after logging(false)");
            }
        } finally {
            jul.removeHandler(handler);
        }
    }
}
